using Mono.Cecil;

namespace RaceDetector.Instrumenter.Il;

/// <summary>What an atomic framework call does to the locations it takes by <c>ref</c>.</summary>
internal enum AtomicKind
{
    Acquire = 0,
    Release = 1,
    Update = 2,
}

/// <summary>
/// The framework methods that access their <c>ref</c> arguments atomically: <c>Volatile.Read/Write</c>,
/// <c>Thread.VolatileRead/Write</c>, every <c>Interlocked</c> method, and <c>LazyInitializer.EnsureInitialized</c> and
/// every <c>ImmutableInterlocked</c> method (which read and publish their locations with Volatile and Interlocked
/// internally).
/// </summary>
internal static class AtomicMethods
{
    /// <summary>The kind of atomic access <paramref name="method"/> makes, or null for calls that touch no location.</summary>
    public static AtomicKind? KindOf(MethodReference method)
    {
        if (method.Parameters.Count == 0 || !method.Parameters[0].ParameterType.StripModifiers().IsByReference)
            return null;
        return (method.DeclaringType.FullName, method.Name) switch
        {
            ("System.Threading.Interlocked", "Read") => AtomicKind.Acquire,
            ("System.Threading.Interlocked", _) => AtomicKind.Update,
            ("System.Threading.Volatile", "Read") => AtomicKind.Acquire,
            ("System.Threading.Volatile", "Write") => AtomicKind.Release,
            ("System.Threading.Thread", "VolatileRead") => AtomicKind.Acquire,
            ("System.Threading.Thread", "VolatileWrite") => AtomicKind.Release,
            ("System.Threading.LazyInitializer", "EnsureInitialized") => AtomicKind.Update,
            ("System.Collections.Immutable.ImmutableInterlocked", _) => AtomicKind.Update,
            _ => null,
        };
    }
}
