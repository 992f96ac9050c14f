namespace RaceDetector.Runtime.Clocks;

/// <summary>
/// A growable vector clock indexed by thread slot. Missing entries read as zero.
/// Not thread-safe: the owner thread, or the holder of the owning sync object's lock, mutates it.
/// </summary>
internal sealed class VectorClock
{
    long[] _values;

    public VectorClock(int capacity = 4) => _values = new long[Math.Max(capacity, 1)];

    public int Length => _values.Length;

    public long this[int slot]
    {
        get
        {
            var values = _values;
            return (uint)slot < (uint)values.Length ? values[slot] : 0;
        }
    }

    public void Set(int slot, long value)
    {
        EnsureLength(slot + 1);
        _values[slot] = value;
    }

    /// <summary>Pointwise maximum: this := this ⊔ other.</summary>
    public void JoinWith(VectorClock other)
    {
        var source = other._values;
        int used = UsedLength(source);
        EnsureLength(used);
        var target = _values;
        for (int i = 0; i < used; i++)
        {
            if (source[i] > target[i])
                target[i] = source[i];
        }
    }

    /// <summary>Entries past the last non-zero one carry nothing; joins skip them.</summary>
    static int UsedLength(long[] values)
    {
        int used = values.Length;
        while (used > 0 && values[used - 1] == 0)
            used--;
        return used;
    }

    /// <summary>True when every entry of <paramref name="other"/> is at most the matching entry here.</summary>
    public bool Covers(VectorClock other)
    {
        var source = other._values;
        for (int i = 0; i < source.Length; i++)
        {
            if (source[i] > this[i])
                return false;
        }
        return true;
    }

    public VectorClock Clone()
    {
        var copy = new VectorClock(_values.Length);
        Array.Copy(_values, copy._values, _values.Length);
        return copy;
    }

    /// <summary>Grows to what the slots in use need (rounded up a little), never by doubling: clocks joined back and forth must not outgrow them.</summary>
    void EnsureLength(int length)
    {
        if (length <= _values.Length)
            return;
        var grown = new long[(length + 7) & ~7];
        Array.Copy(_values, grown, _values.Length);
        _values = grown;
    }

    public override string ToString() => "[" + string.Join(", ", _values) + "]";
}
