using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.Shadow;

/// <summary>
/// Per-element access states of one array, found through a weak identity map and cached per thread.
/// The read and write epochs live in two dense arrays that the hooks' fast path indexes directly;
/// report data sits in a third, touched only on slow paths. Element slow paths take one of a fixed
/// set of striped gates, so memory stays one state per element.
/// </summary>
internal sealed class ArrayShadow
{
    const int StripeCount = 64;
    const int StripeSpacing = 16; // one gate per 64-byte cache line

    static readonly int[] s_stripeGates = new int[StripeCount * StripeSpacing];
    static readonly ConditionalWeakTable<Array, ArrayShadow> s_shadows = new();
    static int s_nextId;

    readonly int _id = Interlocked.Increment(ref s_nextId);
    ConcurrentDictionary<nint, AtomicLocation>? _atomics;

    ArrayShadow(int length)
    {
        Writes = new long[length];
        Reads = new long[length];
        Meta = new AccessMeta[length];
    }

    public long[] Writes { get; }

    public long[] Reads { get; }

    public AccessMeta[] Meta { get; }

    public int Length => Writes.Length;

    /// <summary>The shadow of <paramref name="array"/>, remembered as the thread's cached array.</summary>
    public static ArrayShadow For(Array array, TrackedThread thread)
    {
        if (ReferenceEquals(thread.CachedArray, array) && thread.CachedShadow is { } cached && thread.CachedReads is not null && thread.CachedWrites is not null)
            return cached;
        var shadow = s_shadows.GetValue(array, static a => new ArrayShadow(a.Length));
        thread.CachedShadow = shadow;
        thread.CachedReads = shadow.Reads;
        thread.CachedWrites = shadow.Writes;
        thread.CachedArray = array;
        return shadow;
    }

    /// <summary>The gate that guards element <paramref name="index"/>'s state.</summary>
    public ref int GateFor(nint index) =>
        ref s_stripeGates[(int)((uint)(_id * 31 + (int)index) % StripeCount) * StripeSpacing];

    /// <summary>The atomic state of one element used with Volatile or Interlocked operations.</summary>
    public AtomicLocation AtomicsFor(nint index)
    {
        var atomics = _atomics;
        if (atomics is null)
        {
            Interlocked.CompareExchange(ref _atomics, new ConcurrentDictionary<nint, AtomicLocation>(), null);
            atomics = _atomics;
        }
        return atomics.GetOrAdd(index, static _ => new AtomicLocation());
    }

    /// <summary>The element's atomic state if it was ever used atomically; cheap when no element was.</summary>
    public AtomicLocation? ExistingAtomicsFor(nint index) =>
        _atomics is { } atomics && atomics.TryGetValue(index, out var location) ? location : null;
}
