using RaceDetector.Runtime.Detection;

namespace RaceDetector.Runtime.Sync;

/// <summary>
/// The .NET memory model's "Object assignment" for objects set up outside their constructor (object initializers,
/// setters, <c>Add</c> calls): the objects of instrumented classes one thread allocated in its current epoch and has
/// not stored anywhere yet, the last <see cref="Capacity"/> of them. When the thread stores one into a field, static
/// or array element before any release, what it did to the object's own fields since allocating it is published
/// with the reference, as a constructor's stores are (<see cref="Publication"/>). A release ends the epoch and every
/// entry with it: by then the object may have been handed over some other way, and later stores publish nothing.
/// Owned by one thread. Entries are weak, so a dropped object is collected (and finalized) as usual; its type,
/// kept beside it, spares the weak lookup for objects of other types. Each entry remembers the first
/// <see cref="StatesPerObject"/> field shadows the thread touched, so publishing usually needs no reflection.
/// </summary>
internal sealed class FreshObjects
{
    const int Capacity = 4;
    const int StatesPerObject = 4;

    readonly WeakReference<object>[] _objects = new WeakReference<object>[Capacity];
    readonly Type?[] _types = new Type?[Capacity];
    long _epoch = Clocks.Epoch.Shared; // never a thread's epoch: no entry is current
    int _next;
    int _touched; // bit i: the thread accessed a field of entry i after its construction
    int _overflowed; // bit i: entry i touched more fields than it remembers
    readonly VarState?[] _states = new VarState?[Capacity * StatesPerObject];

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
        _overflowed &= ~(1 << _next);
        Array.Clear(_states, _next * StatesPerObject, StatesPerObject);
        _next = (_next + 1) % Capacity;
    }

    /// <summary>The thread accessed field <paramref name="state"/> of <paramref name="target"/>: publishing it must forget that access.</summary>
    public void Touched(object target, VarState state, long epoch)
    {
        if (epoch != _epoch || IndexOf(target) is not (var index and >= 0))
            return;
        _touched |= 1 << index;
        var states = _states.AsSpan(index * StatesPerObject, StatesPerObject);
        for (int i = 0; i < states.Length; i++)
        {
            if (ReferenceEquals(states[i], state))
                return;
            if (states[i] is null)
            {
                states[i] = state;
                return;
            }
        }
        _overflowed |= 1 << index;
    }

    /// <summary>
    /// The thread, in slot <paramref name="slot"/>, stores <paramref name="value"/>: when it was fresh, forgets what the
    /// thread did to its fields since it was built (they are published with the reference). Not fresh afterwards.
    /// </summary>
    public void Stored(object value, int slot, long epoch)
    {
        if (epoch != _epoch || IndexOf(value) is not (var index and >= 0))
            return;
        _types[index] = null;
        int bit = 1 << index;
        if ((_overflowed & bit) != 0)
            Publication.Publish(value);
        else if ((_touched & bit) != 0)
        {
            // No other thread can reach a fresh object yet: its shadows need no gate.
            foreach (var state in _states.AsSpan(index * StatesPerObject, StatesPerObject))
            {
                if (state is not null)
                    FastTrack.ForgetAccessesOf(slot, ref state.Write, ref state.Read);
            }
        }
        _touched &= ~bit;
        _overflowed &= ~bit;
    }

    /// <summary>After a release: no entry is fresh any more.</summary>
    public void Expire()
    {
        if (_epoch == Clocks.Epoch.Shared)
            return;
        Array.Clear(_types);
        Array.Clear(_states);
        _touched = 0;
        _overflowed = 0;
        _next = 0;
        _epoch = Clocks.Epoch.Shared;
    }

    // Newest first: the object a thread touches or stores is most often the one it allocated last.
    int IndexOf(object value)
    {
        var type = value.GetType();
        for (int age = 1; age <= Capacity; age++)
        {
            int i = (_next - age + Capacity) % Capacity;
            if (ReferenceEquals(_types[i], type) && _objects[i].TryGetTarget(out var target) && ReferenceEquals(target, value))
                return i;
        }
        return -1;
    }
}
