using System.ComponentModel;
using System.Runtime.CompilerServices;
using RaceDetector.Runtime.Detection;
using RaceDetector.Runtime.Tasks;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime;

/// <summary>
/// Hooks around work handed to the framework and around async methods. Part of the ABI with
/// instrumented code, like <see cref="Hooks"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TaskHooks
{
    static readonly ConditionalWeakTable<object, ForkScope> s_boundScopes = new();

    /// <summary>
    /// Before a call that hands delegates to the framework (<see cref="ForkKind"/>): everything so far
    /// happens before the delegates run. Returns null when detection is off (the delegates then run unwrapped).
    /// </summary>
    public static ForkScope? BeginFork(int kind, int site, object? antecedent)
    {
        if (!DetectorRuntime.Enabled)
            return null;
        try
        {
            var thread = ThreadRegistry.Current;
            switch ((ForkKind)kind)
            {
                case ForkKind.Query:
                    var query = new ForkScope(ForkKind.Query, site, thread, null);
                    ParallelQueries.Called(query, antecedent, thread); // the antecedent is the operator's source query
                    return query;
                case ForkKind.Dataflow:
                    var block = new ForkScope(ForkKind.Dataflow, site, thread, null);
                    DataflowBlocks.Created(block, antecedent); // the antecedent is the block's last constructor argument
                    return block;
                default:
                    return new ForkScope((ForkKind)kind, site, thread, antecedent);
            }
        }
        catch (Exception ex)
        {
            DetectorRuntime.Fault(ex);
            return null;
        }
    }

    /// <summary>
    /// After the call returned <paramref name="result"/> (the task that runs the work, or the timer that
    /// calls it): waiting for that task acquires the work, and changing that timer re-forks it.
    /// </summary>
    public static void ForkResult(object? result, ForkScope? scope)
    {
        if (scope is null || result is null)
            return;
        Guard.Run((result, scope), static a =>
        {
            if (a.result is Task task)
                TaskClocks.BindScope(task, a.scope);
            if (a.scope.Kind is ForkKind.Timer or ForkKind.Progress or ForkKind.DeferredTask or ForkKind.Dataflow)
                s_boundScopes.AddOrUpdate(a.result, a.scope);
            if (a.scope.Kind is ForkKind.Dataflow)
                DataflowBlocks.Bound(a.scope, a.result);
            else if (a.scope.Kind is ForkKind.Query)
                ParallelQueries.Returned(a.scope, a.result);
        });
    }

    /// <summary>
    /// After the call returned: Parallel loops finished every invocation, and so did the queries a terminal PLINQ
    /// operator ran, so all of them happen before what follows.
    /// </summary>
    public static void ForkReturned(ForkScope? scope)
    {
        if (scope is null || !DetectorRuntime.Enabled)
            return;
        if (scope.Kind is ForkKind.Parallel)
            Guard.Run(scope, static s => s.AcquireCompletion(ThreadRegistry.Current, 0));
        else if (scope.Kind is ForkKind.Query)
            Guard.Run(scope, static s => ParallelQueries.Finished(s, ThreadRegistry.Current));
    }

    /// <summary>The scope of the work bound to <paramref name="owner"/> (a timer), if any.</summary>
    internal static ForkScope? BoundScope(object owner) => s_boundScopes.TryGetValue(owner, out var scope) ? scope : null;

    /// <summary>The work bound to <paramref name="owner"/> (a timer being changed, a task being started) now starts after the current point.</summary>
    internal static void Refork(object owner)
    {
        if (!DetectorRuntime.Enabled)
            return;
        Guard.Run(owner, static o =>
        {
            if (s_boundScopes.TryGetValue(o, out var scope))
                scope.Refork(ThreadRegistry.Current);
        });
    }

    /// <summary>After waiting for <paramref name="task"/> (or a Task[]): its work happens before what follows.</summary>
    internal static void Acquire(object? task)
    {
        if (task is null || !DetectorRuntime.Enabled)
            return;
        Guard.Run(task, static t => TaskClocks.AcquireCompletion(t, ThreadRegistry.Current, 0));
    }

    /// <summary>
    /// At an await that suspends an async method (before <c>AwaitUnsafeOnCompleted</c>): returns the resume
    /// point the instrumenter stores in the state machine, so the continuation starts from here.
    /// </summary>
    public static object? AsyncSuspend() => BeginFork((int)ForkKind.Async, -1, null);

    /// <summary>
    /// On entry to an async state machine's MoveNext: when it resumes after an await, the stored resume
    /// point (cleared here) starts a logical thread for this segment, returned as the token for <see cref="AsyncSegmentEnd"/>.
    /// </summary>
    public static object? AsyncResume(ref object? resumePoint)
    {
        if (resumePoint is not ForkScope scope)
            return null;
        resumePoint = null;
        if (!DetectorRuntime.Enabled)
            return null;
        try
        {
            scope.EnterOnce();
            return scope;
        }
        catch (Exception ex)
        {
            DetectorRuntime.Fault(ex);
            return null;
        }
    }

    /// <summary>When MoveNext returns: ends the segment <see cref="AsyncResume"/> started, if any.</summary>
    public static void AsyncSegmentEnd(object? token)
    {
        if (token is ForkScope scope)
            Guard.Run(scope, static s => s.ExitOnce());
    }

    /// <summary>Before an async method's builder completes <paramref name="task"/> (SetResult, SetException).</summary>
    public static void AsyncCompleting(object? task)
    {
        if (task is null || !DetectorRuntime.Enabled)
            return;
        Guard.Run(task, static t => TaskClocks.ReleaseCompletion(t, ThreadRegistry.Current));
    }

    /// <summary>
    /// After an async iterator's MoveNextAsync/DisposeAsync read a promise that was already complete:
    /// the iterator's work up to that point happens before the consumer's next action.
    /// </summary>
    public static void AsyncObserved(object? iterator) => Acquire(iterator);

    /// <summary><see cref="AsyncCompleting"/> for builders whose task is a ValueTask.</summary>
    public static void AsyncCompletingValueTask(ValueTask task) => AsyncCompleting(ValueTasks.SourceOf(task));

    /// <summary><see cref="AsyncCompleting"/> for builders whose task is a ValueTask&lt;T&gt;.</summary>
    public static void AsyncCompletingValueTask<T>(ValueTask<T> task) => AsyncCompleting(ValueTasks.SourceOf(task));
}
