using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using RaceDetector.Runtime.Sync;

namespace RaceDetector.Runtime;

/// <summary>
/// Replacements for the concurrent collections: adding an item happens before the take that returns
/// it (per item for reference types, see <see cref="Items"/>). ConcurrentDictionary is modelled per
/// dictionary: every write happens before every later read, a coarser edge than per key.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[StackTraceHidden]
public static class CollectionIntercepts
{
    const string Queue = "System.Collections.Concurrent.ConcurrentQueue`1";
    const string Stack = "System.Collections.Concurrent.ConcurrentStack`1";
    const string Bag = "System.Collections.Concurrent.ConcurrentBag`1";
    const string Blocking = "System.Collections.Concurrent.BlockingCollection`1";

    /// <summary>Replaces <see cref="ConcurrentQueue{T}.Enqueue"/>.</summary>
    [Intercept(Queue, "Enqueue")]
    public static void Enqueue<T>(ConcurrentQueue<T> queue, T item, int site)
    {
        Items.Added(queue, item);
        queue.Enqueue(item);
    }

    /// <summary>Replaces <see cref="ConcurrentQueue{T}.TryDequeue"/>.</summary>
    [Intercept(Queue, "TryDequeue")]
    public static bool TryDequeue<T>(ConcurrentQueue<T> queue, out T item, int site) => Items.TakenIf(queue, queue.TryDequeue(out item!), item);

    /// <summary>Replaces <see cref="ConcurrentQueue{T}.TryPeek"/>.</summary>
    [Intercept(Queue, "TryPeek")]
    public static bool TryPeek<T>(ConcurrentQueue<T> queue, out T item, int site) => Items.TakenIf(queue, queue.TryPeek(out item!), item);

    /// <summary>Replaces <see cref="ConcurrentStack{T}.Push"/>.</summary>
    [Intercept(Stack, "Push")]
    public static void Push<T>(ConcurrentStack<T> stack, T item, int site)
    {
        Items.Added(stack, item);
        stack.Push(item);
    }

    /// <summary>Replaces <see cref="ConcurrentStack{T}.PushRange(T[])"/>.</summary>
    [Intercept(Stack, "PushRange")]
    public static void PushRange<T>(ConcurrentStack<T> stack, T[] items, int site)
    {
        foreach (var item in items)
            Items.Added(stack, item);
        stack.PushRange(items);
    }

    /// <summary>Replaces <see cref="ConcurrentStack{T}.TryPop"/>.</summary>
    [Intercept(Stack, "TryPop")]
    public static bool TryPop<T>(ConcurrentStack<T> stack, out T item, int site) => Items.TakenIf(stack, stack.TryPop(out item!), item);

    /// <summary>Replaces <see cref="ConcurrentStack{T}.TryPeek"/>.</summary>
    [Intercept(Stack, "TryPeek")]
    public static bool TryPeek<T>(ConcurrentStack<T> stack, out T item, int site) => Items.TakenIf(stack, stack.TryPeek(out item!), item);

    /// <summary>Replaces <see cref="ConcurrentStack{T}.TryPopRange(T[])"/>.</summary>
    [Intercept(Stack, "TryPopRange")]
    public static int TryPopRange<T>(ConcurrentStack<T> stack, T[] items, int site)
    {
        int count = stack.TryPopRange(items);
        for (int i = 0; i < count; i++)
            Items.Taken(stack, items[i]);
        return count;
    }

    /// <summary>Replaces <see cref="ConcurrentBag{T}.Add"/>.</summary>
    [Intercept(Bag, "Add")]
    public static void Add<T>(ConcurrentBag<T> bag, T item, int site)
    {
        Items.Added(bag, item);
        bag.Add(item);
    }

    /// <summary>Replaces <see cref="ConcurrentBag{T}.TryTake"/>.</summary>
    [Intercept(Bag, "TryTake")]
    public static bool TryTake<T>(ConcurrentBag<T> bag, out T item, int site) => Items.TakenIf(bag, bag.TryTake(out item!), item);

    /// <summary>Replaces <see cref="ConcurrentBag{T}.TryPeek"/>.</summary>
    [Intercept(Bag, "TryPeek")]
    public static bool TryPeek<T>(ConcurrentBag<T> bag, out T item, int site) => Items.TakenIf(bag, bag.TryPeek(out item!), item);

    // Enumerating and copying: the items read are acquired like takes, also while producers add more.

    /// <summary>Replaces <see cref="ConcurrentQueue{T}.GetEnumerator"/>.</summary>
    [Intercept(Queue, "GetEnumerator")]
    public static IEnumerator<T> GetEnumerator<T>(ConcurrentQueue<T> queue, int site) => TakingEnumerable<T>.Over(queue.GetEnumerator(), queue);

    /// <summary>Replaces <see cref="ConcurrentQueue{T}.ToArray"/>.</summary>
    [Intercept(Queue, "ToArray")]
    public static T[] ToArray<T>(ConcurrentQueue<T> queue, int site) => Items.TakenAll(queue, queue.ToArray());

