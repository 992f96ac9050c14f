using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;

namespace RaceDetector.Runtime.Tasks;

/// <summary>
/// Wraps a delegate handed to a framework API (Task.Run, ContinueWith, Parallel.For, a timer...) so each
/// invocation runs as a logical thread of its <see cref="ForkScope"/>, and the other work the API runs
/// for it: a Parallel loop's source (enumerated in <see cref="SourceSteps{T}"/>) and thread-pool work
/// items. The instrumenter picks the overload whose first parameter has the argument's type; arguments of
/// other types are left unwrapped. A null argument or scope gives the argument back unchanged.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[StackTraceHidden]
public static class ForkWrappers
{
    /// <summary>Wraps an <see cref="Action"/>.</summary>
    public static Action? Wrap(Action? body, ForkScope? scope) =>
        body is null || scope is null ? body : [StackTraceHidden] () =>
        {
            var run = scope.Begin();
            try { body(); }
            finally { scope.End(run); }
        };

    /// <summary>Wraps every action of Parallel.Invoke.</summary>
    public static Action[]? Wrap(Action[]? bodies, ForkScope? scope) =>
        bodies is null || scope is null ? bodies : Array.ConvertAll(bodies, body => Wrap(body, scope)!);

    /// <summary>Wraps an <see cref="Action{T}"/>.</summary>
    public static Action<T1>? Wrap<T1>(Action<T1>? body, ForkScope? scope) =>
        body is null || scope is null ? body : [StackTraceHidden] (a1) =>
        {
            var run = scope.Begin(a1);
            try { body(a1); }
            finally { scope.End(run); }
        };

    /// <summary>Wraps an <see cref="Action{T1, T2}"/>.</summary>
    public static Action<T1, T2>? Wrap<T1, T2>(Action<T1, T2>? body, ForkScope? scope) =>
        body is null || scope is null ? body : [StackTraceHidden] (a1, a2) =>
        {
            var run = scope.Begin(a1);
            try { body(a1, a2); }
            finally { scope.End(run); }
        };

    /// <summary>Wraps an <see cref="Action{T1, T2, T3}"/>.</summary>
    public static Action<T1, T2, T3>? Wrap<T1, T2, T3>(Action<T1, T2, T3>? body, ForkScope? scope) =>
        body is null || scope is null ? body : [StackTraceHidden] (a1, a2, a3) =>
        {
            var run = scope.Begin(a1);
            try { body(a1, a2, a3); }
            finally { scope.End(run); }
        };

    /// <summary>Wraps a <see cref="Func{TResult}"/>; a returned task is awaited as part of the work.</summary>
    public static Func<TResult>? Wrap<TResult>(Func<TResult>? body, ForkScope? scope) =>
        body is null || scope is null ? body : [StackTraceHidden] () =>
        {
            var run = scope.Begin();
            try { return scope.Returned(body()); }
            finally { scope.End(run); }
        };

    /// <summary>Wraps a <see cref="Func{T, TResult}"/>.</summary>
    public static Func<T1, TResult>? Wrap<T1, TResult>(Func<T1, TResult>? body, ForkScope? scope) =>
        body is null || scope is null ? body : [StackTraceHidden] (a1) =>
        {
            var run = scope.Begin(a1);
            try { return scope.Returned(body(a1)); }
            finally { scope.End(run); }
        };

    /// <summary>Wraps a <see cref="Func{T1, T2, TResult}"/>.</summary>
    public static Func<T1, T2, TResult>? Wrap<T1, T2, TResult>(Func<T1, T2, TResult>? body, ForkScope? scope) =>
        body is null || scope is null ? body : [StackTraceHidden] (a1, a2) =>
        {
            var run = scope.Begin(a1);
            try { return scope.Returned(body(a1, a2)); }
            finally { scope.End(run); }
        };

