namespace RaceDetector.Runtime;

/// <summary>
/// The shadow of one field of one object (or of one static field). The instrumenter injects a field of
/// this type next to every instrumented field, so finding a variable's state costs one field load.
/// Created on first access; opaque to instrumented code.
/// </summary>
public sealed class VarState
{
    // The two epochs the hooks' fast path compares, then the report data.
    internal long Write;
    internal long Read;
    internal Shadow.AccessMeta Meta;

    /// <summary>Guards the state on slow paths (see <see cref="Shadow.SpinGate"/>).</summary>
    internal int Gate;

    /// <summary>Present once the location is used with volatile, Volatile or Interlocked operations.</summary>
    internal Shadow.AtomicLocation? Atomics;

    internal VarState()
    {
    }

    internal static VarState Ensure(ref VarState? slot)
    {
        var state = slot;
        if (state is not null)
            return state;
        var created = new VarState();
        return Interlocked.CompareExchange(ref slot, created, null) ?? created;
    }

    internal Shadow.AtomicLocation EnsureAtomics()
    {
        var atomics = Atomics;
        if (atomics is not null)
            return atomics;
        var created = new Shadow.AtomicLocation();
        return Interlocked.CompareExchange(ref Atomics, created, null) ?? created;
    }
}
