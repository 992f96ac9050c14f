using RaceDetector.Runtime.Calls;
using RaceDetector.Runtime.Clocks;
using RaceDetector.Runtime.Shadow;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.Detection;

/// <summary>
/// The FastTrack state machine (Flanagan and Freund, PLDI 2009) on one variable: its last write epoch,
/// its last read epoch (or <see cref="Epoch.Shared"/> while reads are concurrent) and their report data.
/// Callers hold the variable's lock, and pass the access's call path (taken before the lock, to keep it short). Conflicting earlier accesses are appended to <c>conflicts</c>; the
/// state is always updated.
/// Mixed accesses: an atomic access (volatile, Volatile, Interlocked) races only with a plain write, in
/// either order.
/// A plain read of an atomically updated location reads a whole value (aligned, at most pointer
/// size) and is not reported; what it publishes is checked on its own locations.
/// </summary>
internal static class FastTrack
{
    public static void Read(ref long write, ref long read, ref AccessMeta meta, TrackedThread t, int site, CallPath? path,
        ref List<PriorAccess>? conflicts)
    {
        long epoch = t.Epoch;
        if (read == epoch)
            return;
        if (read == Epoch.Shared && meta.SharedReads!.ClockOf(t.Slot) == Epoch.Clock(epoch))
            return;

        var now = t.Clock;
        if (!Epoch.HappensBefore(write, now))
            Add(ref conflicts, AccessKind.Write, meta.WriteSite, meta.WriteContext, meta.WritePath);

        if (read == Epoch.Shared)
        {
            meta.SharedReads!.Record(epoch, site, t.Context, path);
        }
        else if (Epoch.HappensBefore(read, now))
        {
            read = epoch;
            meta.ReadSite = site;
            meta.ReadContext = t.Context;
            meta.ReadPath = path;
        }
        else
        {
            var shared = new ReadSet();
            shared.Record(read, meta.ReadSite, meta.ReadContext, meta.ReadPath);
            shared.Record(epoch, site, t.Context, path);
            meta.SharedReads = shared;
            meta.ReadContext = null;
            meta.ReadPath = null;
            read = Epoch.Shared;
        }
    }

    public static void Write(ref long write, ref long read, ref AccessMeta meta, TrackedThread t, int site, CallPath? path,
        AtomicLocation? atomics, ref List<PriorAccess>? conflicts)
    {
        long epoch = t.Epoch;
        if (write == epoch)
            return;

        var now = t.Clock;
        if (!Epoch.HappensBefore(write, now))
            Add(ref conflicts, AccessKind.Write, meta.WriteSite, meta.WriteContext, meta.WritePath);
        if (read == Epoch.Shared)
        {
            meta.SharedReads!.CollectConcurrent(now, AccessKind.Read, ref conflicts);
            meta.SharedReads = null;
            read = Epoch.None;
        }
        else if (!Epoch.HappensBefore(read, now))
        {
            Add(ref conflicts, AccessKind.Read, meta.ReadSite, meta.ReadContext, meta.ReadPath);
        }
        atomics?.CollectConcurrent(now, ref conflicts);

        write = epoch;
        meta.WriteSite = site;
        meta.WriteContext = t.Context;
        meta.WritePath = path;
    }

    /// <summary>
    /// Checks an atomic access against the last plain write. Atomic accesses leave the plain state
    /// alone; they are remembered in the location's <see cref="AtomicLocation"/> for later plain writes.
    /// </summary>
    public static void CheckAtomic(long write, in AccessMeta meta, TrackedThread t, ref List<PriorAccess>? conflicts)
    {
        if (!Epoch.HappensBefore(write, t.Clock))
            Add(ref conflicts, AccessKind.Write, meta.WriteSite, meta.WriteContext, meta.WritePath);
    }

    /// <summary>
    /// Forgets the last write and the last (unshared) read when thread slot <paramref name="slot"/> made them, as if
    /// they were a constructor's stores: the object was published to the threads that reach it (see <c>Publication</c>).
    /// </summary>
    public static void ForgetAccessesOf(int slot, ref long write, ref long read)
    {
        if (write != Epoch.None && Epoch.Slot(write) == slot)
            write = Epoch.None;
        if (read is not (Epoch.None or Epoch.Shared) && Epoch.Slot(read) == slot)
            read = Epoch.None;
    }

    static void Add(ref List<PriorAccess>? conflicts, AccessKind kind, int site, AccessContext? context, CallPath? path) =>
        (conflicts ??= new()).Add(new PriorAccess(kind, site, context, path));
}
