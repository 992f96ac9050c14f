using Mono.Cecil;

namespace RaceDetector.Instrumenter.Binding;

/// <summary>A framework method the runtime replaces, and the runtime method that replaces it.</summary>
internal sealed record Intercept(string TypeFullName, string MethodName, MethodDefinition Replacement);

/// <summary>
/// What the instrumenter needs to know about one build of RaceDetector.Runtime.dll: its identity and
/// the call replacements it declares with <c>[Intercept]</c>. Read with Cecil, never loaded.
/// </summary>
internal sealed class RuntimeContract
{
    public const string AssemblyName = "RaceDetector.Runtime";
    public const string Namespace = "RaceDetector.Runtime";

    /// <summary>The options file the runtime reads from its own folder when RACEDETECTOR_OPTIONS is not set.</summary>
    public const string OptionsFileName = "RaceDetector.Runtime.options";
    const string InterceptAttribute = "RaceDetector.Runtime.InterceptAttribute";

    const string ForkWrappersType = "RaceDetector.Runtime.Tasks.ForkWrappers";
    const string PublishingWrappersType = "RaceDetector.Runtime.PublishingWrappers";

    RuntimeContract(string path, Version version, IReadOnlyList<Intercept> intercepts, IReadOnlyList<MethodDefinition> forkWrappers,
        IReadOnlyList<MethodDefinition> publishingWrappers)
    {
        Path = path;
        Version = version;
        Intercepts = intercepts;
        ForkWrappers = forkWrappers;
        PublishingWrappers = publishingWrappers;
    }

    /// <summary>The runtime DLL that instrumented programs load.</summary>
    public string Path { get; }

    public Version Version { get; }

    public IReadOnlyList<Intercept> Intercepts { get; }

    /// <summary>The <c>ForkWrappers.Wrap</c> overloads, one per supported delegate type.</summary>
    public IReadOnlyList<MethodDefinition> ForkWrappers { get; }

    /// <summary>The <c>PublishingWrappers.Wrap</c> overloads, one per supported delegate type.</summary>
    public IReadOnlyList<MethodDefinition> PublishingWrappers { get; }

    public static RuntimeContract Load(string path)
    {
        using var module = ModuleDefinition.ReadModule(path, new ReaderParameters { ReadingMode = ReadingMode.Immediate, InMemory = true });
        var intercepts = new List<Intercept>();
        foreach (var type in module.Types)
        {
            foreach (var method in type.Methods)
            {
                foreach (var attribute in method.CustomAttributes.Where(a => a.AttributeType.FullName == InterceptAttribute))
                    intercepts.Add(new Intercept((string)attribute.ConstructorArguments[0].Value, (string)attribute.ConstructorArguments[1].Value, method));
            }
        }
        return new RuntimeContract(path, module.Assembly.Name.Version, intercepts, Wrappers(module, ForkWrappersType),
            Wrappers(module, PublishingWrappersType));
    }

    static List<MethodDefinition> Wrappers(ModuleDefinition module, string type) =>
        module.GetType(type)?.Methods.Where(m => m.Name == "Wrap").ToList() ?? [];

    /// <summary>Type of the extra argument of replacements keyed by the location of a struct receiver (SpinLock).</summary>
    public const string LocationKey = "System.Object";

    /// <summary>
    /// The replacement for <paramref name="callee"/> of a framework type, matched by declaring type, name and parameter types;
    /// with <paramref name="keyed"/>, one that also takes the receiver's location key.
    /// </summary>
    public MethodDefinition? ReplacementFor(MethodReference callee, bool keyed = false)
    {
        if (!FrameworkTypes.Contains(callee.DeclaringType))
            return null;
        string typeName = callee.DeclaringType.GetElementType().FullName;
        foreach (var intercept in Intercepts)
        {
            if (intercept.MethodName != callee.Name || intercept.TypeFullName != typeName)
                continue;
            if (ParametersMatch(intercept.Replacement, callee, keyed ? LocationKey : null))
                return intercept.Replacement;
        }
        return null;
    }

    /// <summary>The wrapper among <paramref name="wrappers"/> for delegates of <paramref name="delegateType"/>, matched on its open type.</summary>
    public static MethodDefinition? WrapperFor(IReadOnlyList<MethodDefinition> wrappers, TypeReference delegateType)
    {
        string open = OpenName(delegateType);
        return wrappers.FirstOrDefault(w => OpenName(w.Parameters[0].ParameterType) == open);
    }

    /// <summary><c>System.Func`1</c> for any Func&lt;T&gt;; the full name (<c>System.Action[]</c>) otherwise.</summary>
    static string OpenName(TypeReference type) =>
        type is GenericInstanceType generic ? generic.ElementType.FullName : type.FullName;

    static bool ParametersMatch(MethodDefinition replacement, MethodReference callee, string? keyParameter) =>
        replacement.GenericParameters.Count == ReplacementSignature.Arity(callee)
        && ReplacementSignature.ActualKeys(replacement).SequenceEqual(ReplacementSignature.ExpectedKeys(callee, keyParameter));
}
