using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RaceDetector.Runtime.Shadow;

/// <summary>
/// The arrays one thread last made spans from, so that an element reference a span hands out can be traced back
/// to its array and index. A span lives on the stack of the thread that made it, so a short per-thread list is
/// enough: the last <see cref="Capacity"/> arrays, held strongly (as the element hooks' one-array cache is).
/// </summary>
internal sealed class SpanSources
{
    const int Capacity = 4;

    readonly Array?[] _arrays = new Array?[Capacity];
    readonly int[] _elementSizes = new int[Capacity];
    int _next;

    /// <summary>Remembers that a span over <paramref name="array"/>, whose elements take <paramref name="elementSize"/> bytes, was made.</summary>
    public void Add(Array array, int elementSize)
    {
        int newest = (_next + Capacity - 1) % Capacity;
        if (ReferenceEquals(_arrays[newest], array))
            return;
        _arrays[_next] = array;
        _elementSizes[_next] = elementSize;
        _next = (_next + 1) % Capacity;
    }

    /// <summary>The remembered array <paramref name="element"/> points into, and the index of that element.</summary>
    public bool TryFind(ref byte element, out Array array, out nint index)
    {
        for (int i = 0; i < Capacity; i++)
        {
            if (_arrays[i] is not { } candidate)
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
