using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.Sync;

/// <summary>
/// The .NET rule that a static constructor's effects are visible before any use of its type.
/// Each finished static constructor releases into one clock and bumps a generation; a thread
/// acquires that clock on its next slow-path access after the generation changed. Joining all constructors,
/// not only the used type's, over-approximates the edge: it can hide a race on a write made inside
/// some other type's static constructor, but it never reports a false one.
/// </summary>
internal static class StaticInit
{
    static readonly SyncClock s_clock = new();
    static int s_generation;

    public static int Generation => Volatile.Read(ref s_generation);

    public static void OnConstructorFinished(TrackedThread thread)
    {
        // Bump after releasing, so a thread that sees the new generation also sees the released clock.
        s_clock.Release(thread);
        Interlocked.Increment(ref s_generation);
    }

    public static void CatchUp(TrackedThread thread)
    {
        int generation = Generation;
        if (thread.StaticInitGeneration == generation)
            return;
        s_clock.Acquire(thread);
        thread.StaticInitGeneration = generation;
    }
}
