using System.Diagnostics;

namespace RaceDetector.Runtime.Threads;

/// <summary>What a report says about a thread: its managed id, name, and where it was started.</summary>
internal sealed class ThreadInfo
{
    public ThreadInfo(int managedId, string? name, StackTrace? createdAt, int createdBySite)
    {
        ManagedId = managedId;
        Name = name;
        CreatedAt = createdAt;
        CreatedBySite = createdBySite;
    }

    public int ManagedId { get; }

    /// <summary>The thread's name when it first ran instrumented code; refreshed when it reports.</summary>
    public string? Name { get; set; }

    /// <summary>The managed stack of the <c>Thread.Start</c> call, when the start was instrumented.</summary>
    public StackTrace? CreatedAt { get; }

    /// <summary>The site of the instrumented <c>Thread.Start</c> call, or -1.</summary>
    public int CreatedBySite { get; }

    /// <summary>.NET gives the thread that runs <c>Main</c> managed id 1.</summary>
    public bool IsMain => ManagedId == 1;

    /// <summary>Reads like <c>thread 5 'worker-1'</c> or <c>thread 1 (main)</c>.</summary>
    public string Describe()
    {
        if (!string.IsNullOrEmpty(Name))
            return $"thread {ManagedId} '{Name}'";
        return IsMain ? $"thread {ManagedId} (main)" : $"thread {ManagedId}";
    }
}
