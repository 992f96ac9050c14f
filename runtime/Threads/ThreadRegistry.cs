using System.Diagnostics;
using System.Runtime.CompilerServices;
using RaceDetector.Runtime.Clocks;

namespace RaceDetector.Runtime.Threads;

/// <summary>
/// Gives each thread of execution (OS thread or logical thread) a slot and a clock, and models fork
/// and join. Slots are reused after a thread ended, preferably by a thread whose creator's clock covers
/// the old occupant's last epoch: then the old thread's accesses really happen before the new one, and
/// sharing the slot cannot hide a race. Past <see cref="PreciseSlots"/> slots a free slot is reused even
/// when not covered, continuing its clock: that orders the new occupant after the old one (it may hide
/// a race between them) but keeps vector clocks bounded under fire-and-forget work.
/// </summary>
internal static class ThreadRegistry
{
    /// <summary>Below this many slots, only covered slots are reused.</summary>
    public const int PreciseSlots = 256;

    /// <summary>Per-Thread record: the fork clock left by Thread.Start and the state once attached.</summary>
    sealed class ThreadRecord
    {
        public VectorClock? ForkClock;
        public ThreadInfo? Info;
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
    static readonly List<(int Slot, long LastClock)> s_freeSlots = new();
    static int s_nextSlot;
    static int s_threadsSeen;
    static int s_logicalSeen;

    [ThreadStatic] static ExitWatcher? t_exitWatcher;

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
        var state = Create(record.ForkClock, info, ref s_threadsSeen);
        record.State = state;
        TrackedThread.Current = state;
        t_exitWatcher = new ExitWatcher(state);
        return state;
    }

    /// <summary>Starts a logical thread whose clock begins at <paramref name="fork"/>; the caller makes it current.</summary>
    public static TrackedThread BeginLogical(VectorClock fork, ThreadInfo info) => Create(fork, info, ref s_logicalSeen);

    /// <summary>Ends a logical thread: its slot goes back to the free list.</summary>
    public static void EndLogical(TrackedThread thread) => Retire(thread);

    static TrackedThread Create(VectorClock? fork, ThreadInfo info, ref int counter)
    {
        int slot;
        long startClock;
        lock (s_gate)
        {
            (slot, startClock) = TakeSlot(fork);
            counter++;
        }
        var clock = fork?.Clone() ?? new VectorClock();
        clock.Set(slot, startClock);
        return new TrackedThread(slot, clock, info);
    }

    /// <summary>Picks a free slot the fork clock covers, else a fresh one, else any free one. Caller holds <see cref="s_gate"/>.</summary>
    static (int Slot, long StartClock) TakeSlot(VectorClock? fork)
    {
        if (fork is not null)
        {
            for (int i = s_freeSlots.Count - 1; i >= 0; i--)
            {
                var (slot, lastClock) = s_freeSlots[i];
                if (fork[slot] >= lastClock)
                    return Reuse(i);
            }
        }
        if (s_freeSlots.Count > 0 && (s_nextSlot >= PreciseSlots || s_nextSlot >= Epoch.MaxSlots))
            return Reuse(0);
        if (s_nextSlot >= Epoch.MaxSlots)
            throw new InvalidOperationException($"more than {Epoch.MaxSlots} threads alive at once");
        return (s_nextSlot++, 1);

        static (int, long) Reuse(int index)
        {
            var (slot, lastClock) = s_freeSlots[index];
            s_freeSlots.RemoveAt(index);
            return (slot, lastClock + 1);
        }
    }

    /// <summary>Thread.Start: everything the parent did so far happens before the child's first action.</summary>
    public static void OnStarting(TrackedThread parent, Thread child, int site)
    {
        var record = s_records.GetValue(child, static _ => new ThreadRecord());
        record.ForkClock = parent.Clock.Clone();
        record.Info = new ThreadInfo(child.ManagedThreadId, child.Name, new StackTrace(2, true), site);
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
            s_freeSlots.Add((state.Slot, state.Clock[state.Slot]));
        }
    }
}
