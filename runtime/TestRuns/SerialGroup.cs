using RaceDetector.Runtime.Tasks;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.TestRuns;

/// <summary>
/// Tests (with their setup and teardown) that the framework runs one after another: an xunit collection, an
/// NUnit or MSTest assembly without parallelism. The runner awaits each test in framework code, which is not
/// instrumented, so the group orders them itself: a synchronous method releases into the group's clock when
/// it returns; an async one leaves its task as pending, and the next method to enter acquires the completion
/// of every pending task that has completed (the runner awaited it before going on, and completion is released
/// before the task completes), then the clock.
/// </summary>
internal sealed class SerialGroup(SerialGroup? opening)
{
    readonly SyncClock _clock = new();
    readonly List<ValueTask> _pending = new();

    /// <summary>On entry to a method of the group: everything the group finished happens before it.</summary>
    public void Enter(TrackedThread thread)
    {
        opening?.Enter(thread);
        lock (_pending)
        {
            int drained = _pending.RemoveAll(task =>
            {
                if (!HasCompleted(task))
                    return false;
                TaskClocks.AcquireCompletion(ValueTasks.SourceOf(task), thread, 0);
                return true;
            });
            _clock.Acquire(thread);
            // The clock keeps what the drained tasks did, for every later entrant.
            if (drained > 0)
                _clock.Release(thread);
        }
    }

    /// <summary>When a method of the group returns: what it did happens before the group's next method.</summary>
    public void Release(TrackedThread thread) => _clock.Release(thread);

    /// <summary>When an async method of the group returns its unfinished <paramref name="task"/>.</summary>
    public void AddPending(ValueTask task)
    {
        lock (_pending)
            _pending.Add(task);
    }

    static bool HasCompleted(ValueTask task)
    {
        try
        {
            return task.IsCompleted;
        }
        catch (InvalidOperationException)
        {
            return true; // a pooled source already recycled: the task completed long ago
        }
    }
}
