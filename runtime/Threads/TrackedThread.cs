using RaceDetector.Runtime.Clocks;
using RaceDetector.Runtime.Shadow;

namespace RaceDetector.Runtime.Threads;

/// <summary>
/// The detector's view of one running thread: its slot, vector clock, current epoch and held locks.
/// Only the owning thread mutates it, except when a joiner retires it after the thread ended.
/// </summary>
internal sealed class TrackedThread
{
    [ThreadStatic] static TrackedThread? t_current;

    AccessContext _root;
    List<(object Lock, int Site, AccessContext Before)>? _heldLocks;
    object? _lastLock;
    SyncClock? _lastLockClock;

    public TrackedThread(int slot, VectorClock clock, ThreadInfo info)
    {
        Slot = slot;
        Clock = clock;
        Info = info;
        Epoch = Clocks.Epoch.Make(clock[slot], slot);
        _root = new AccessContext(info, testName: null);
        Context = _root;
        SlotOccupants.Set(slot, this);
    }

    /// <summary>The calling thread's state, or null before its first instrumented action.</summary>
    public static TrackedThread? Current
    {
        get => t_current;
        set => t_current = value;
    }

    public int Slot { get; }

    public VectorClock Clock { get; }

    /// <summary>The thread's current epoch <c>C[Slot]@Slot</c>, cached for the fast path.</summary>
    public long Epoch;

    public ThreadInfo Info { get; }

    public AccessContext Context { get; private set; }

    // The array and lock caches may be emptied by another thread at any time (ForgetCaches): readers take
    // each field once and treat null as a miss. Only the owner stores non-null values, the key (array, lock)
    // last, so a hit on the key never meets another key's values.

    /// <summary>One-entry cache of the last array this thread touched and its shadow.</summary>
    public Array? CachedArray;

    /// <summary>Shadow of <see cref="CachedArray"/>.</summary>
    public ArrayShadow? CachedShadow;

    /// <summary>Read epochs of <see cref="CachedArray"/>'s elements, for the hooks' fast path.</summary>
    public long[]? CachedReads;

    /// <summary>Write epochs of <see cref="CachedArray"/>'s elements, for the hooks' fast path.</summary>
    public long[]? CachedWrites;

    /// <summary>The arrays this thread last made spans from, once it made one.</summary>
    public SpanSources? SpanSources;

    /// <summary>Objects allocated in this epoch and not stored yet, once this thread allocated one.</summary>
    public Sync.FreshObjects? Fresh;

    /// <summary>The shadow call stack of the OS thread this thread of execution runs on.</summary>
    public CallStack Calls { get; } = CallStack.ForCurrentThread();

    /// <summary>Set once the slot went back to the free list.</summary>
    public bool Retired;

    /// <summary>Set by slow paths that record an access in the current epoch; cleared by <see cref="Tick"/>.</summary>
    public bool AccessedInEpoch;

    /// <summary>The clock value of this thread's last recorded access (or release): what a successor of its slot must cover.</summary>
    public long LastAccessClock => AccessedInEpoch ? Clock[Slot] : Clock[Slot] - 1;

    /// <summary>Starts a new epoch; called after every release.</summary>
    public void Tick()
    {
        long next = Clock[Slot] + 1;
        Clock.Set(Slot, next);
        Epoch = Clocks.Epoch.Make(next, Slot);
        AccessedInEpoch = false;
        Fresh?.Expire();
    }

    /// <summary>Recomputes the cached epoch after the clock was joined with another.</summary>
    public void RefreshEpoch() => Epoch = Clocks.Epoch.Make(Clock[Slot], Slot);

    /// <summary>The test this thread of execution runs code for; logical threads and started threads inherit it.</summary>
    public string? TestName
    {
        get => _root.TestName;
        set
        {
            if (value == _root.TestName)
                return;
            _root = new AccessContext(Info, value);
            var context = _root;
            if (_heldLocks is not null)
            {
                for (int i = 0; i < _heldLocks.Count; i++)
                {
                    var (held, site, _) = _heldLocks[i];
                    _heldLocks[i] = (held, site, context);
                    context = context.WithLock(site);
                }
            }
            Context = context;
        }
    }

    /// <summary>The clock of a lock object, with a one-entry cache: code usually takes the same lock again.</summary>
    public SyncClock LockClock(object lockObject)
    {
        if (ReferenceEquals(_lastLock, lockObject) && _lastLockClock is { } cached)
            return cached;
        var clock = Sync.SyncObjects.ClockOf(lockObject);
        _lastLockClock = clock;
        _lastLock = lockObject;
        return clock;
    }

    public void OnLockAcquired(object lockObject, int site)
    {
        (_heldLocks ??= new()).Add((lockObject, site, Context));
        Context = Context.WithLock(site);
    }

    public void OnLockReleased(object lockObject)
    {
        if (_heldLocks is null)
            return;
        for (int i = _heldLocks.Count - 1; i >= 0; i--)
        {
            if (!ReferenceEquals(_heldLocks[i].Lock, lockObject))
                continue;
            var before = _heldLocks[i].Before;
            _heldLocks.RemoveAt(i);
            // Released out of order: rebuild the context of the locks still held after it.
            for (int j = i; j < _heldLocks.Count; j++)
            {
                var (held, site, _) = _heldLocks[j];
                _heldLocks[j] = (held, site, before);
                before = before.WithLock(site);
            }
            Context = before;
            return;
        }
    }

    /// <summary>
    /// Drops the caches that point at program objects: when the thread's slot is retired, and from the
    /// <see cref="CacheSweeper"/> while the thread may be running.
    /// </summary>
    public void ForgetCaches()
    {
        CachedArray = null;
        CachedShadow = null;
        CachedReads = null;
        CachedWrites = null;
        _lastLock = null;
        _lastLockClock = null;
    }

    /// <summary>Re-reads the thread name, which programs often set after the thread started.</summary>
    public void RefreshName(string? name)
    {
        if (name == Info.Name)
            return;
        Info.Name = name;
    }
}
