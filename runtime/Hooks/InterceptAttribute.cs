namespace RaceDetector.Runtime;

/// <summary>
/// Marks a static method that replaces calls to a framework method. The replacement takes the
/// original's arguments (the instance first, for instance methods) followed by an <c>int site</c>.
/// The instrumenter discovers replacements through this attribute, so adding one needs no instrumenter change.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class InterceptAttribute : Attribute
{
    /// <summary>Replaces calls to <paramref name="methodName"/> of the type named <paramref name="typeFullName"/>.</summary>
    public InterceptAttribute(string typeFullName, string methodName)
    {
        TypeFullName = typeFullName;
        MethodName = methodName;
    }

    /// <summary>Full name of the declaring type, with <c>/</c> before nested type names as in metadata.</summary>
    public string TypeFullName { get; }

    /// <summary>Name of the replaced method.</summary>
    public string MethodName { get; }
}
