using System.Diagnostics;
using System.Runtime.CompilerServices;
using RaceDetector.Runtime.Clocks;

namespace RaceDetector.Runtime.Threads;

/// <summary>
/// Gives each thread of execution (OS thread or logical thread) a slot and a clock, and models fork
/// and join. Slots are reused after a thread ended, preferably by a thread whose creator's clock covers
/// the old occupant's last epoch: then the old thread's accesses really happen before the new one, and
/// sharing the slot cannot hide a race. Past <see cref="PreciseSlots"/> slots, and only while more than
/// <see cref="Quarantine"/> slots are free, the slot freed longest ago is reused even when not covered,
/// continuing its clock: that orders the new occupant after the old one, which could hide a race between
/// them, but keeps vector clocks bounded under fire-and-forget work and long Parallel loops. Like
/// ThreadSanitizer's thread quarantine, taking the oldest free slot makes the old occupant one that
/// finished long ago, not a sibling that ran a moment before on the same OS thread.
/// </summary>
internal static class ThreadRegistry
{
    /// <summary>Below this many slots, only covered slots are reused.</summary>
    public const int PreciseSlots = 64;

    /// <summary>Uncovered reuse waits until more than this many slots are free, and takes the oldest.</summary>
    const int Quarantine = 16;

    /// <summary>How many of the most recently freed slots are checked for coverage.</summary>
    const int CoverageCandidates = 16;

    /// <summary>Per-Thread record: the fork clock left by Thread.Start and the state once attached.</summary>
    sealed class ThreadRecord
    {
        public VectorClock? ForkClock;
        public ThreadInfo? Info;
        public string? TestName;
        public volatile TrackedThread? State;
    }

    /// <summary>Retires a thread's slot when the thread dies without being joined.</summary>
    sealed class ExitWatcher
    {
        readonly TrackedThread _state;
        public ExitWatcher(TrackedThread state) => _state = state;
        ~ExitWatcher() => Retire(_state);
    }

    static readonly ConditionalWeakTable<Thread, ThreadRecord> s_records = new();
    static readonly object s_gate = new();
    static readonly List<FreeSlot> s_freeSlots = new();
    static int s_nextSlot;
    static int s_threadsSeen;
    static int s_logicalSeen;

    [ThreadStatic] static ExitWatcher? t_exitWatcher;

    // The slot this OS thread's last logical thread freed: the next one started here usually takes it
    // back without the global lock (Parallel iterations, await chains).
    [ThreadStatic] static FreeSlot t_spare;
    [ThreadStatic] static bool t_hasSpare;

    /// <summary>Number of distinct OS threads that ran instrumented code.</summary>
    public static int ThreadsSeen => Volatile.Read(ref s_threadsSeen);

    /// <summary>Number of logical threads (tasks, work items, continuations...) that ran.</summary>
    public static int LogicalThreadsSeen => Volatile.Read(ref s_logicalSeen);

    /// <summary>Slots ever handed out; stays small when threads are joined and slots reused.</summary>
    public static int SlotsAllocated => Volatile.Read(ref s_nextSlot);

    /// <summary>The calling thread's current thread of execution, attaching the OS thread on its first instrumented action.</summary>
    public static TrackedThread Current => TrackedThread.Current ?? Attach();

    static TrackedThread Attach()
    {
        var thread = Thread.CurrentThread;
        var record = s_records.GetValue(thread, static _ => new ThreadRecord());
        var info = record.Info ?? new ThreadInfo(thread.ManagedThreadId, thread.Name, createdAt: null, createdBySite: -1);
        var state = Create(record.ForkClock?.Clone() ?? new VectorClock(), info, ref s_threadsSeen);
        state.TestName = record.TestName;
        record.State = state;
        TrackedThread.Current = state;
        t_exitWatcher = new ExitWatcher(state);
        return state;
    }

    /// <summary>Starts a logical thread that takes <paramref name="fork"/> as its clock; the caller makes it current.</summary>
    public static TrackedThread BeginLogical(VectorClock fork, ThreadInfo info)
    {
        if (t_hasSpare && t_spare.IsCoveredBy(fork))
        {
            t_hasSpare = false;
            Interlocked.Increment(ref s_logicalSeen);
            fork.Set(t_spare.Slot, t_spare.NextClock);
            return new TrackedThread(t_spare.Slot, fork, info);
        }
        ReturnSpare();
        return Create(fork, info, ref s_logicalSeen);
    }

