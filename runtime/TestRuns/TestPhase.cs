using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.TestRuns;

/// <summary>
/// What one hooked method (of one type, in one <see cref="PhaseRole"/>) does to the serial groups: which it enters
/// (acquires) on entry, and which it publishes to when it returns.
/// </summary>
internal sealed class TestPhase(Func<IEnumerable<SerialGroup>> enters, SerialGroup[] publishes)
{
    /// <summary>A method whose order the framework does not fix: it touches no group.</summary>
    public static readonly TestPhase None = new(() => [], []);

    public void Starting(TrackedThread thread)
    {
        foreach (var group in enters())
            group.Enter(thread);
    }

    /// <summary>A synchronous method returned.</summary>
    public void Ended(TrackedThread thread)
    {
        foreach (var group in publishes)
            group.Release(thread);
    }

    /// <summary>An async method returned <paramref name="task"/>: its synchronous part is done, the rest is pending.</summary>
    public void Returned(ValueTask task, TrackedThread thread)
    {
        foreach (var group in publishes)
        {
            group.Release(thread);
            group.AddPending(task);
        }
    }
}
