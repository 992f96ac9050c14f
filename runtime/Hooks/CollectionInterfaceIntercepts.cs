using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using RaceDetector.Runtime.Sync;

namespace RaceDetector.Runtime;

/// <summary>
/// The concurrent collections used through their interfaces (IDictionary, IReadOnlyDictionary and their
/// extension methods, IProducerConsumerCollection, IEnumerable and IEnumerable&lt;T&gt;). Calls on other implementations
/// pass straight through.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[StackTraceHidden]
public static class CollectionInterfaceIntercepts
{
    const string Dictionary = "System.Collections.Generic.IDictionary`2";
    const string ReadOnlyDictionary = "System.Collections.Generic.IReadOnlyDictionary`2";
    const string Extensions = "System.Collections.Generic.CollectionExtensions";
    const string ProducerConsumer = "System.Collections.Concurrent.IProducerConsumerCollection`1";
    const string Enumerable = "System.Collections.Generic.IEnumerable`1";
    const string NonGenericEnumerable = "System.Collections.IEnumerable";

    /// <summary>Replaces <see cref="IDictionary{TKey, TValue}.TryGetValue"/>.</summary>
    [Intercept(Dictionary, "TryGetValue")]
    public static bool TryGetValue<TKey, TValue>(IDictionary<TKey, TValue> dictionary, TKey key, out TValue value, int site) =>
        Read(dictionary, dictionary.TryGetValue(key, out value!));

    /// <summary>Replaces the <see cref="IDictionary{TKey, TValue}"/> indexer's getter.</summary>
    [Intercept(Dictionary, "get_Item")]
    public static TValue GetItem<TKey, TValue>(IDictionary<TKey, TValue> dictionary, TKey key, int site) => Read(dictionary, dictionary[key]);

    /// <summary>Replaces the <see cref="IDictionary{TKey, TValue}"/> indexer's setter.</summary>
    [Intercept(Dictionary, "set_Item")]
    public static void SetItem<TKey, TValue>(IDictionary<TKey, TValue> dictionary, TKey key, TValue value, int site)
    {
        Write(dictionary);
        dictionary[key] = value;
    }

    /// <summary>Replaces <see cref="IDictionary{TKey, TValue}.ContainsKey"/>.</summary>
    [Intercept(Dictionary, "ContainsKey")]
    public static bool ContainsKey<TKey, TValue>(IDictionary<TKey, TValue> dictionary, TKey key, int site) =>
        Read(dictionary, dictionary.ContainsKey(key));

    /// <summary>Replaces <see cref="IDictionary{TKey, TValue}.Add"/>.</summary>
    [Intercept(Dictionary, "Add")]
    public static void Add<TKey, TValue>(IDictionary<TKey, TValue> dictionary, TKey key, TValue value, int site)
    {
        Write(dictionary);
        dictionary.Add(key, value);
    }

    /// <summary>Replaces <see cref="IDictionary{TKey, TValue}.Remove"/>.</summary>
    [Intercept(Dictionary, "Remove")]
    public static bool Remove<TKey, TValue>(IDictionary<TKey, TValue> dictionary, TKey key, int site)
    {
        Write(dictionary);
        return dictionary.Remove(key);
    }

    /// <summary>Replaces <see cref="IDictionary{TKey, TValue}.Keys"/>: a ConcurrentDictionary's keys are a snapshot, read as its enumeration.</summary>
    [Intercept(Dictionary, "get_Keys")]
    public static ICollection<TKey> Keys<TKey, TValue>(IDictionary<TKey, TValue> dictionary, int site) => Read(dictionary, dictionary.Keys);

    /// <summary>Replaces <see cref="IDictionary{TKey, TValue}.Values"/>, a snapshot as the keys.</summary>
    [Intercept(Dictionary, "get_Values")]
    public static ICollection<TValue> Values<TKey, TValue>(IDictionary<TKey, TValue> dictionary, int site) => Read(dictionary, dictionary.Values);

