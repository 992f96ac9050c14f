using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RaceDetector.Runtime.Shadow;

/// <summary>
/// The arrays one thread last made spans from, so that an element reference a span hands out can be traced back
/// to its array and index. A span lives on the stack of the thread that made it, so a short per-thread list is
/// enough: the last <see cref="Capacity"/> arrays. They are held weakly: remembering a span's source never keeps
/// an array the program dropped alive.
/// </summary>
internal sealed class SpanSources
{
    const int Capacity = 4;

    readonly WeakReference<Array>?[] _arrays = new WeakReference<Array>?[Capacity];
    readonly int[] _elementSizes = new int[Capacity];
    int _next;

    /// <summary>Remembers that a span over <paramref name="array"/>, whose elements take <paramref name="elementSize"/> bytes, was made.</summary>
    public void Add(Array array, int elementSize)
    {
        int newest = (_next + Capacity - 1) % Capacity;
        if (_arrays[newest] is { } last && last.TryGetTarget(out var known) && ReferenceEquals(known, array))
            return;
        if (_arrays[_next] is { } slot)
            slot.SetTarget(array);
        else
            _arrays[_next] = new WeakReference<Array>(array);
        _elementSizes[_next] = elementSize;
        _next = (_next + 1) % Capacity;
    }

    /// <summary>The remembered array <paramref name="element"/> points into, and the index of that element.</summary>
    public bool TryFind(ref byte element, out Array array, out nint index)
    {
        for (int i = 0; i < Capacity; i++)
        {
            if (_arrays[i] is not { } slot || !slot.TryGetTarget(out var candidate))
                continue;
            int size = _elementSizes[i];
            nint offset = Unsafe.ByteOffset(ref MemoryMarshal.GetArrayDataReference(candidate), ref element);
            if (offset >= 0 && offset < (nint)candidate.LongLength * size)
            {
                array = candidate;
                index = offset / size;
                return true;
            }
        }
        array = null!;
        index = 0;
        return false;
    }
}
