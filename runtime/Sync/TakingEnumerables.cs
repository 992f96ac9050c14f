using System.Collections;

namespace RaceDetector.Runtime.Sync;

/// <summary>
/// Wraps consuming enumerables (BlockingCollection.GetConsumingEnumerable, ChannelReader.ReadAllAsync) and
/// concurrent collections handed to the framework (<see cref="ConcurrentCollections"/>) so that reading
/// <c>Current</c> acquires the item, on the consumer's own thread of execution.
/// </summary>
internal sealed class TakingEnumerable<T>(IEnumerable<T> inner, object collection) : IEnumerable<T>
{
    public IEnumerator<T> GetEnumerator() => new Enumerator(inner.GetEnumerator(), collection);

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// An enumerator of a concurrent collection whose items are acquired as they are read, like a take
    /// (per item, or per collection for value types and dictionaries' key-value pairs).
    /// </summary>
    public static IEnumerator<T> Over(IEnumerator<T> inner, object collection) => new Enumerator(inner, collection);

    sealed class Enumerator(IEnumerator<T> inner, object collection) : IEnumerator<T>
    {
        public T Current
        {
            get
            {
                var item = inner.Current;
                Items.Taken(collection, item);
                return item;
            }
        }

        object? System.Collections.IEnumerator.Current => Current;

        public bool MoveNext() => inner.MoveNext();

        public void Reset() => inner.Reset();

        public void Dispose() => inner.Dispose();
    }
}

/// <summary>
/// <see cref="TakingEnumerable{T}"/> for a concurrent collection that is also an <see cref="ICollection{T}"/>
/// (ConcurrentDictionary): the framework still finds <c>Count</c> and the snapshot <c>CopyTo</c> it uses for
/// <c>ToList</c>, <c>ToArray</c> and <c>new List&lt;T&gt;(...)</c>; the items copied out are acquired like the ones read.
/// </summary>
internal sealed class TakingCollection<T>(ICollection<T> inner) : ICollection<T>, IReadOnlyCollection<T>
{
    public int Count => inner.Count;

    public bool IsReadOnly => inner.IsReadOnly;

    public IEnumerator<T> GetEnumerator() => TakingEnumerable<T>.Over(inner.GetEnumerator(), inner);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void CopyTo(T[] array, int arrayIndex)
    {
        inner.CopyTo(array, arrayIndex);
        Items.TakenAll(inner, array, arrayIndex);
    }

    public bool Contains(T item)
    {
        Items.Taken(inner, item);
        return inner.Contains(item);
    }

    public void Add(T item) => inner.Add(item);

    public bool Remove(T item) => inner.Remove(item);

    public void Clear() => inner.Clear();
}

/// <inheritdoc cref="TakingEnumerable{T}"/>
internal sealed class TakingAsyncEnumerable<T>(IAsyncEnumerable<T> inner, object collection) : IAsyncEnumerable<T>
{
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        new Enumerator(inner.GetAsyncEnumerator(cancellationToken), collection);

    sealed class Enumerator(IAsyncEnumerator<T> inner, object collection) : IAsyncEnumerator<T>
    {
        public T Current
        {
            get
            {
                var item = inner.Current;
                Items.Taken(collection, item);
                return item;
            }
        }

        public ValueTask<bool> MoveNextAsync() => inner.MoveNextAsync();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

/// <summary>
/// <see cref="TakingEnumerable{T}"/> for a framework method that takes a non-generic <see cref="IEnumerable"/>
/// (<c>Cast</c>, <c>OfType</c>): items arrive as objects, boxed when they are values.
/// </summary>
internal sealed class TakingEnumerable(IEnumerable inner, object collection) : IEnumerable
{
    public IEnumerator GetEnumerator() => new Enumerator(inner.GetEnumerator(), collection);

    sealed class Enumerator(IEnumerator inner, object collection) : IEnumerator, IDisposable
    {
        public object? Current
        {
            get
            {
                var item = inner.Current;
                Items.TakenObject(collection, item);
                return item;
            }
        }

        public bool MoveNext() => inner.MoveNext();

        public void Reset() => inner.Reset();

        // foreach disposes a non-generic enumerator that is disposable; the collections' enumerators are.
        public void Dispose() => (inner as IDisposable)?.Dispose();
    }
}
