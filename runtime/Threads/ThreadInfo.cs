using System.Diagnostics;

namespace RaceDetector.Runtime.Threads;

/// <summary>
/// What a report says about a thread of execution: an OS thread, or a logical thread (a task body, work
/// item, parallel iteration, timer callback or async continuation) running on one. Logical threads get
/// their own clocks, so unrelated work that happens to share a pool thread is not ordered by it.
/// </summary>
internal sealed class ThreadInfo
{
    static int s_nextLogicalId;

    /// <summary>An OS thread.</summary>
    public ThreadInfo(int managedId, string? name, StackTrace? createdAt, int createdBySite)
    {
        ManagedId = managedId;
        Name = name;
        CreatedAt = createdAt;
        CreatedBySite = createdBySite;
        Kind = "thread";
    }

    /// <summary>
    /// A logical thread of <paramref name="kind"/>, forked at <paramref name="createdBySite"/>, inside the calls
    /// <paramref name="createdInside"/>, by <paramref name="parent"/>.
    /// </summary>
    public ThreadInfo(string kind, int createdBySite, Calls.CallPath? createdInside, ThreadInfo? parent)
    {
        var thread = Thread.CurrentThread;
        ManagedId = thread.ManagedThreadId;
        Name = thread.Name;
        Kind = kind;
        CreatedBySite = createdBySite;
        CreatedInside = createdInside;
        Parent = parent;
        LogicalId = Interlocked.Increment(ref s_nextLogicalId);
    }

    public int ManagedId { get; }

    /// <summary>The OS thread's name when it first ran instrumented code; refreshed when it reports.</summary>
    public string? Name { get; set; }

    /// <summary>"thread" for an OS thread; "task", "work item", "continuation", "parallel body", "parallel source", "timer callback", "progress handler", "query body", "dataflow block" or "async" otherwise.</summary>
    public string Kind { get; }

    /// <summary>Numbers logical threads from 1; 0 for OS threads.</summary>
    public int LogicalId { get; }

    public bool IsLogical => LogicalId != 0;

    /// <summary>The thread of execution that forked this one, for logical threads.</summary>
    public ThreadInfo? Parent { get; }

    /// <summary>The managed stack of the <c>Thread.Start</c> call, when the start was instrumented.</summary>
    public StackTrace? CreatedAt { get; }

    /// <summary>The site of the instrumented call that created it (Thread.Start, Task.Run, ...), or -1.</summary>
    public int CreatedBySite { get; }

    /// <summary>The instrumented calls the forking call was made inside of, for logical threads.</summary>
    public Calls.CallPath? CreatedInside { get; }

    /// <summary>.NET gives the thread that runs <c>Main</c> managed id 1.</summary>
    public bool IsMain => ManagedId == 1 && !IsLogical;

    /// <summary>Reads like <c>thread 5 'worker-1'</c>, <c>thread 1 (main)</c> or <c>task #3 on thread 7</c>.</summary>
    public string Describe()
    {
        string thread = !string.IsNullOrEmpty(Name) ? $"thread {ManagedId} '{Name}'"
            : ManagedId == 1 ? $"thread {ManagedId} (main)"
            : $"thread {ManagedId}";
        return IsLogical ? $"{Kind} #{LogicalId} on {thread}" : thread;
    }
}
