using RaceDetector.Runtime.Detection;
using RaceDetector.Runtime.Sync;

namespace RaceDetector.Runtime.Tasks;

/// <summary>
/// The enumeration of a Parallel.ForEach/ForEachAsync source. The framework's workers enumerate it outside
/// the body, under a lock of their own, so each step (GetEnumerator, MoveNext, Dispose...) runs as an
/// invocation of the loop's fork scope: after everything before the loop and after the previous steps.
/// Each item a step produces happens before the body invocation that receives it: per item for reference
/// types and per source for value types, as for concurrent collections (<see cref="Items"/>). The bodies
/// stay unordered with each other: steps carry the source's work, never a body's.
/// </summary>
internal sealed class SourceSteps<T>
{
    /// <summary>For sources whose elements are the items themselves (not partitions' key/item pairs).</summary>
    public static readonly Func<T, T> ItemItself = static item => item;

    readonly ForkScope _scope;
    readonly SyncClock _steps = new();

    SourceSteps(ForkScope scope) => _scope = scope;

    /// <summary>The steps of the source of <paramref name="scope"/>'s loop, whose bodies receive their items.</summary>
    public static SourceSteps<T> Of(ForkScope scope)
    {
        var steps = new SourceSteps<T>(scope);
        scope.Source = steps;
        return steps;
    }

    /// <summary>Runs one step of the enumeration as a logical thread of the loop; its exceptions reach the caller unchanged.</summary>
    public TResult Run<TState, TResult>(TState state, Func<TState, TResult> step)
    {
        var run = _scope.Begin("parallel source");
        if (run.Segment is { } segment)
            Guard.Run((_steps, segment), static a => a._steps.Acquire(a.segment));
        try
        {
            return step(state);
        }
        finally
        {
            if (run.Segment is { } ended)
                Guard.Run((_steps, ended), static a => a._steps.ReleaseFinal(a.ended));
            _scope.End(run);
        }
    }

    /// <summary>Inside a step: <paramref name="item"/> was produced, after what the step did so far.</summary>
    public void Produced(T item) => Items.Added(this, item);

    /// <summary>At the start of a body invocation that receives <paramref name="item"/>.</summary>
    public void Received(T item) => Items.Taken(this, item);
}
