using System.Runtime.CompilerServices;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.Tasks;

/// <summary>
/// What completing a task (or a ValueTask's source object) publishes: a completion clock released when
/// an async method or TaskCompletionSource finishes it, the fork scope whose delegate it runs, the
/// tasks it combines (WhenAll), or a task known only once it completed (the winner of WhenAny, the inner
/// task of Unwrap). Waiting for it, <c>.Result</c> and <c>await</c> acquire all of that.
/// Held weakly, keyed by the task object.
/// </summary>
internal static class TaskClocks
{
    const int MaxDepth = 32;

    sealed class Link
    {
        public readonly SyncClock Completion = new();
        public ForkScope? Scope;
        public object[]? Parts;
        public Func<object?>? LatePart;
        public Action<object>? OnFirstObserved;
    }

    static readonly ConditionalWeakTable<object, Link> s_links = new();

    /// <summary>The task runs the work of <paramref name="scope"/>.</summary>
    public static void BindScope(object task, ForkScope scope) => s_links.GetValue(task, static _ => new Link()).Scope = scope;

    /// <summary>The task completes when <paramref name="parts"/> do (WhenAll, ContinueWhenAll).</summary>
    public static void BindParts(object task, object[] parts) => s_links.GetValue(task, static _ => new Link()).Parts = parts;

    /// <summary>
    /// The task completes after the task <paramref name="part"/> returns once the task completed: the winner
    /// of WhenAny (not the parts that finished later), the inner task of Unwrap (unknown until the outer one completed).
    /// </summary>
    public static void BindLatePart(object task, Func<object?> part) => s_links.GetValue(task, static _ => new Link()).LatePart = part;

    /// <summary>
    /// The first code to observe <paramref name="task"/>'s completion runs <paramref name="observed"/> (a
    /// SemaphoreSlim.WaitAsync task takes its permit when the awaiting code resumes).
    /// </summary>
    public static void BindObserver(object task, Action<object> observed) =>
        s_links.GetValue(task, static _ => new Link()).OnFirstObserved = observed;

    /// <summary>An async method or TaskCompletionSource is about to complete <paramref name="task"/>.</summary>
    public static void ReleaseCompletion(object task, TrackedThread thread) =>
        s_links.GetValue(task, static _ => new Link()).Completion.Release(thread);

    /// <summary>After waiting for <paramref name="task"/>: everything that completed it happens before <paramref name="thread"/>'s next action.</summary>
    public static void AcquireCompletion(object? task, TrackedThread thread, int depth)
    {
        if (task is null || depth > MaxDepth)
            return;
        if (task is Task[] tasks)
        {
            foreach (var each in tasks)
                AcquireCompletion(each, thread, depth + 1);
            return;
        }
        if (!s_links.TryGetValue(task, out var link))
            return;
        if (link.OnFirstObserved is { } observed && Interlocked.Exchange(ref link.OnFirstObserved, null) is not null)
            observed(task);
        link.Completion.Acquire(thread);
        link.Scope?.AcquireCompletion(thread, depth);
        if (link.Parts is { } parts)
            foreach (var part in parts)
                AcquireCompletion(part, thread, depth + 1);
        if (link.LatePart is { } late)
            AcquireCompletion(late(), thread, depth + 1);
    }
}
