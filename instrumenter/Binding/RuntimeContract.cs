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
    const string InterceptAttribute = "RaceDetector.Runtime.InterceptAttribute";

    RuntimeContract(string path, Version version, IReadOnlyList<Intercept> intercepts)
    {
        Path = path;
        Version = version;
        Intercepts = intercepts;
    }

    /// <summary>The runtime DLL that instrumented programs load.</summary>
    public string Path { get; }

    public Version Version { get; }

    public IReadOnlyList<Intercept> Intercepts { get; }

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
        return new RuntimeContract(path, module.Assembly.Name.Version, intercepts);
    }

    /// <summary>The replacement for <paramref name="callee"/>, matched by declaring type, name and parameter types.</summary>
    public MethodDefinition? ReplacementFor(MethodReference callee)
    {
        string typeName = callee.DeclaringType.GetElementType().FullName;
        foreach (var intercept in Intercepts)
        {
            if (intercept.MethodName != callee.Name || intercept.TypeFullName != typeName)
                continue;
            if (ParametersMatch(intercept.Replacement, callee))
                return intercept.Replacement;
        }
        return null;
    }

    static bool ParametersMatch(MethodDefinition replacement, MethodReference callee) =>
        replacement.GenericParameters.Count == ReplacementSignature.Arity(callee)
        && ReplacementSignature.ActualKeys(replacement).SequenceEqual(ReplacementSignature.ExpectedKeys(callee));
}