    /// <summary>Replaces <see cref="ConcurrentQueue{T}.CopyTo"/>; the elements from <paramref name="index"/> on are acquired.</summary>
    [Intercept(Queue, "CopyTo")]
    public static void CopyTo<T>(ConcurrentQueue<T> queue, T[] array, int index, int site)
    {
        queue.CopyTo(array, index);
        Items.TakenAll(queue, array, index);
    }

    /// <summary>Replaces <see cref="ConcurrentStack{T}.GetEnumerator"/>.</summary>
    [Intercept(Stack, "GetEnumerator")]
    public static IEnumerator<T> GetEnumerator<T>(ConcurrentStack<T> stack, int site) => TakingEnumerable<T>.Over(stack.GetEnumerator(), stack);

    /// <summary>Replaces <see cref="ConcurrentStack{T}.ToArray"/>.</summary>
    [Intercept(Stack, "ToArray")]
    public static T[] ToArray<T>(ConcurrentStack<T> stack, int site) => Items.TakenAll(stack, stack.ToArray());

    /// <summary>Replaces <see cref="ConcurrentStack{T}.CopyTo"/>.</summary>
    [Intercept(Stack, "CopyTo")]
    public static void CopyTo<T>(ConcurrentStack<T> stack, T[] array, int index, int site)
    {
        stack.CopyTo(array, index);
        Items.TakenAll(stack, array, index);
    }

    /// <summary>Replaces <see cref="ConcurrentBag{T}.GetEnumerator"/>.</summary>
    [Intercept(Bag, "GetEnumerator")]
    public static IEnumerator<T> GetEnumerator<T>(ConcurrentBag<T> bag, int site) => TakingEnumerable<T>.Over(bag.GetEnumerator(), bag);

    /// <summary>Replaces <see cref="ConcurrentBag{T}.ToArray"/>.</summary>
    [Intercept(Bag, "ToArray")]
    public static T[] ToArray<T>(ConcurrentBag<T> bag, int site) => Items.TakenAll(bag, bag.ToArray());

    /// <summary>Replaces <see cref="ConcurrentBag{T}.CopyTo"/>.</summary>
    [Intercept(Bag, "CopyTo")]
    public static void CopyTo<T>(ConcurrentBag<T> bag, T[] array, int index, int site)
    {
        bag.CopyTo(array, index);
        Items.TakenAll(bag, array, index);
    }

    /// <summary>Replaces <see cref="BlockingCollection{T}.Add(T)"/>.</summary>
    [Intercept(Blocking, "Add")]
    public static void Add<T>(BlockingCollection<T> collection, T item, int site)
    {
        Items.Added(collection, item);
        collection.Add(item);
    }

    /// <summary>Replaces <see cref="BlockingCollection{T}.Add(T, CancellationToken)"/>.</summary>
    [Intercept(Blocking, "Add")]
    public static void Add<T>(BlockingCollection<T> collection, T item, CancellationToken cancellationToken, int site)
    {
        Items.Added(collection, item);
        collection.Add(item, cancellationToken);
    }

    /// <summary>Replaces <see cref="BlockingCollection{T}.TryAdd(T)"/>.</summary>
    [Intercept(Blocking, "TryAdd")]
    public static bool TryAdd<T>(BlockingCollection<T> collection, T item, int site)
    {
        Items.Added(collection, item);
        return collection.TryAdd(item);
    }

    /// <summary>Replaces <see cref="BlockingCollection{T}.TryAdd(T, int)"/>.</summary>
    [Intercept(Blocking, "TryAdd")]
    public static bool TryAdd<T>(BlockingCollection<T> collection, T item, int millisecondsTimeout, int site)
    {
        Items.Added(collection, item);
        return collection.TryAdd(item, millisecondsTimeout);
    }

    /// <summary>Replaces <see cref="BlockingCollection{T}.Take()"/>.</summary>
    [Intercept(Blocking, "Take")]
    public static T Take<T>(BlockingCollection<T> collection, int site)
    {
        var item = collection.Take();
        Items.Taken(collection, item);
        return item;
    }

    /// <summary>Replaces <see cref="BlockingCollection{T}.Take(CancellationToken)"/>.</summary>
    [Intercept(Blocking, "Take")]
    public static T Take<T>(BlockingCollection<T> collection, CancellationToken cancellationToken, int site)
    {
        var item = collection.Take(cancellationToken);
        Items.Taken(collection, item);
        return item;
    }

    /// <summary>Replaces <see cref="BlockingCollection{T}.TryTake(out T)"/>.</summary>
    [Intercept(Blocking, "TryTake")]
    public static bool TryTake<T>(BlockingCollection<T> collection, out T item, int site) =>
        Items.TakenIf(collection, collection.TryTake(out item!), item);

    /// <summary>Replaces <see cref="BlockingCollection{T}.TryTake(out T, int)"/>.</summary>
    [Intercept(Blocking, "TryTake")]
    public static bool TryTake<T>(BlockingCollection<T> collection, out T item, int millisecondsTimeout, int site) =>
        Items.TakenIf(collection, collection.TryTake(out item!, millisecondsTimeout), item);

