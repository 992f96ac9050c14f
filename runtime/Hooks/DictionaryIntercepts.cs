using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using RaceDetector.Runtime.Sync;

namespace RaceDetector.Runtime;

/// <summary>
/// Replacements for <see cref="ConcurrentDictionary{TKey, TValue}"/>, modelled per dictionary: every
/// write releases into the dictionary's clock before it happens, every read acquires it after. Value
/// factories release when they return, before the dictionary stores what they built.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[StackTraceHidden]
public static class DictionaryIntercepts
{
    const string Type = "System.Collections.Concurrent.ConcurrentDictionary`2";

    /// <summary>Replaces <see cref="ConcurrentDictionary{TKey, TValue}.TryAdd"/>.</summary>
    [Intercept(Type, "TryAdd")]
    public static bool TryAdd<TKey, TValue>(ConcurrentDictionary<TKey, TValue> dictionary, TKey key, TValue value, int site) where TKey : notnull
    {
        Signals.Release(dictionary);
        return dictionary.TryAdd(key, value);
    }

    /// <summary>Replaces <see cref="ConcurrentDictionary{TKey, TValue}.TryGetValue"/>.</summary>
    [Intercept(Type, "TryGetValue")]
    public static bool TryGetValue<TKey, TValue>(ConcurrentDictionary<TKey, TValue> dictionary, TKey key, out TValue value, int site) where TKey : notnull =>
        Signals.AcquireIf(dictionary, dictionary.TryGetValue(key, out value!));

    /// <summary>Replaces <see cref="ConcurrentDictionary{TKey, TValue}.ContainsKey"/>.</summary>
    [Intercept(Type, "ContainsKey")]
    public static bool ContainsKey<TKey, TValue>(ConcurrentDictionary<TKey, TValue> dictionary, TKey key, int site) where TKey : notnull =>
        Signals.AcquireIf(dictionary, dictionary.ContainsKey(key));

    /// <summary>Replaces the indexer's getter.</summary>
    [Intercept(Type, "get_Item")]
    public static TValue GetItem<TKey, TValue>(ConcurrentDictionary<TKey, TValue> dictionary, TKey key, int site) where TKey : notnull
    {
        var value = dictionary[key];
        Signals.Acquire(dictionary);
        return value;
    }

    /// <summary>Replaces the indexer's setter.</summary>
    [Intercept(Type, "set_Item")]
    public static void SetItem<TKey, TValue>(ConcurrentDictionary<TKey, TValue> dictionary, TKey key, TValue value, int site) where TKey : notnull
    {
        Signals.Release(dictionary);
        dictionary[key] = value;
    }

    /// <summary>Replaces <see cref="ConcurrentDictionary{TKey, TValue}.TryRemove(TKey, out TValue)"/>.</summary>
    [Intercept(Type, "TryRemove")]
    public static bool TryRemove<TKey, TValue>(ConcurrentDictionary<TKey, TValue> dictionary, TKey key, out TValue value, int site) where TKey : notnull
    {
        Signals.Release(dictionary);
        return Signals.AcquireIf(dictionary, dictionary.TryRemove(key, out value!));
    }

    /// <summary>Replaces <see cref="ConcurrentDictionary{TKey, TValue}.TryUpdate"/>.</summary>
    [Intercept(Type, "TryUpdate")]
    public static bool TryUpdate<TKey, TValue>(ConcurrentDictionary<TKey, TValue> dictionary, TKey key, TValue newValue, TValue comparisonValue, int site)
        where TKey : notnull
    {
        Signals.Release(dictionary);
        return Signals.AcquireIf(dictionary, dictionary.TryUpdate(key, newValue, comparisonValue));
    }

    /// <summary>Replaces <see cref="ConcurrentDictionary{TKey, TValue}.GetOrAdd(TKey, TValue)"/>.</summary>
    [Intercept(Type, "GetOrAdd")]
    public static TValue GetOrAdd<TKey, TValue>(ConcurrentDictionary<TKey, TValue> dictionary, TKey key, TValue value, int site) where TKey : notnull
    {
        Signals.Release(dictionary);
        return Read(dictionary, dictionary.GetOrAdd(key, value));
    }

    /// <summary>Replaces <see cref="ConcurrentDictionary{TKey, TValue}.GetOrAdd(TKey, Func{TKey, TValue})"/>.</summary>
    [Intercept(Type, "GetOrAdd")]
    public static TValue GetOrAdd<TKey, TValue>(ConcurrentDictionary<TKey, TValue> dictionary, TKey key, Func<TKey, TValue> valueFactory, int site)
        where TKey : notnull =>
        Read(dictionary, dictionary.GetOrAdd(key, k => Built(dictionary, valueFactory(k))));

