using System.Reflection;

namespace RaceDetector.Runtime.TestRuns;

/// <summary>Test-framework attributes read by name: the runtime references no test framework.</summary>
internal static class FrameworkAttributes
{
    /// <summary>
    /// The first attribute named one of <paramref name="fullNames"/> (a generic one by its definition's name,
    /// <c>Xunit.CollectionAttribute`1</c>).
    /// </summary>
    public static CustomAttributeData? Find(IEnumerable<CustomAttributeData> attributes, params string[] fullNames) =>
        attributes.FirstOrDefault(a => fullNames.Contains(NameOf(a.AttributeType)));

    /// <summary>Like <see cref="Find"/> on <paramref name="type"/>, else on its nearest base type that has one (the attribute is inherited).</summary>
    public static CustomAttributeData? FindInherited(Type type, params string[] fullNames) =>
        Hierarchy(type).Select(t => Find(t.CustomAttributes, fullNames)).FirstOrDefault(found => found is not null);

    /// <summary><paramref name="type"/> and its base types, nearest first.</summary>
    public static IEnumerable<Type> Hierarchy(Type type)
    {
        for (Type? current = type; current is not null; current = current.BaseType)
            yield return current;
    }

    /// <summary>The value of the named argument <paramref name="name"/> (enums as their underlying integer), or null when not set.</summary>
    public static object? Named(CustomAttributeData attribute, string name) =>
        attribute.NamedArguments.Where(a => a.MemberName == name).Select(a => a.TypedValue.Value).FirstOrDefault();

    /// <summary>The types of <paramref name="assembly"/> that could be loaded.</summary>
    public static Type[] TypesOf(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.OfType<Type>().ToArray();
        }
    }

    public static string? NameOf(Type type) => type.IsGenericType ? type.GetGenericTypeDefinition().FullName : type.FullName;
}