    /// <summary>Replaces <see cref="BlockingCollection{T}.TryTake(out T, TimeSpan)"/>.</summary>
    [Intercept(Blocking, "TryTake")]
    public static bool TryTake<T>(BlockingCollection<T> collection, out T item, TimeSpan timeout, int site) =>
        Items.TakenIf(collection, collection.TryTake(out item!, timeout), item);

    /// <summary>Replaces <see cref="BlockingCollection{T}.TryTake(out T, int, CancellationToken)"/>.</summary>
    [Intercept(Blocking, "TryTake")]
    public static bool TryTake<T>(BlockingCollection<T> collection, out T item, int millisecondsTimeout, CancellationToken cancellationToken, int site) =>
        Items.TakenIf(collection, collection.TryTake(out item!, millisecondsTimeout, cancellationToken), item);

    /// <summary>Replaces <see cref="BlockingCollection{T}.TakeFromAny(BlockingCollection{T}[], out T)"/>.</summary>
    [Intercept(Blocking, "TakeFromAny")]
    public static int TakeFromAny<T>(BlockingCollection<T>[] collections, out T item, int site) =>
        TakenFromAny(collections, BlockingCollection<T>.TakeFromAny(collections, out item!), item);

    /// <summary>Replaces <see cref="BlockingCollection{T}.TakeFromAny(BlockingCollection{T}[], out T, CancellationToken)"/>.</summary>
    [Intercept(Blocking, "TakeFromAny")]
    public static int TakeFromAny<T>(BlockingCollection<T>[] collections, out T item, CancellationToken cancellationToken, int site) =>
        TakenFromAny(collections, BlockingCollection<T>.TakeFromAny(collections, out item!, cancellationToken), item);

    /// <summary>Replaces <see cref="BlockingCollection{T}.TryTakeFromAny(BlockingCollection{T}[], out T)"/>.</summary>
    [Intercept(Blocking, "TryTakeFromAny")]
    public static int TryTakeFromAny<T>(BlockingCollection<T>[] collections, out T item, int site) =>
        TakenFromAny(collections, BlockingCollection<T>.TryTakeFromAny(collections, out item!), item);

    /// <summary>Replaces <see cref="BlockingCollection{T}.TryTakeFromAny(BlockingCollection{T}[], out T, int)"/>.</summary>
    [Intercept(Blocking, "TryTakeFromAny")]
    public static int TryTakeFromAny<T>(BlockingCollection<T>[] collections, out T item, int millisecondsTimeout, int site) =>
        TakenFromAny(collections, BlockingCollection<T>.TryTakeFromAny(collections, out item!, millisecondsTimeout), item);

    /// <summary>Replaces <see cref="BlockingCollection{T}.TryTakeFromAny(BlockingCollection{T}[], out T, TimeSpan)"/>.</summary>
    [Intercept(Blocking, "TryTakeFromAny")]
    public static int TryTakeFromAny<T>(BlockingCollection<T>[] collections, out T item, TimeSpan timeout, int site) =>
        TakenFromAny(collections, BlockingCollection<T>.TryTakeFromAny(collections, out item!, timeout), item);

    /// <summary>Replaces <see cref="BlockingCollection{T}.TryTakeFromAny(BlockingCollection{T}[], out T, int, CancellationToken)"/>.</summary>
    [Intercept(Blocking, "TryTakeFromAny")]
    public static int TryTakeFromAny<T>(BlockingCollection<T>[] collections, out T item, int millisecondsTimeout,
        CancellationToken cancellationToken, int site) =>
        TakenFromAny(collections, BlockingCollection<T>.TryTakeFromAny(collections, out item!, millisecondsTimeout, cancellationToken), item);

    /// <summary>Acquires <paramref name="item"/> from the collection at <paramref name="index"/> (-1: nothing taken); returns the index.</summary>
    static int TakenFromAny<T>(BlockingCollection<T>[] collections, int index, T item)
    {
        if ((uint)index < (uint)collections.Length)
            Items.Taken(collections[index], item);
        return index;
    }

    /// <summary>Replaces <see cref="BlockingCollection{T}.GetConsumingEnumerable()"/>: each item is acquired as the consumer reads it.</summary>
    [Intercept(Blocking, "GetConsumingEnumerable")]
    public static IEnumerable<T> GetConsumingEnumerable<T>(BlockingCollection<T> collection, int site) =>
        new TakingEnumerable<T>(collection.GetConsumingEnumerable(), collection);

    /// <summary>Replaces <see cref="BlockingCollection{T}.GetConsumingEnumerable(CancellationToken)"/>.</summary>
    [Intercept(Blocking, "GetConsumingEnumerable")]
    public static IEnumerable<T> GetConsumingEnumerable<T>(BlockingCollection<T> collection, CancellationToken cancellationToken, int site) =>
        new TakingEnumerable<T>(collection.GetConsumingEnumerable(cancellationToken), collection);
}
