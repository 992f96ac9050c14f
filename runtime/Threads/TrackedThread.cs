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

    readonly List<(object Lock, int Site)> _heldLocks = new();

    public TrackedThread(int slot, VectorClock clock, ThreadInfo info)
    {
        Slot = slot;
        Clock = clock;
        Info = info;
        Epoch = Clocks.Epoch.Make(clock[slot], slot);
        Context = new AccessContext(info, Array.Empty<int>());
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

    /// <summary>The static-constructor generation this thread has acquired (see <see cref="Sync.StaticInit"/>).</summary>
    public int StaticInitGeneration;

    /// <summary>One-entry cache of the last array this thread touched and its shadow.</summary>
    public Array? CachedArray;

    /// <summary>Shadow of <see cref="CachedArray"/>.</summary>
    public ArrayShadow? CachedShadow;

    /// <summary>Set once the slot went back to the free list.</summary>
    public bool Retired;

    /// <summary>Starts a new epoch; called after every release.</summary>
    public void Tick()
    {
        long next = Clock[Slot] + 1;
        Clock.Set(Slot, next);
        Epoch = Clocks.Epoch.Make(next, Slot);
    }

    /// <summary>Recomputes the cached epoch after the clock was joined with another.</summary>
    public void RefreshEpoch() => Epoch = Clocks.Epoch.Make(Clock[Slot], Slot);

    public void OnLockAcquired(object lockObject, int site)
    {
        _heldLocks.Add((lockObject, site));
        RebuildContext();
    }

    public void OnLockReleased(object lockObject)
    {
        for (int i = _heldLocks.Count - 1; i >= 0; i--)
        {
            if (ReferenceEquals(_heldLocks[i].Lock, lockObject))
            {
                _heldLocks.RemoveAt(i);
                RebuildContext();
                return;
            }
        }
    }

    /// <summary>Re-reads the thread name, which programs often set after the thread started.</summary>
    public void RefreshName(string? name)
    {
        if (name == Info.Name)
            return;
        Info.Name = name;
    }

    void RebuildContext()
    {
        var sites = new int[_heldLocks.Count];
        for (int i = 0; i < sites.Length; i++)
            sites[i] = _heldLocks[i].Site;
        Context = new AccessContext(Info, sites);
    }
}
