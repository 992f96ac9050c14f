using Mono.Cecil;
using Mono.Cecil.Cil;

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

    /// <summary>
    /// The instruction that takes the address the by-ref operand <paramref name="operand"/> of an atomic call works on,
    /// after walking up struct field chains (<c>Interlocked.Increment(ref this.stats.Count)</c>) to what holds the
    /// struct: a <c>ldflda</c>, <c>ldsflda</c> or <c>ldelema</c> to name the location by, or anything else (a
    /// <c>ref</c> parameter, a local). Null when the address has several producers or other uses.
    /// </summary>
    public static Instruction? LocationOf(StackFlow flow, Instruction call, int operand)
    {
        var address = flow.SingleProducer(call, operand);
        while (address is { OpCode.Code: Code.Ldflda } && ((FieldReference)address.Operand).DeclaringType.IsValueType
               && flow.Consumers(address).Count == 1)
            address = flow.SingleProducer(address, 0);
        return address is not null && flow.Consumers(address).Count == 1 ? address : null;
    }
}
