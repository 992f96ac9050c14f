using RaceDetector.Runtime.Clocks;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime;

/// <summary>
/// The clock of a synchronization object: a lock, a volatile or Interlocked location, a thread-start point.
/// Instrumented code only carries it between the "before" and "after" hooks of an atomic operation; it is opaque there.
/// </summary>
public sealed class SyncClock
{
    readonly VectorClock _clock = new();

    // The last atomic write to the location this clock guards, so later plain accesses can be checked against it.
    internal long LastAtomicWrite;
    internal int LastAtomicWriteSite;
    internal AccessContext? LastAtomicWriteContext;

    internal SyncClock()
    {
    }

    /// <summary>Release: the clock absorbs the thread's clock, then the thread starts a new epoch.</summary>
    internal void Release(TrackedThread thread)
    {
        lock (this)
            _clock.JoinWith(thread.Clock);
        thread.Tick();
    }

    /// <summary>Acquire: the thread's clock absorbs this clock.</summary>
    internal void Acquire(TrackedThread thread)
    {
        lock (this)
            thread.Clock.JoinWith(_clock);
        thread.RefreshEpoch();
    }

    /// <summary>Records an atomic write, for checking later plain accesses (mixed-access races).</summary>
    internal void RecordAtomicWrite(TrackedThread thread, int site)
    {
        lock (this)
        {
            LastAtomicWrite = thread.Epoch;
            LastAtomicWriteSite = site;
            LastAtomicWriteContext = thread.Context;
        }
    }
}
