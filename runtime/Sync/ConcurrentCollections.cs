using System.Collections;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace RaceDetector.Runtime.Sync;

/// <summary>
/// Which objects are the concurrent collections whose items the detector hands over (ConcurrentQueue, ConcurrentStack,
/// ConcurrentBag and any other IProducerConsumerCollection, BlockingCollection, ConcurrentDictionary), and a view of
/// one as a sequence whose enumeration acquires each item read as a take does (see <see cref="Items"/>). Framework
/// code that enumerates a collection (LINQ, <c>List.AddRange</c>, <c>string.Join</c>...) is not instrumented, so it is
/// handed the view instead: the items are then acquired by whichever thread enumerates, whenever it does.
/// </summary>
internal static class ConcurrentCollections
{
    // Per runtime type, for sequences that only a reflection check can classify (a dictionary, a collection seen
    // through a covariant IEnumerable<object>). Weak, so collectible types can go.
    static readonly ConditionalWeakTable<Type, StrongBox<bool>> s_kinds = new();

    /// <summary><paramref name="sequence"/> itself, or the view of it when it is a concurrent collection.</summary>
    public static IEnumerable<T>? Taking<T>(IEnumerable<T>? sequence) =>
        sequence is null || !DetectorRuntime.Enabled || !IsConcurrent(sequence) ? sequence
            : sequence is ICollection<T> collection ? new TakingCollection<T>(collection) // ConcurrentDictionary
            : new TakingEnumerable<T>(sequence, sequence);

    /// <summary>Like <see cref="Taking{T}(IEnumerable{T})"/>, for a sequence whose element type is unknown.</summary>
    public static IEnumerable? Taking(IEnumerable? sequence) =>
        sequence is not null && DetectorRuntime.Enabled && IsConcurrent(sequence) ? new TakingEnumerable(sequence, sequence) : sequence;

    /// <summary>True for a concurrent collection; false for views, arrays and lists without a lookup.</summary>
    public static bool IsConcurrent<T>(IEnumerable<T> sequence) =>
        sequence is IProducerConsumerCollection<T> or BlockingCollection<T>
        || sequence is not (T[] or List<T>) && IsConcurrent((object)sequence);

    /// <summary>True for a concurrent collection (every one implements the non-generic ICollection, views do not).</summary>
    public static bool IsConcurrent(object sequence) =>
        sequence is ICollection && s_kinds.GetValue(sequence.GetType(), static type => new StrongBox<bool>(Classify(type))).Value;

    public static bool IsDictionary(object dictionary) =>
        dictionary.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(ConcurrentDictionary<,>);

    static bool Classify(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var open && (open == typeof(ConcurrentDictionary<,>) || open == typeof(BlockingCollection<>))
        || Array.Exists(type.GetInterfaces(), static i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IProducerConsumerCollection<>));
}
