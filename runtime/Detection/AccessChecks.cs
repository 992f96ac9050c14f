using System.Runtime.CompilerServices;
using RaceDetector.Runtime.Reporting;
using RaceDetector.Runtime.Shadow;
using RaceDetector.Runtime.Sync;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.Detection;

/// <summary>
/// The slow paths behind <see cref="Hooks"/>: find or create the shadow, run FastTrack under the
/// variable's gate, then report outside it. Any internal fault turns
/// detection off instead of reaching the program. The entry points are never inlined, so each hook
/// site in user code stays a compare and a call; they take the thread the fast path already loaded.
/// </summary>
internal static class AccessChecks
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Field(AccessKind kind, object target, ref VarState? slot, int site, TrackedThread? thread)
    {
        if (thread?.Fresh is { } fresh && fresh.IsCurrent(thread.Epoch))
            fresh.Touched(target, VarState.Ensure(ref slot), thread.Epoch);
        Variable(kind, ref slot, site, RaceLocation.Field(target), thread);
    }

    /// <summary>The slow path of <see cref="Hooks.Storing"/>: a fresh object stored is published with its fields.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Storing(object value, TrackedThread thread, FreshObjects fresh)
    {
        if (!DetectorRuntime.Enabled)
            return;
        try
        {
            fresh.Stored(value, thread.Slot, thread.Epoch);
        }
        catch (Exception ex)
        {
            DetectorRuntime.Fault(ex);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Static(AccessKind kind, ref VarState? slot, int site, TrackedThread? thread) =>
        Variable(kind, ref slot, site, RaceLocation.Static(), thread);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Element(AccessKind kind, Array? array, nint index, int site, TrackedThread? thread)
    {
        if (!DetectorRuntime.Enabled || array is null)
            return;
        try
        {
            thread ??= ThreadRegistry.Current;
            var shadow = ArrayShadow.For(array, thread);
            // Out of range: the real instruction throws right after; nothing was accessed.
            if ((nuint)index >= (nuint)shadow.Length)
                return;
            Check(kind, ref shadow.Writes[index], ref shadow.Reads[index], ref shadow.Meta[index], ref shadow.GateFor(index),
                new AtomicsOf(null, shadow, index), thread, site, RaceLocation.Element(array, index));
        }
        catch (Exception ex)
        {
            DetectorRuntime.Fault(ex);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static SyncClock? AtomicField(AtomicKind kind, object target, ref VarState? slot, int site) =>
        AtomicVariable(kind, ref slot, site, RaceLocation.Field(target));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static SyncClock? AtomicStatic(AtomicKind kind, ref VarState? slot, int site) =>
        AtomicVariable(kind, ref slot, site, RaceLocation.Static());

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static SyncClock? AtomicElement(AtomicKind kind, Array? array, nint index, int site)
    {
        if (!DetectorRuntime.Enabled || array is null)
            return null;
        try
        {
            var thread = ThreadRegistry.Current;
            var shadow = ArrayShadow.For(array, thread);
            if ((nuint)index >= (nuint)shadow.Length)
                return null;
            return Atomic(kind, ref shadow.Writes[index], in shadow.Meta[index], ref shadow.GateFor(index), shadow.AtomicsFor(index),
                thread, site, RaceLocation.Element(array, index));
        }
        catch (Exception ex)
        {
            DetectorRuntime.Fault(ex);
            return null;
        }
    }

    static void Variable(AccessKind kind, ref VarState? slot, int site, RaceLocation location, TrackedThread? thread)
    {
        if (!DetectorRuntime.Enabled)
            return;
        try
        {
            thread ??= ThreadRegistry.Current;
            var state = VarState.Ensure(ref slot);
            Check(kind, ref state.Write, ref state.Read, ref state.Meta, ref state.Gate, new AtomicsOf(state, null, 0), thread, site, location);
        }
        catch (Exception ex)
        {
            DetectorRuntime.Fault(ex);
        }
    }

    static SyncClock? AtomicVariable(AtomicKind kind, ref VarState? slot, int site, RaceLocation location)
    {
        if (!DetectorRuntime.Enabled)
            return null;
        try
        {
            var thread = ThreadRegistry.Current;
            var state = VarState.Ensure(ref slot);
            return Atomic(kind, ref state.Write, in state.Meta, ref state.Gate, state.EnsureAtomics(), thread, site, location);
        }
        catch (Exception ex)
        {
            DetectorRuntime.Fault(ex);
            return null;
        }
    }

    /// <summary>A variable's atomic state, looked up under its gate so plain and atomic accesses see each other.</summary>
    readonly struct AtomicsOf(VarState? variable, ArrayShadow? array, nint index)
    {
        public AtomicLocation? Get() => variable?.Atomics ?? array?.ExistingAtomicsFor(index);
    }

    static void Check(AccessKind kind, ref long write, ref long read, ref AccessMeta meta, ref int gate, AtomicsOf atomics,
        TrackedThread thread, int site, RaceLocation location)
    {
        DetectorRuntime.InjectedFaultPoint();
        thread.AccessedInEpoch = true;
        var path = thread.Calls.Snapshot();
        List<PriorAccess>? conflicts = null;
        SpinGate.Enter(ref gate);
        try
        {
            if (kind == AccessKind.Read)
                FastTrack.Read(ref write, ref read, ref meta, thread, site, path, ref conflicts);
            else
                FastTrack.Write(ref write, ref read, ref meta, thread, site, path, atomics.Get(), ref conflicts);
        }
        finally
        {
            SpinGate.Exit(ref gate);
        }
        if (conflicts is not null)
            RaceSink.Report(new CurrentAccess(kind, site, thread), conflicts, location);
    }

    /// <summary>
    /// An atomic access: checked against the last plain write and recorded for later plain writes, both
    /// under the variable's gate; then the release for writes (the acquire comes after the operation).
    /// </summary>
    static SyncClock Atomic(AtomicKind kind, ref long write, in AccessMeta meta, ref int gate, AtomicLocation atomics,
        TrackedThread thread, int site, RaceLocation location)
    {
        bool writes = kind != AtomicKind.Read;
        thread.AccessedInEpoch = true;
        var path = thread.Calls.Snapshot();
        List<PriorAccess>? conflicts = null;
        SpinGate.Enter(ref gate);
        try
        {
            FastTrack.CheckAtomic(write, in meta, thread, ref conflicts);
            atomics.Record(writes, thread, site, path);
        }
        finally
        {
            SpinGate.Exit(ref gate);
        }
        if (writes)
            atomics.Clock.Release(thread);
        if (conflicts is not null)
        {
            var current = new CurrentAccess(writes ? AccessKind.AtomicWrite : AccessKind.AtomicRead, site, thread);
            RaceSink.Report(current, conflicts, location);
        }
        return atomics.Clock;
    }
}
