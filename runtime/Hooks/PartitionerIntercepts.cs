using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using RaceDetector.Runtime.Sync;

namespace RaceDetector.Runtime;

/// <summary>
/// Replacements for <c>Partitioner.Create</c> over a sequence: the partitions enumerate it under a lock
/// of the framework's, modelled by <see cref="LockedEnumerable{T}"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[StackTraceHidden]
public static class PartitionerIntercepts
{
    const string PartitionerType = "System.Collections.Concurrent.Partitioner";

    /// <summary>Replaces <see cref="Partitioner.Create{TSource}(IEnumerable{TSource})"/>.</summary>
    [Intercept(PartitionerType, "Create")]
    public static OrderablePartitioner<TSource> Create<TSource>(IEnumerable<TSource> source, int site) => Partitioner.Create(Locked(source));

    /// <summary>Replaces <see cref="Partitioner.Create{TSource}(IEnumerable{TSource}, EnumerablePartitionerOptions)"/>.</summary>
    [Intercept(PartitionerType, "Create")]
    public static OrderablePartitioner<TSource> Create<TSource>(IEnumerable<TSource> source, EnumerablePartitionerOptions partitionerOptions, int site) =>
        Partitioner.Create(Locked(source), partitionerOptions);

    // A null source reaches the framework, which throws as it does without the detector.
    static IEnumerable<TSource> Locked<TSource>(IEnumerable<TSource> source) => source is null ? source! : new LockedEnumerable<TSource>(source);
}
