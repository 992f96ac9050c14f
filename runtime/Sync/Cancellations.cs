using System.Runtime.CompilerServices;
using RaceDetector.Runtime.Detection;
using RaceDetector.Runtime.Tasks;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.Sync;

/// <summary>
/// Cancelling a <see cref="CancellationTokenSource"/> happens before what observes the cancellation: the
/// callbacks registered on its token, an <see cref="OperationCanceledException"/> carrying its token that
/// instrumented code catches, and a wait on its token's WaitHandle that returns. The program's request to
/// cancel (Cancel, CancelAsync, CancelAfter, the timeout constructor) releases into a signal clock keyed
/// by the source; for a timer, the request is the last thing the program orders before the cancellation.
/// A linked source is cancelled by any of its parents, so observing it also acquires theirs.
/// The callbacks end before the Cancel that ran them returns and before CancelAsync's task completes:
/// each releases, when it ends, into the source's completion in <see cref="TaskClocks"/>.
/// Polling <see cref="CancellationToken.IsCancellationRequested"/> is deliberately not modelled.
/// </summary>
internal static class Cancellations
{
    const int MaxDepth = 32;

    // A CancellationToken is a struct whose only field is its source; checked once against the running framework.
    static readonly bool s_layoutChecked = CheckLayout();

    static readonly ConditionalWeakTable<CancellationTokenSource, CancellationTokenSource[]> s_parents = new();
    static readonly ConditionalWeakTable<WaitHandle, CancellationTokenSource> s_handles = new();

    /// <summary>The source behind <paramref name="token"/>; null for <see cref="CancellationToken.None"/> or an unknown layout.</summary>
    public static CancellationTokenSource? SourceOf(CancellationToken token) =>
        s_layoutChecked ? Unsafe.As<CancellationToken, CancellationTokenSource?>(ref token) : null;

    /// <summary>Before the program asks <paramref name="source"/> to cancel, now or later.</summary>
    public static void Cancelling(CancellationTokenSource source) => Signals.Release(source);

    /// <summary>At the end of a callback registered on <paramref name="source"/>'s token.</summary>
    internal static void CallbackEnded(CancellationTokenSource source, TrackedThread callback) => TaskClocks.ReleaseCompletion(source, callback);

    /// <summary>
    /// After a Cancel that cancelled <paramref name="source"/> returned (<paramref name="wasCancelled"/> false): the
    /// callbacks it ran happen before what follows. A Cancel of a source already cancelled waits for nothing.
    /// </summary>
    public static void CallbacksRan(CancellationTokenSource source, bool wasCancelled)
    {
        if (!wasCancelled)
            TaskHooks.Acquire(source);
    }

    /// <summary>CancelAsync's task completes when the callbacks it runs have ended.</summary>
    public static Task CallbacksRunning(Task cancelling, CancellationTokenSource source)
    {
        if (DetectorRuntime.Enabled)
            Guard.Run((cancelling, source), static a => TaskClocks.BindParts(a.cancelling, [a.source]));
        return cancelling;
    }

    /// <summary>A linked source: cancelling any of <paramref name="parents"/> cancels <paramref name="linked"/>.</summary>
    public static CancellationTokenSource Linked(CancellationTokenSource linked, ReadOnlySpan<CancellationToken> parents)
    {
        if (!DetectorRuntime.Enabled)
            return linked;
        var sources = new List<CancellationTokenSource>(parents.Length);
        foreach (var parent in parents)
            if (SourceOf(parent) is { } source)
                sources.Add(source);
        Guard.Run((linked, sources), static a => s_parents.AddOrUpdate(a.linked, a.sources.ToArray()));
        return linked;
    }

    /// <summary>The WaitHandle of <paramref name="token"/>: a wait on it that returns observes the cancellation.</summary>
    public static WaitHandle HandleOf(CancellationToken token, WaitHandle handle)
    {
        if (SourceOf(token) is { } source && DetectorRuntime.Enabled)
            Guard.Run((handle, source), static a => s_handles.AddOrUpdate(a.handle, a.source));
        return handle;
    }

    /// <summary>After a wait on <paramref name="handle"/> returned signalled.</summary>
    public static void HandleWaited(WaitHandle handle)
    {
        if (s_handles.TryGetValue(handle, out var source))
            Observed(source);
    }

    /// <summary>When instrumented code catches <paramref name="exception"/>: a cancellation it reports was observed.</summary>
    public static void Caught(object exception)
    {
        if (exception is OperationCanceledException canceled)
            Observed(SourceOf(canceled.CancellationToken));
        else if (exception is AggregateException aggregate)
            foreach (var inner in aggregate.InnerExceptions)
                if (inner is OperationCanceledException innerCanceled)
                    Observed(SourceOf(innerCanceled.CancellationToken));
    }

    /// <summary>After the cancellation of <paramref name="source"/> was observed.</summary>
    public static void Observed(CancellationTokenSource? source)
    {
        if (source is null || !DetectorRuntime.Enabled)
            return;
        Guard.Run(source, static s => Acquire(s, ThreadRegistry.Current, 0));
    }

    /// <summary>Makes <paramref name="thread"/> ordered after the requests to cancel <paramref name="source"/> or its parents.</summary>
    internal static void Acquire(CancellationTokenSource source, TrackedThread thread, int depth)
    {
        if (depth > MaxDepth)
            return;
        Signals.ClockOf(source).Acquire(thread);
        if (s_parents.TryGetValue(source, out var parents))
            foreach (var parent in parents)
                Acquire(parent, thread, depth + 1);
    }

    static bool CheckLayout()
    {
        using var source = new CancellationTokenSource();
        var token = source.Token;
        return Unsafe.SizeOf<CancellationToken>() == IntPtr.Size
            && ReferenceEquals(Unsafe.As<CancellationToken, object?>(ref token), source);
    }
}
