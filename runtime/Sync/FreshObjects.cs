namespace RaceDetector.Runtime.Sync;

/// <summary>
/// The .NET memory model's "Object assignment" for objects set up outside their constructor (object initializers,
/// setters, <c>Add</c> calls): the objects of instrumented classes one thread allocated in its current epoch and has
/// not stored anywhere yet, the last <see cref="Capacity"/> of them. When the thread stores one into a field, static
/// or array element before any release, what it did to the object's own fields since allocating it is published
/// with the reference, as a constructor's stores are (<see cref="Publication"/>). A release ends the epoch and every
/// entry with it: by then the object may have been handed over some other way, and later stores publish nothing.
/// Owned by one thread. Entries are weak, so a dropped object is collected (and finalized) as usual; its type,
/// kept beside it, spares the weak lookup for objects of other types.
/// </summary>
internal sealed class FreshObjects
{
    const int Capacity = 8;

    readonly WeakReference<object>[] _objects = new WeakReference<object>[Capacity];
    readonly Type?[] _types = new Type?[Capacity];
    long _epoch = Clocks.Epoch.Shared; // never a thread's epoch: no entry is current
    int _next;
    int _touched; // bit i: the thread accessed a field of entry i after its construction

    /// <summary>True when some entry belongs to <paramref name="epoch"/>.</summary>
    public bool IsCurrent(long epoch) => epoch == _epoch;

    public void Allocated(object value, long epoch)
    {
        if (epoch != _epoch)
        {
            Expire();
            _epoch = epoch;
        }
        var slot = _objects[_next];
        if (slot is null)
            _objects[_next] = new WeakReference<object>(value);
        else
            slot.SetTarget(value);
        _types[_next] = value.GetType();
        _touched &= ~(1 << _next);
        _next = (_next + 1) % Capacity;
    }

    /// <summary>The thread accessed a field of <paramref name="target"/>: publishing it must forget that access.</summary>
    public void Touched(object target, long epoch)
    {
        if (epoch == _epoch && IndexOf(target) is var index and >= 0)
            _touched |= 1 << index;
    }

    /// <summary>
    /// The thread stores <paramref name="value"/>: true when it was fresh and its fields were accessed since it was
    /// built, so those accesses are to be published. The object is no longer fresh either way.
    /// </summary>
    public bool Stored(object value, long epoch)
    {
        if (epoch != _epoch || IndexOf(value) is not (var index and >= 0))
            return false;
        _types[index] = null;
        bool touched = (_touched & (1 << index)) != 0;
        _touched &= ~(1 << index);
        return touched;
    }

    /// <summary>After a release: no entry is fresh any more.</summary>
    public void Expire()
    {
        if (_epoch == Clocks.Epoch.Shared)
            return;
        Array.Clear(_types);
        _touched = 0;
        _next = 0;
        _epoch = Clocks.Epoch.Shared;
    }

    int IndexOf(object value)
    {
        var type = value.GetType();
        for (int i = 0; i < Capacity; i++)
        {
            if (ReferenceEquals(_types[i], type) && _objects[i].TryGetTarget(out var target) && ReferenceEquals(target, value))
                return i;
        }
        return -1;
    }
}
