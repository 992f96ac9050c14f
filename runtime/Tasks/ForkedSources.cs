using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace RaceDetector.Runtime.Tasks;

/// <summary>
/// A Parallel loop's source (or a partitioner's dynamic partitions) whose enumeration runs in
/// <see cref="SourceSteps{T}"/>; <paramref name="itemOf"/> picks the item a body receives from an element.
/// </summary>
[StackTraceHidden]
internal sealed class ForkedEnumerable<TElement, T>(IEnumerable<TElement> inner, SourceSteps<T> steps, Func<TElement, T> itemOf)
    : IEnumerable<TElement>
{
    public IEnumerator<TElement> GetEnumerator() =>
        new ForkedEnumerator<TElement, T>(steps.Run(inner, static source => source.GetEnumerator()), steps, itemOf);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <inheritdoc cref="ForkedEnumerable{TElement, T}"/>
[StackTraceHidden]
internal sealed class ForkedEnumerator<TElement, T>(IEnumerator<TElement> inner, SourceSteps<T> steps, Func<TElement, T> itemOf)
    : IEnumerator<TElement>
{
    TElement _current = default!;

    public TElement Current => _current;

    object? IEnumerator.Current => _current;

    public bool MoveNext() => steps.Run(this, static e => e.Move());

    public void Reset() => steps.Run(inner, static e => { e.Reset(); return true; });

    public void Dispose() => steps.Run(inner, static e => { e.Dispose(); return true; });

    // Current is read in the step that moved, so the item's clock covers its production.
    bool Move()
    {
        if (!inner.MoveNext())
            return false;
        _current = inner.Current;
        steps.Produced(itemOf(_current));
        return true;
    }
}

/// <summary>An async source of Parallel.ForEachAsync whose enumeration runs in <see cref="SourceSteps{T}"/>.</summary>
[StackTraceHidden]
internal sealed class ForkedAsyncEnumerable<T>(IAsyncEnumerable<T> inner, SourceSteps<T> steps) : IAsyncEnumerable<T>
{
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        new Enumerator(steps.Run((inner, cancellationToken), static a => a.inner.GetAsyncEnumerator(a.cancellationToken)), steps);

    [StackTraceHidden]
    sealed class Enumerator(IAsyncEnumerator<T> inner, SourceSteps<T> steps) : IAsyncEnumerator<T>
    {
        T _current = default!;

        public T Current => _current;

        // The move is split in two steps: starting it, and taking its outcome once it completed (the
        // iterator's own continuations are forked from the first step by its awaits).
        public async ValueTask<bool> MoveNextAsync()
        {
            var moving = steps.Run(inner, static e => e.MoveNextAsync());
            var source = ValueTasks.SourceOf(moving);
            bool more = await moving.ConfigureAwait(false);
            return steps.Run((this, source, more), static a => a.Item1.Moved(a.source, a.more));
        }

        public ValueTask DisposeAsync() => steps.Run(inner, static e => e.DisposeAsync());

        bool Moved(object? source, bool more)
        {
            TaskHooks.Acquire(source);
            if (more)
            {
                _current = inner.Current;
                steps.Produced(_current);
            }
            return more;
        }
    }
}

/// <summary>A partitioner given to Parallel.ForEach whose partitions are enumerated in <see cref="SourceSteps{T}"/>.</summary>
[StackTraceHidden]
internal sealed class ForkedPartitioner<T>(Partitioner<T> inner, SourceSteps<T> steps) : Partitioner<T>
{
    public override bool SupportsDynamicPartitions => inner.SupportsDynamicPartitions;

    public override IList<IEnumerator<T>> GetPartitions(int partitionCount) =>
        steps.Run((inner, partitionCount), static a => a.inner.GetPartitions(a.partitionCount))
            .Select(IEnumerator<T> (partition) => new ForkedEnumerator<T, T>(partition, steps, SourceSteps<T>.ItemItself))
            .ToList();

    public override IEnumerable<T> GetDynamicPartitions() =>
        new ForkedEnumerable<T, T>(steps.Run(inner, static p => p.GetDynamicPartitions()), steps, SourceSteps<T>.ItemItself);
}

/// <summary>An orderable partitioner given to Parallel.ForEach whose partitions are enumerated in <see cref="SourceSteps{T}"/>.</summary>
[StackTraceHidden]
internal sealed class ForkedOrderablePartitioner<T>(OrderablePartitioner<T> inner, SourceSteps<T> steps)
    : OrderablePartitioner<T>(inner.KeysOrderedInEachPartition, inner.KeysOrderedAcrossPartitions, inner.KeysNormalized)
{
    static readonly Func<KeyValuePair<long, T>, T> s_itemOf = static pair => pair.Value;

    public override bool SupportsDynamicPartitions => inner.SupportsDynamicPartitions;

    public override IList<IEnumerator<KeyValuePair<long, T>>> GetOrderablePartitions(int partitionCount) =>
        steps.Run((inner, partitionCount), static a => a.inner.GetOrderablePartitions(a.partitionCount))
            .Select(IEnumerator<KeyValuePair<long, T>> (partition) => new ForkedEnumerator<KeyValuePair<long, T>, T>(partition, steps, s_itemOf))
            .ToList();

    public override IEnumerable<KeyValuePair<long, T>> GetOrderableDynamicPartitions() =>
        new ForkedEnumerable<KeyValuePair<long, T>, T>(steps.Run(inner, static p => p.GetOrderableDynamicPartitions()), steps, s_itemOf);
}