    /// <summary>Replaces <see cref="ConcurrentDictionary{TKey, TValue}.GetOrAdd{TArg}(TKey, Func{TKey, TArg, TValue}, TArg)"/>.</summary>
    [Intercept(Type, "GetOrAdd")]
    public static TValue GetOrAdd<TKey, TValue, TArg>(ConcurrentDictionary<TKey, TValue> dictionary, TKey key,
        Func<TKey, TArg, TValue> valueFactory, TArg factoryArgument, int site) where TKey : notnull =>
        Read(dictionary, dictionary.GetOrAdd(key, (k, a) => Built(dictionary, valueFactory(k, a)), factoryArgument));

    /// <summary>Replaces <see cref="ConcurrentDictionary{TKey, TValue}.AddOrUpdate(TKey, TValue, Func{TKey, TValue, TValue})"/>.</summary>
    [Intercept(Type, "AddOrUpdate")]
    public static TValue AddOrUpdate<TKey, TValue>(ConcurrentDictionary<TKey, TValue> dictionary, TKey key, TValue addValue,
        Func<TKey, TValue, TValue> updateValueFactory, int site) where TKey : notnull
    {
        Signals.Release(dictionary);
        return Read(dictionary, dictionary.AddOrUpdate(key, addValue, (k, old) => Built(dictionary, updateValueFactory(k, old))));
    }

    /// <summary>Replaces <see cref="ConcurrentDictionary{TKey, TValue}.AddOrUpdate(TKey, Func{TKey, TValue}, Func{TKey, TValue, TValue})"/>.</summary>
    [Intercept(Type, "AddOrUpdate")]
    public static TValue AddOrUpdate<TKey, TValue>(ConcurrentDictionary<TKey, TValue> dictionary, TKey key, Func<TKey, TValue> addValueFactory,
        Func<TKey, TValue, TValue> updateValueFactory, int site) where TKey : notnull =>
        Read(dictionary, dictionary.AddOrUpdate(key, k => Built(dictionary, addValueFactory(k)),
            (k, old) => Built(dictionary, updateValueFactory(k, old))));

    /// <summary>Replaces <see cref="ConcurrentDictionary{TKey, TValue}.Clear"/>.</summary>
    [Intercept(Type, "Clear")]
    public static void Clear<TKey, TValue>(ConcurrentDictionary<TKey, TValue> dictionary, int site) where TKey : notnull
    {
        Signals.Release(dictionary);
        dictionary.Clear();
    }

    /// <summary>Replaces <see cref="ConcurrentDictionary{TKey, TValue}.GetEnumerator"/>: each pair read acquires, as writers may add more meanwhile.</summary>
    [Intercept(Type, "GetEnumerator")]
    public static IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator<TKey, TValue>(ConcurrentDictionary<TKey, TValue> dictionary, int site)
        where TKey : notnull =>
        TakingEnumerable<KeyValuePair<TKey, TValue>>.Over(dictionary.GetEnumerator(), dictionary);

    /// <summary>Replaces <see cref="ConcurrentDictionary{TKey, TValue}.ToArray"/>.</summary>
    [Intercept(Type, "ToArray")]
    public static KeyValuePair<TKey, TValue>[] ToArray<TKey, TValue>(ConcurrentDictionary<TKey, TValue> dictionary, int site) where TKey : notnull =>
        Read(dictionary, dictionary.ToArray());

    /// <summary>Replaces <see cref="ConcurrentDictionary{TKey, TValue}.Values"/>.</summary>
    [Intercept(Type, "get_Values")]
    public static ICollection<TValue> Values<TKey, TValue>(ConcurrentDictionary<TKey, TValue> dictionary, int site) where TKey : notnull =>
        Read(dictionary, dictionary.Values);

    /// <summary>Replaces <see cref="ConcurrentDictionary{TKey, TValue}.Keys"/>.</summary>
    [Intercept(Type, "get_Keys")]
    public static ICollection<TKey> Keys<TKey, TValue>(ConcurrentDictionary<TKey, TValue> dictionary, int site) where TKey : notnull =>
        Read(dictionary, dictionary.Keys);

    /// <summary>Replaces <see cref="ConcurrentDictionary{TKey, TValue}.Count"/>.</summary>
    [Intercept(Type, "get_Count")]
    public static int Count<TKey, TValue>(ConcurrentDictionary<TKey, TValue> dictionary, int site) where TKey : notnull =>
        Read(dictionary, dictionary.Count);

    static T Read<T>(object dictionary, T value)
    {
        Signals.Acquire(dictionary);
        return value;
    }

    /// <summary>A factory's work happens before the dictionary stores its value.</summary>
    static T Built<T>(object dictionary, T value)
    {
        Signals.Release(dictionary);
        return value;
    }
}