    /// <summary>Ends a logical thread: its slot becomes this OS thread's spare (the previous spare goes back to the free list).</summary>
    public static void EndLogical(TrackedThread thread)
    {
        if (thread.Retired)
            return;
        thread.Retired = true;
        thread.ForgetCaches();
        ReturnSpare();
        (t_spare, t_hasSpare) = (FreeSlot.Of(thread), true);
    }

    static void ReturnSpare()
    {
        if (!t_hasSpare)
            return;
        t_hasSpare = false;
        lock (s_gate)
            s_freeSlots.Add(t_spare);
    }

    /// <summary>A thread of execution whose clock is <paramref name="clock"/> (owned from now on) plus its own slot.</summary>
    static TrackedThread Create(VectorClock clock, ThreadInfo info, ref int counter)
    {
        int slot;
        long startClock;
        lock (s_gate)
        {
            (slot, startClock) = TakeSlot(clock);
            counter++;
        }
        clock.Set(slot, startClock);
        return new TrackedThread(slot, clock, info);
    }

    /// <summary>
    /// Picks a recently freed slot the fork clock covers; else, past <see cref="PreciseSlots"/> and with more
    /// than <see cref="Quarantine"/> free, the one freed longest ago; else a fresh one. Caller holds <see cref="s_gate"/>.
    /// </summary>
    static (int Slot, long StartClock) TakeSlot(VectorClock fork)
    {
        int last = s_freeSlots.Count - 1;
        for (int i = last; i >= 0 && i > last - CoverageCandidates; i--)
        {
            if (s_freeSlots[i].IsCoveredBy(fork))
                return Reuse(i);
        }
        if (s_freeSlots.Count > Quarantine && s_nextSlot >= PreciseSlots || s_freeSlots.Count > 0 && s_nextSlot >= Epoch.MaxSlots)
            return Reuse(0);
        if (s_nextSlot >= Epoch.MaxSlots)
            throw new InvalidOperationException($"more than {Epoch.MaxSlots} threads alive at once");
        return (s_nextSlot++, 1);

        static (int, long) Reuse(int index)
        {
            var free = s_freeSlots[index];
            s_freeSlots.RemoveAt(index); // keeps the list in freeing order
            return (free.Slot, free.NextClock);
        }
    }

    /// <summary>Thread.Start: everything the parent did so far happens before the child's first action.</summary>
    public static void OnStarting(TrackedThread parent, Thread child, int site)
    {
        var record = s_records.GetValue(child, static _ => new ThreadRecord());
        record.ForkClock = parent.Clock.Clone();
        record.Info = new ThreadInfo(child.ManagedThreadId, child.Name, new StackTrace(2, true), site);
        record.TestName = parent.TestName;
        parent.Tick();
    }

    /// <summary>A Join that returned true: everything the child did happens before the joiner's next action.</summary>
    public static void OnJoined(TrackedThread joiner, Thread child)
    {
        if (!s_records.TryGetValue(child, out var record) || record.State is not { } childState)
            return;
        joiner.Clock.JoinWith(childState.Clock);
        joiner.RefreshEpoch();
        Retire(childState);
    }

    /// <summary>Returns an ended thread's slot to the free list, with the clock value it reached.</summary>
    static void Retire(TrackedThread state)
    {
        lock (s_gate)
        {
            if (state.Retired)
                return;
            state.Retired = true;
            state.ForgetCaches();
            s_freeSlots.Add(FreeSlot.Of(state));
        }
    }
}

/// <summary>
/// A slot whose thread ended. A successor is covered when its fork clock includes the old thread's last
/// access; it starts past the old thread's final clock value, which others may know (from a join or a
/// release), so none of them can mistake the successor's accesses for ones they already saw.
/// </summary>
internal readonly record struct FreeSlot(int Slot, long LastAccessClock, long NextClock)
{
    public static FreeSlot Of(TrackedThread thread) => new(thread.Slot, thread.LastAccessClock, thread.Clock[thread.Slot] + 1);

    public bool IsCoveredBy(VectorClock fork) => fork[Slot] >= LastAccessClock;
}