    /// <summary>Replaces <see cref="IReadOnlyDictionary{TKey, TValue}.Keys"/>, a snapshot as above.</summary>
    [Intercept(ReadOnlyDictionary, "get_Keys")]
    public static IEnumerable<TKey> Keys<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> dictionary, int site) => Read(dictionary, dictionary.Keys);

    /// <summary>Replaces <see cref="IReadOnlyDictionary{TKey, TValue}.Values"/>, a snapshot as above.</summary>
    [Intercept(ReadOnlyDictionary, "get_Values")]
    public static IEnumerable<TValue> Values<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> dictionary, int site) => Read(dictionary, dictionary.Values);

    /// <summary>Replaces <see cref="IReadOnlyDictionary{TKey, TValue}.TryGetValue"/>.</summary>
    [Intercept(ReadOnlyDictionary, "TryGetValue")]
    public static bool TryGetValue<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> dictionary, TKey key, out TValue value, int site) =>
        Read(dictionary, dictionary.TryGetValue(key, out value!));

    /// <summary>Replaces the <see cref="IReadOnlyDictionary{TKey, TValue}"/> indexer.</summary>
    [Intercept(ReadOnlyDictionary, "get_Item")]
    public static TValue GetItem<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> dictionary, TKey key, int site) => Read(dictionary, dictionary[key]);

    /// <summary>Replaces <see cref="IReadOnlyDictionary{TKey, TValue}.ContainsKey"/>.</summary>
    [Intercept(ReadOnlyDictionary, "ContainsKey")]
    public static bool ContainsKey<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> dictionary, TKey key, int site) =>
        Read(dictionary, dictionary.ContainsKey(key));

    /// <summary>Replaces <see cref="CollectionExtensions.GetValueOrDefault{TKey, TValue}(IReadOnlyDictionary{TKey, TValue}, TKey)"/>.</summary>
    [Intercept(Extensions, "GetValueOrDefault")]
    public static TValue? GetValueOrDefault<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> dictionary, TKey key, int site) =>
        Read(dictionary, dictionary.GetValueOrDefault(key));

    /// <summary>Replaces <see cref="CollectionExtensions.GetValueOrDefault{TKey, TValue}(IReadOnlyDictionary{TKey, TValue}, TKey, TValue)"/>.</summary>
    [Intercept(Extensions, "GetValueOrDefault")]
    public static TValue GetValueOrDefault<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> dictionary, TKey key, TValue defaultValue, int site) =>
        Read(dictionary, dictionary.GetValueOrDefault(key, defaultValue));

    /// <summary>Replaces <see cref="CollectionExtensions.TryAdd{TKey, TValue}(IDictionary{TKey, TValue}, TKey, TValue)"/>.</summary>
    [Intercept(Extensions, "TryAdd")]
    public static bool TryAdd<TKey, TValue>(IDictionary<TKey, TValue> dictionary, TKey key, TValue value, int site)
    {
        Write(dictionary);
        return dictionary.TryAdd(key, value);
    }

    /// <summary>Replaces <see cref="CollectionExtensions.Remove{TKey, TValue}(IDictionary{TKey, TValue}, TKey, out TValue)"/>.</summary>
    [Intercept(Extensions, "Remove")]
    public static bool Remove<TKey, TValue>(IDictionary<TKey, TValue> dictionary, TKey key, out TValue value, int site)
    {
        Write(dictionary);
        return Read(dictionary, dictionary.Remove(key, out value!));
    }

    /// <summary>Replaces <see cref="IProducerConsumerCollection{T}.TryAdd"/>.</summary>
    [Intercept(ProducerConsumer, "TryAdd")]
    public static bool TryAdd<T>(IProducerConsumerCollection<T> collection, T item, int site)
    {
        Items.Added(collection, item);
        return collection.TryAdd(item);
    }

    /// <summary>Replaces <see cref="IProducerConsumerCollection{T}.TryTake"/>.</summary>
    [Intercept(ProducerConsumer, "TryTake")]
    public static bool TryTake<T>(IProducerConsumerCollection<T> collection, out T item, int site) =>
        Items.TakenIf(collection, collection.TryTake(out item!), item);

    /// <summary>
    /// Replaces <see cref="IEnumerable{T}.GetEnumerator"/>: a concurrent collection enumerated through the interface
    /// hands over its items as its own enumerator does.
    /// </summary>
    [Intercept(Enumerable, "GetEnumerator")]
    public static IEnumerator<T> GetEnumerator<T>(IEnumerable<T> enumerable, int site)
    {
        var enumerator = enumerable.GetEnumerator();
        return ConcurrentCollections.IsConcurrent(enumerable) ? TakingEnumerable<T>.Over(enumerator, enumerable) : enumerator;
    }

    /// <summary>Replaces <see cref="System.Collections.IEnumerable.GetEnumerator"/>, as the generic one.</summary>
    [Intercept(NonGenericEnumerable, "GetEnumerator")]
    public static System.Collections.IEnumerator GetEnumerator(System.Collections.IEnumerable enumerable, int site) =>
        ConcurrentCollections.Taking(enumerable)!.GetEnumerator();

    static T Read<T>(object dictionary, T value)
    {
        if (ConcurrentCollections.IsDictionary(dictionary))
            Signals.Acquire(dictionary);
        return value;
    }

    static void Write(object dictionary)
    {
        if (ConcurrentCollections.IsDictionary(dictionary))
            Signals.Release(dictionary);
    }
}
