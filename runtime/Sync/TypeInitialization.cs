using RaceDetector.Runtime.Clocks;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.Sync;

/// <summary>
/// The .NET rule that a type's static constructor happens before every use of the type. The constructor's
/// end releases into one of these, which the instrumenter keeps in a static field of the type; every access
/// to the type's static fields first acquires it. Reaching anything the constructor built goes through those
/// fields, so objects it created and filled are ordered too, while threads that never use the type learn
/// nothing from it.
/// </summary>
internal sealed class TypeInitialization
{
    readonly SyncClock _clock = new();

    // The constructor's last epoch: a thread whose clock covers it has everything the release carries.
    readonly long _epoch;

    TypeInitialization(TrackedThread thread)
    {
        _epoch = thread.Epoch;
        _clock.Release(thread);
    }

    /// <summary>At the end of a static constructor, on the thread that ran it.</summary>
    public static TypeInitialization Finished(TrackedThread thread) => new(thread);

    /// <summary>Before a use of the type: acquires the constructor's release once per thread.</summary>
    public void AcquireBy(TrackedThread thread)
    {
        if (!Epoch.HappensBefore(_epoch, thread.Clock))
            _clock.Acquire(thread);
    }
}
