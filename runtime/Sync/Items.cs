using System.Runtime.CompilerServices;
using RaceDetector.Runtime.Detection;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.Sync;

/// <summary>
/// Hand-over of items through concurrent collections, channels and lazy values: adding an item
/// happens before the take that returns it. Reference-type items carry their own clock, so mutating
/// an item after adding it still races with its consumer; value-type items have no identity and use
/// the collection's clock instead (which can only add edges between items).
/// </summary>
internal static class Items
{
    static readonly ConditionalWeakTable<object, SyncClock> s_items = new();

    public static void Added<T>(object collection, T item)
    {
        if (!DetectorRuntime.Enabled)
            return;
        if (!typeof(T).IsValueType && item is not null)
            Guard.Run((object)item, static i => s_items.GetValue(i, static _ => new SyncClock()).Release(ThreadRegistry.Current));
        else
            Signals.Release(collection);
    }

    public static void Taken<T>(object collection, T item)
    {
        if (!DetectorRuntime.Enabled)
            return;
        if (!typeof(T).IsValueType && item is not null)
            Guard.Run((object)item, static i =>
            {
                if (s_items.TryGetValue(i, out var clock))
                    clock.Acquire(ThreadRegistry.Current);
            });
        else
            Signals.Acquire(collection);
    }

    /// <summary>
    /// Like <see cref="Taken{T}"/> for an item read as an object (a non-generic enumeration): a boxed value has no
    /// identity of its own, so the collection's clock orders it; a reference (or a box added as an object) keeps its own.
    /// </summary>
    public static void TakenObject(object collection, object? item)
    {
        if (item is not null && item.GetType().IsValueType)
            Signals.Acquire(collection);
        Taken(collection, item);
    }

    /// <summary>Items copied out of <paramref name="collection"/> (ToArray, CopyTo) are taken as a snapshot; returns them.</summary>
    public static T[] TakenAll<T>(object collection, T[] items, int start = 0)
    {
        for (int i = start; i < items.Length; i++)
        {
            Taken(collection, items[i]);
            if (typeof(T).IsValueType)
                break; // one acquire of the collection's clock covers them all
        }
        return items;
    }

    /// <summary>Returns <paramref name="taken"/> after acquiring <paramref name="item"/> when it is true.</summary>
    public static bool TakenIf<T>(object collection, bool taken, T item)
    {
        if (taken)
            Taken(collection, item);
        return taken;
    }

    /// <summary>A value created once and handed to every caller (Lazy, LazyInitializer): its creation happens before each use.</summary>
    public static T Published<T>(T value)
    {
        if (!typeof(T).IsValueType && value is not null && DetectorRuntime.Enabled)
            Guard.Run((object)value, static v => s_items.GetValue(v, static _ => new SyncClock()).Release(ThreadRegistry.Current));
        return value;
    }

    public static T Observed<T>(T value)
    {
        if (!typeof(T).IsValueType && value is not null && DetectorRuntime.Enabled)
            Guard.Run((object)value, static v =>
            {
                if (s_items.TryGetValue(v, out var clock))
                    clock.Acquire(ThreadRegistry.Current);
            });
        return value;
    }
}
