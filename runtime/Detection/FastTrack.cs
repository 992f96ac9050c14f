using RaceDetector.Runtime.Clocks;
using RaceDetector.Runtime.Shadow;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.Detection;

/// <summary>
/// The FastTrack state machine (Flanagan and Freund, PLDI 2009) on one variable. Callers hold the
/// variable's lock. Conflicting earlier accesses are appended to <c>conflicts</c>; the state is always updated.
/// Mixed accesses: an atomic access (volatile, Volatile, Interlocked) races only with a plain write.
/// A plain read of an atomically updated location reads a whole value (aligned, at most pointer
/// size) and is not reported; what it publishes is checked on its own locations.
/// </summary>
internal static class FastTrack
{
    public static void Read(ref AccessState s, TrackedThread t, int site, ref List<PriorAccess>? conflicts)
    {
        long epoch = t.Epoch;
        if (s.Read == epoch)
            return;
        if (s.Read == Epoch.Shared && s.SharedReads!.ClockOf(t.Slot) == Epoch.Clock(epoch))
            return;

        var now = t.Clock;
        if (!Epoch.HappensBefore(s.Write, now))
            Add(ref conflicts, AccessKind.Write, s.WriteSite, s.WriteContext);

        if (s.Read == Epoch.Shared)
        {
            s.SharedReads!.Record(epoch, site, t.Context);
        }
        else if (Epoch.HappensBefore(s.Read, now))
        {
            s.Read = epoch;
            s.ReadSite = site;
            s.ReadContext = t.Context;
        }
        else
        {
            var shared = new ReadSet();
            shared.Record(s.Read, s.ReadSite, s.ReadContext);
            shared.Record(epoch, site, t.Context);
            s.SharedReads = shared;
            s.Read = Epoch.Shared;
            s.ReadContext = null;
        }
    }

    public static void Write(ref AccessState s, TrackedThread t, int site, SyncClock? atomics, ref List<PriorAccess>? conflicts)
    {
        long epoch = t.Epoch;
        if (s.Write == epoch)
            return;

        var now = t.Clock;
        if (!Epoch.HappensBefore(s.Write, now))
            Add(ref conflicts, AccessKind.Write, s.WriteSite, s.WriteContext);
        if (s.Read == Epoch.Shared)
        {
            s.SharedReads!.CollectConcurrent(now, ref conflicts);
            s.SharedReads = null;
            s.Read = Epoch.None;
        }
        else if (!Epoch.HappensBefore(s.Read, now))
        {
            Add(ref conflicts, AccessKind.Read, s.ReadSite, s.ReadContext);
        }
        CheckAtomicWrite(atomics, now, ref conflicts);

        s.Write = epoch;
        s.WriteSite = site;
        s.WriteContext = t.Context;
    }

    /// <summary>
    /// Checks an atomic access against the last plain write. Atomic accesses leave the plain state
    /// alone; atomic writes are remembered in the location's <see cref="SyncClock"/> for later plain writes.
    /// </summary>
    public static void CheckAtomic(ref AccessState s, TrackedThread t, ref List<PriorAccess>? conflicts)
    {
        if (!Epoch.HappensBefore(s.Write, t.Clock))
            Add(ref conflicts, AccessKind.Write, s.WriteSite, s.WriteContext);
    }

    static void CheckAtomicWrite(SyncClock? atomics, VectorClock now, ref List<PriorAccess>? conflicts)
    {
        if (atomics is null)
            return;
        lock (atomics)
        {
            if (!Epoch.HappensBefore(atomics.LastAtomicWrite, now))
                Add(ref conflicts, AccessKind.AtomicWrite, atomics.LastAtomicWriteSite, atomics.LastAtomicWriteContext);
        }
    }

    static void Add(ref List<PriorAccess>? conflicts, AccessKind kind, int site, AccessContext? context) =>
        (conflicts ??= new()).Add(new PriorAccess(kind, site, context));
}