    /// <summary>Wraps a <see cref="Func{T1, T2, T3, TResult}"/>.</summary>
    public static Func<T1, T2, T3, TResult>? Wrap<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult>? body, ForkScope? scope) =>
        body is null || scope is null ? body : [StackTraceHidden] (a1, a2, a3) =>
        {
            var run = scope.Begin(a1);
            try { return scope.Returned(body(a1, a2, a3)); }
            finally { scope.End(run); }
        };

    /// <summary>Wraps a <see cref="Func{T1, T2, T3, T4, TResult}"/>.</summary>
    public static Func<T1, T2, T3, T4, TResult>? Wrap<T1, T2, T3, T4, TResult>(Func<T1, T2, T3, T4, TResult>? body, ForkScope? scope) =>
        body is null || scope is null ? body : [StackTraceHidden] (a1, a2, a3, a4) =>
        {
            var run = scope.Begin(a1);
            try { return scope.Returned(body(a1, a2, a3, a4)); }
            finally { scope.End(run); }
        };

    /// <summary>Wraps a <see cref="Func{T1, T2, T3, T4, T5, TResult}"/>.</summary>
    public static Func<T1, T2, T3, T4, T5, TResult>? Wrap<T1, T2, T3, T4, T5, TResult>(Func<T1, T2, T3, T4, T5, TResult>? body, ForkScope? scope) =>
        body is null || scope is null ? body : [StackTraceHidden] (a1, a2, a3, a4, a5) =>
        {
            var run = scope.Begin(a1);
            try { return scope.Returned(body(a1, a2, a3, a4, a5)); }
            finally { scope.End(run); }
        };

    /// <summary>Wraps a <see cref="WaitCallback"/>.</summary>
    public static WaitCallback? Wrap(WaitCallback? body, ForkScope? scope) =>
        body is null || scope is null ? body : [StackTraceHidden] (state) =>
        {
            var run = scope.Begin();
            try { body(state); }
            finally { scope.End(run); }
        };

    /// <summary>Wraps a <see cref="SendOrPostCallback"/>.</summary>
    public static SendOrPostCallback? Wrap(SendOrPostCallback? body, ForkScope? scope) =>
        body is null || scope is null ? body : [StackTraceHidden] (state) =>
        {
            var run = scope.Begin();
            try { body(state); }
            finally { scope.End(run); }
        };

    /// <summary>Wraps a <see cref="TimerCallback"/>.</summary>
    public static TimerCallback? Wrap(TimerCallback? body, ForkScope? scope) =>
        body is null || scope is null ? body : [StackTraceHidden] (state) =>
        {
            var run = scope.Begin();
            try { body(state); }
            finally { scope.End(run); }
        };

    /// <summary>Wraps a <see cref="WaitOrTimerCallback"/>.</summary>
    public static WaitOrTimerCallback? Wrap(WaitOrTimerCallback? body, ForkScope? scope) =>
        body is null || scope is null ? body : [StackTraceHidden] (state, timedOut) =>
        {
            var run = scope.Begin();
            try { body(state, timedOut); }
            finally { scope.End(run); }
        };

    /// <summary>Wraps a <see cref="System.Timers.ElapsedEventHandler"/>.</summary>
    public static System.Timers.ElapsedEventHandler? Wrap(System.Timers.ElapsedEventHandler? body, ForkScope? scope) =>
        body is null || scope is null ? body : [StackTraceHidden] (sender, args) =>
        {
            var run = scope.Begin();
            try { body(sender, args); }
            finally { scope.End(run); }
        };

    /// <summary>Wraps an <see cref="IThreadPoolWorkItem"/>; a task is left for the framework to refuse as it does.</summary>
    public static IThreadPoolWorkItem? Wrap(IThreadPoolWorkItem? workItem, ForkScope? scope) =>
        workItem is null or Task || scope is null ? workItem : new ForkedWorkItem(workItem, scope);

    /// <summary>
    /// Wraps the source of Parallel.ForEach/ForEachAsync. Lists are left alone: the framework indexes them
    /// itself (Parallel.ForEach takes its array and list fast paths on them) and runs no enumerator.
    /// </summary>
    public static IEnumerable<T>? Wrap<T>(IEnumerable<T>? source, ForkScope? scope) =>
        source is null or IList<T> || scope is null ? source
            : new ForkedEnumerable<T, T>(source, SourceSteps<T>.Of(scope), SourceSteps<T>.ItemItself);

    /// <summary>Wraps the async source of Parallel.ForEachAsync.</summary>
    public static IAsyncEnumerable<T>? Wrap<T>(IAsyncEnumerable<T>? source, ForkScope? scope) =>
        source is null || scope is null ? source : new ForkedAsyncEnumerable<T>(source, SourceSteps<T>.Of(scope));

    /// <summary>Wraps the partitioner of Parallel.ForEach, keeping an orderable one orderable.</summary>
    public static Partitioner<T>? Wrap<T>(Partitioner<T>? source, ForkScope? scope) => source switch
    {
        null => null,
        _ when scope is null => source,
        OrderablePartitioner<T> orderable => Wrap(orderable, scope),
        _ => new ForkedPartitioner<T>(source, SourceSteps<T>.Of(scope)),
    };

    /// <summary>Wraps the orderable partitioner of Parallel.ForEach.</summary>
    public static OrderablePartitioner<T>? Wrap<T>(OrderablePartitioner<T>? source, ForkScope? scope) =>
        source is null || scope is null ? source : new ForkedOrderablePartitioner<T>(source, SourceSteps<T>.Of(scope));
}
