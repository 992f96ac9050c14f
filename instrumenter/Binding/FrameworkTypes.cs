using Mono.Cecil;

namespace RaceDetector.Instrumenter.Binding;

/// <summary>
/// Whether a referenced type comes from the framework (or Microsoft's out-of-band System.* and Microsoft.*
/// packages) rather than from the program. Libraries carry their own copies of new framework types
/// (polyfills of <c>System.Threading.Lock</c>, say) under the framework's names; those are user code and
/// must never be bound to the runtime's replacements of the framework type.
/// </summary>
internal static class FrameworkTypes
{
    /// <summary>True when <paramref name="type"/> (nested types through their outer type) is referenced from a framework assembly.</summary>
    public static bool Contains(TypeReference type) =>
        type.GetElementType().Scope is AssemblyNameReference assembly && IsFrameworkName(assembly.Name);

    static bool IsFrameworkName(string name) =>
        name is "mscorlib" or "netstandard" or "System"
        || name.StartsWith("System.", StringComparison.Ordinal)
        || name.StartsWith("Microsoft.", StringComparison.Ordinal);
}
