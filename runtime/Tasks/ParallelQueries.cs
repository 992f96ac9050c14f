using System.Collections;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using RaceDetector.Runtime.Detection;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.Tasks;

/// <summary>
/// PLINQ: every <c>ParallelEnumerable</c> operator call is a <see cref="ForkKind.Query"/> fork whose delegates run
/// on the query's workers. A query runs only when a terminal operator (<c>ToArray</c>, <c>ForAll</c>, <c>Sum</c>, ...)
/// executes it, so each call re-forks the scopes of the operators upstream of it (what the caller did so far happens
/// before every delegate of the query), and a terminal operator acquires the completion of all of them (every
/// delegate happens before the code after it). A <c>foreach</c> over a query acquires, at each item, the delegates
/// that finished by then. The operators of a query are chained through the <c>ParallelQuery</c> objects they return.
/// </summary>
internal static class ParallelQueries
{
    sealed class Operator(ForkScope[] upstream)
    {
        public ForkScope[] Upstream { get; } = upstream;

        public bool ReturnedQuery { get; set; }
    }

    static readonly ConditionalWeakTable<ForkScope, Operator> s_operators = new();
    static readonly ConditionalWeakTable<object, ForkScope[]> s_pipelines = new();

    /// <summary>An operator was called on <paramref name="source"/>: the upstream work now also runs after this point.</summary>
    public static void Called(ForkScope scope, object? source, TrackedThread thread)
    {
        var upstream = PipelineOf(source);
        s_operators.AddOrUpdate(scope, new Operator(upstream));
        Refork(upstream, thread);
        if (upstream.Length > 0 && upstream[^1].Source is { } items)
            scope.Source = items; // items of a lazy source reach this operator's delegates too
    }

    /// <summary>The operator returned a query: later operators on it continue the pipeline.</summary>
    public static void Returned(ForkScope scope, object result)
    {
        if (result is not ParallelQuery || !s_operators.TryGetValue(scope, out var op))
            return;
        op.ReturnedQuery = true;
        s_pipelines.AddOrUpdate(result, [.. op.Upstream, scope]);
    }

    /// <summary>After a terminal operator: every delegate of the query happened before.</summary>
    public static void Finished(ForkScope scope, TrackedThread thread)
    {
        if (!s_operators.TryGetValue(scope, out var op) || op.ReturnedQuery)
            return;
        AcquireCompletion(op.Upstream, thread);
        scope.AcquireCompletion(thread, 0);
    }

    /// <summary><c>foreach</c> over <paramref name="query"/>: runs it after this point, and orders each item after the delegates done by then.</summary>
    public static IEnumerator<T> Enumerate<T>(ParallelQuery<T> query)
    {
        var scopes = DetectorRuntime.Enabled ? PipelineOf(query) : [];
        if (scopes.Length == 0)
            return query.GetEnumerator();
        Guard.Run(scopes, static s => Refork(s, ThreadRegistry.Current));
        return new CompletingEnumerator<T>(query.GetEnumerator(), scopes);
    }

    static ForkScope[] PipelineOf(object? query) =>
        query is not null && s_pipelines.TryGetValue(query, out var scopes) ? scopes : [];

    static void Refork(ForkScope[] scopes, TrackedThread thread)
    {
        foreach (var scope in scopes)
            scope.Refork(thread);
    }

    static void AcquireCompletion(ForkScope[] scopes, TrackedThread thread)
    {
        foreach (var scope in scopes)
            scope.AcquireCompletion(thread, 0);
    }

    [StackTraceHidden]
    sealed class CompletingEnumerator<T>(IEnumerator<T> inner, ForkScope[] scopes) : IEnumerator<T>
    {
        public T Current => inner.Current;

        object? IEnumerator.Current => inner.Current;

        public bool MoveNext()
        {
            bool moved = inner.MoveNext();
            if (DetectorRuntime.Enabled)
                Guard.Run(scopes, static s => AcquireCompletion(s, ThreadRegistry.Current));
            return moved;
        }

        public void Reset() => inner.Reset();

        public void Dispose() => inner.Dispose();
    }
}
