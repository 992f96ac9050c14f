using RaceDetector.Runtime.Clocks;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime;

/// <summary>
/// The clock of a synchronization object: a lock, an event, a volatile or Interlocked location.
/// Instrumented code only carries it between the "before" and "after" hooks of an atomic operation; it is opaque there.
/// </summary>
public sealed class SyncClock
{
    readonly VectorClock _clock = new();

    // The thread that last released this clock as a lock; it needs no acquire to take the lock again.
    TrackedThread? _lastReleaser;

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

    /// <summary>Release by a thread that is about to end: no new epoch needed.</summary>
    internal void ReleaseFinal(TrackedThread thread)
    {
        lock (this)
            _clock.JoinWith(thread.Clock);
    }

    /// <summary>Acquire: the thread's clock absorbs this clock.</summary>
    internal void Acquire(TrackedThread thread)
    {
        lock (this)
            thread.Clock.JoinWith(_clock);
        thread.RefreshEpoch();
    }

    /// <summary>
    /// Lock release. The program's own lock serializes every acquire and release of a lock clock,
    /// so no internal lock is needed.
    /// </summary>
    internal void ReleaseExclusive(TrackedThread thread)
    {
        _clock.JoinWith(thread.Clock);
        _lastReleaser = thread;
        thread.Tick();
    }

    /// <summary>Lock acquire; free when the same thread released the lock last (its clock already covers this one).</summary>
    internal void AcquireExclusive(TrackedThread thread)
    {
        if (ReferenceEquals(_lastReleaser, thread))
            return;
        thread.Clock.JoinWith(_clock);
        thread.RefreshEpoch();
    }
}
