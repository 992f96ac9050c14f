// Synchronization primitives, one scenario per run: `Primitives <scenario>`.
// Every primitive has a race-free scenario (no race, exit 0, the output below each scenario) and a
// misuse whose races are exactly the lines marked `// RACE: <member> (read|write)`.
// Determinism: a race is reported whenever both accesses run without a happens-before path between
// them, whatever the timing. So in every misuse both racy accesses always run and no modelled edge can
// order them under any interleaving, and every clean scenario is correct under every interleaving.
using System.Collections.Immutable;
using System.Runtime.CompilerServices;

var scenarios = new Dictionary<string, Action>
{
    ["monitor"] = () => new Monitors().Clean(),
    ["monitor-misuse"] = () => new Monitors().Misuse(),
    ["lock-type"] = () => new LockType().Clean(),
    ["lock-type-misuse"] = () => new LockType().Misuse(),
    ["synchronized"] = SynchronizedMethods.Clean,
    ["synchronized-misuse"] = SynchronizedMethods.Misuse,
    ["atomics"] = () => new Atomics().Clean(),
    ["volatile-misuse"] = () => new Atomics().VolatileMisuse(),
    ["volatile-read-first-misuse"] = () => new Atomics().VolatileReadFirstMisuse(),
    ["interlocked-misuse"] = () => new Atomics().InterlockedMisuse(),
    ["interlocked-first-misuse"] = () => new Atomics().InterlockedFirstMisuse(),
    ["interlocked-last-misuse"] = () => new Atomics().InterlockedLastMisuse(),
    ["fence-misuse"] = () => new Atomics().FenceMisuse(),
    ["immutable-interlocked"] = () => new ImmutableUpdates().Clean(),
    ["immutable-interlocked-misuse"] = () => new ImmutableUpdates().Misuse(),
    ["consumed"] = () => new ConsumedReferences().Clean(),
    ["consumed-value-misuse"] = () => new ConsumedReferences().ValueMisuse(),
    ["atomic-struct"] = () => new AtomicStructs().Clean(),
    ["atomic-struct-misuse"] = () => new AtomicStructs().Misuse(),
    ["semaphore-slim"] = () => new Semaphores().SlimClean(),
    ["semaphore-slim-misuse"] = () => new Semaphores().SlimMisuse(),
    ["semaphore-slim-pending"] = () => new Semaphores().SlimPending(),
    ["semaphore"] = () => new Semaphores().KernelClean(),
    ["semaphore-misuse"] = () => new Semaphores().KernelMisuse(),
    ["events"] = () => new Events().Clean(),
    ["manual-event-misuse"] = () => new Events().ManualMisuse(),
    ["auto-event-misuse"] = () => new Events().AutoMisuse(),
    ["slim-event-misuse"] = () => new Events().SlimMisuse(),
    ["wait-any-misuse"] = () => new Events().WaitAnyMisuse(),
    ["countdown"] = () => new Countdowns().Clean(),
    ["countdown-misuse"] = () => new Countdowns().Misuse(),
    ["barrier"] = () => new Barriers().Clean(),
    ["barrier-misuse"] = () => new Barriers().Misuse(),
    ["barrier-post-phase"] = () => new Barriers().PostPhase(),
    ["barrier-leave"] = () => new Barriers().Leave(),
    ["barrier-leave-misuse"] = () => new Barriers().LeaveMisuse(),
    ["rwlock"] = () => new ReaderWriter().Clean(),
    ["rwlock-misuse"] = () => new ReaderWriter().Misuse(),
    ["mutex"] = () => new Mutexes().Clean(),
    ["mutex-misuse"] = () => new Mutexes().Misuse(),
    ["spinlock"] = () => new SpinLocks().Clean(),
    ["spinlock-misuse"] = () => new SpinLocks().Misuse(),
    ["interrupt"] = () => new Interrupts().Clean(),
    ["interrupt-misuse"] = () => new Interrupts().Misuse(),
    ["interrupt-join-timeout"] = () => new Interrupts().JoinWithTimeout(),
    ["static-ctor"] = StaticConstructors.Clean,
    ["static-ctor-misuse"] = StaticConstructors.Misuse,
    ["publication"] = () => new Publication().Clean(),
    ["publication-misuse"] = () => new Publication().Misuse(),
    ["publication-initializer-misuse"] = () => new Publication().InitializerMisuse(),
    ["publication-late-write-misuse"] = () => new Publication().LateWriteMisuse(),
};
return Scenarios.Run("Primitives", args, scenarios);

/// <summary>Named threads: <see cref="Run"/> starts them all, then joins them all.</summary>
// ---------------------------------------------------------------------------------------------------
// lock / Monitor: Enter, TryEnter (edge only when it succeeded), Exit, Wait/Pulse.
// monitor: count=2400 consumed=42. monitor-misuse: intruder entered: False; race on tally.
sealed class Monitors
{
    readonly object gate = new();
    readonly object door = new();
    readonly ManualResetEventSlim held = new();
    readonly ManualResetEventSlim done = new();
    int count;
    int item;
    bool available;
    int consumed;
    int tally;
    bool intruderEntered;

    public void Clean()
    {
        Workers.Run(("adder-1", Add), ("adder-2", Add));
        Workers.Run(("consumer", Consume), ("producer", Produce));
        Console.WriteLine($"count={count} consumed={consumed}");
    }

    void Add()
    {
        for (int i = 0; i < 200; i++)
        {
            lock (gate)
                count++;
            Monitor.Enter(gate);
            try { count++; } finally { Monitor.Exit(gate); }
            bool taken = false;
            while (!taken)
                Monitor.TryEnter(gate, ref taken); // failed attempts order nothing; the one that succeeds does
            try { count++; } finally { Monitor.Exit(gate); }
            if (Monitor.TryEnter(gate, TimeSpan.FromSeconds(30)))
            {
                try { count++; } finally { Monitor.Exit(gate); }
            }
            else
            {
                Console.WriteLine("TryEnter timed out");
            }
            bool entered = false;
            Monitor.TryEnter(gate, 30_000, ref entered);
            try { count++; } finally { if (entered) Monitor.Exit(gate); }
            entered = false;
            Monitor.Enter(gate, ref entered);
            try { count++; } finally { Monitor.Exit(gate); }
        }
    }

    void Produce()
    {
        lock (gate)
        {
            item = 42;
            available = true;
            Monitor.PulseAll(gate);
        }
    }

    void Consume()
    {
        lock (gate)
        {
            while (!available)
                Monitor.Wait(gate);
            consumed = item;
        }
    }

    // The holder keeps `door` until the intruder says it is done, so the intruder's TryEnter always
    // fails; the intruder then writes anyway. Its write and the holder's (made after `held.Set()`) are
    // ordered by nothing.
    public void Misuse()
    {
        Workers.Run(("holder", Hold), ("intruder", Intrude));
        Console.WriteLine($"intruder entered: {intruderEntered}");
    }

    void Hold()
    {
        lock (door)
        {
            held.Set();
            tally += 1; // RACE: tally (write)
            done.Wait();
        }
    }

    void Intrude()
    {
        held.Wait();
        intruderEntered = Monitor.TryEnter(door);
        if (!intruderEntered)
            tally++; // RACE: tally (write)
        done.Set();
        if (intruderEntered)
            Monitor.Exit(door);
    }
}

// ---------------------------------------------------------------------------------------------------
// System.Threading.Lock: lock statement (EnterScope), Enter/Exit, TryEnter, EnterScope.
// lock-type: count=2000. lock-type-misuse: done; race on lockTotal (each thread locks its own Lock).
sealed class LockType
{
    readonly Lock gate = new();
    int count;
    int lockTotal;

    public void Clean()
    {
        Workers.Run(("locker-1", Work), ("locker-2", Work));
        Console.WriteLine($"count={count}");
    }

    void Work()
    {
        for (int i = 0; i < 200; i++)
        {
            lock (gate)
                count++;
            gate.Enter();
            try { count++; } finally { gate.Exit(); }
            using (gate.EnterScope())
                count++;
            while (!gate.TryEnter())
                Thread.Yield();
            try { count++; } finally { gate.Exit(); }
            if (gate.TryEnter(TimeSpan.FromSeconds(30)))
            {
                try { count++; } finally { gate.Exit(); }
            }
            else
            {
                Console.WriteLine("TryEnter timed out");
            }
        }
    }

    public void Misuse()
    {
        Workers.Run(("locker-1", WorkOnOwnLock), ("locker-2", WorkOnOwnLock));
        Console.WriteLine("done");
    }

    void WorkOnOwnLock()
    {
        var mine = new Lock(); // the bug: a lock nobody else takes
        lock (mine)
            lockTotal++; // RACE: lockTotal (write)
    }
}

// ---------------------------------------------------------------------------------------------------
// [MethodImpl(Synchronized)]: instance methods lock `this`, static methods lock the type.
// synchronized: value=1000 total=1000. synchronized-misuse: done; race on static grand (two instances).
sealed class SynchronizedMethods
{
    static int total;
    static int grand;
    int value;

    [MethodImpl(MethodImplOptions.Synchronized)]
    void Add() => value++;

    [MethodImpl(MethodImplOptions.Synchronized)]
    static void AddTotal() => total++;

    [MethodImpl(MethodImplOptions.Synchronized)]
    void AddGrand() => grand++; // RACE: grand (write)

    void Work()
    {
        for (int i = 0; i < 500; i++)
        {
            Add();
            AddTotal();
        }
    }

    public static void Clean()
    {
        var shared = new SynchronizedMethods();
        Workers.Run(("sync-1", shared.Work), ("sync-2", shared.Work));
        Console.WriteLine($"value={shared.value} total={total}");
    }

    public static void Misuse()
    {
        // The bug: each thread synchronizes on its own instance, but the counter is static.
        Workers.Run(("sync-1", new SynchronizedMethods().AddGrand), ("sync-2", new SynchronizedMethods().AddGrand));
        Console.WriteLine("done");
    }
}

// ---------------------------------------------------------------------------------------------------
// volatile fields, Volatile.Read/Write, Interlocked; standalone fences are not modelled.
// atomics: data=1 payload=2 box=3 hits=3000.
// volatile-misuse: race on level (plain write, then Volatile.Read). volatile-read-first-misuse: race on
// lateLevel (Volatile.Read, then plain write). interlocked-misuse: race on score (Interlocked.Increment
// vs plain write, concurrent: either order). interlocked-first-misuse: race on firstScore
// (Interlocked.Increment, then plain write). interlocked-last-misuse: race on lastScore (plain write, then
// Interlocked.Increment). fence-misuse: races on fencedData and fencedReady.
// The fixed orders come from CancellationToken.IsCancellationRequested, which orders nothing for the detector.
sealed class Box
{
    public int Value;
}

sealed class Atomics
{
    int data;
    volatile bool ready;
    int payload;
    int flag;
    Box? shared;
    int hits;
    int seenData, seenPayload, seenBox, peeked;
    int level;
    int lateLevel;
    // CancellationToken.IsCancellationRequested is not modelled: it orders nothing for the detector, and
    // only fixes which racy access comes first in real time.
    readonly CancellationTokenSource levelWritten = new();
    readonly CancellationTokenSource levelRead = new();
    int score;
    int firstScore;
    int lastScore;
    readonly CancellationTokenSource scoreBumped = new();
    readonly CancellationTokenSource scoreWritten = new();
    int fencedData;
    bool fencedReady;

    public void Clean()
    {
        Workers.Run(("sender", Send), ("receiver", Receive), ("counter-1", Count), ("counter-2", Count), ("peeker", Peek));
        Console.WriteLine($"data={seenData} payload={seenPayload} box={seenBox} hits={hits}");
    }

    void Send()
    {
        data = 1;
        ready = true;
        payload = 2;
        Volatile.Write(ref flag, 1);
        var box = new Box();
        box.Value = 3;
        Interlocked.CompareExchange(ref shared, box, null);
    }

    void Receive()
    {
        while (!ready)
            Thread.Yield();
        seenData = data;
        while (Volatile.Read(ref flag) == 0)
            Thread.Yield();
        seenPayload = payload;
        Box? box;
        while ((box = Volatile.Read(ref shared)) is null)
            Thread.Yield();
        seenBox = box.Value;
    }

    void Count()
    {
        for (int i = 0; i < 500; i++)
        {
            Interlocked.Increment(ref hits);
            Interlocked.Add(ref hits, 2);
            Interlocked.Decrement(ref hits);
            int seen;
            do seen = Volatile.Read(ref hits);
            while (Interlocked.CompareExchange(ref hits, seen + 1, seen) != seen);
        }
    }

    void Peek()
    {
        for (int i = 0; i < 200; i++)
            peeked = hits; // a plain read of a location only updated atomically: not reported
    }

    public void VolatileMisuse()
    {
        Workers.Run(("writer", WriteLevel), ("reader", ReadLevelAfterWrite));
        Console.WriteLine("done");
    }

    void WriteLevel()
    {
        level = 3; // RACE: level (write)
        levelWritten.Cancel();
    }

    void ReadLevelAfterWrite()
    {
        while (!levelWritten.IsCancellationRequested)
            Thread.Yield();
        seenData = Volatile.Read(ref level); // RACE: level (read)
    }

    public void VolatileReadFirstMisuse()
    {
        Workers.Run(("reader", ReadLevelFirst), ("writer", WriteLevelAfterRead));
        Console.WriteLine("done");
    }

    void ReadLevelFirst()
    {
        seenData = Volatile.Read(ref lateLevel); // RACE: lateLevel (read)
        levelRead.Cancel();
    }

    void WriteLevelAfterRead()
    {
        while (!levelRead.IsCancellationRequested)
            Thread.Yield();
        lateLevel = 3; // RACE: lateLevel (write)
    }

    public void InterlockedMisuse()
    {
        Workers.Run(("bumper", Bump), ("resetter", Reset));
        Console.WriteLine("done");
    }

    void Bump() => Interlocked.Increment(ref score); // RACE: score (write)

    void Reset() => score = 0; // RACE: score (write)

    public void InterlockedFirstMisuse()
    {
        Workers.Run(("bumper", BumpFirst), ("resetter", ResetAfterBump));
        Console.WriteLine("done");
    }

    void BumpFirst()
    {
        Interlocked.Increment(ref firstScore); // RACE: firstScore (write)
        scoreBumped.Cancel();
    }

    void ResetAfterBump()
    {
        while (!scoreBumped.IsCancellationRequested)
            Thread.Yield();
        firstScore = 0; // RACE: firstScore (write)
    }

    public void InterlockedLastMisuse()
    {
        Workers.Run(("resetter", ResetFirst), ("bumper", BumpAfterReset));
        Console.WriteLine("done");
    }

    void ResetFirst()
    {
        lastScore = 0; // RACE: lastScore (write)
        scoreWritten.Cancel();
    }

    void BumpAfterReset()
    {
        while (!scoreWritten.IsCancellationRequested)
            Thread.Yield();
        Interlocked.Increment(ref lastScore); // RACE: lastScore (write)
    }

    public void FenceMisuse()
    {
        Workers.Run(("sender", FenceSend), ("receiver", FenceReceive));
        Console.WriteLine("done");
    }

    void FenceSend()
    {
        fencedData = 7; // RACE: fencedData (write)
        Thread.MemoryBarrier(); // a fence orders nothing for the detector
        fencedReady = true; // RACE: fencedReady (write)
    }

    void FenceReceive()
    {
        while (!fencedReady) // RACE: fencedReady (read)
            Thread.Yield();
        Interlocked.MemoryBarrier();
        seenData = fencedData; // RACE: fencedData (read)
    }
}

// ---------------------------------------------------------------------------------------------------
// ImmutableInterlocked: each method reads and publishes its location atomically (Volatile and Interlocked
// inside the framework), so an object built before Update/GetOrAdd/Push is published to the readers
// that find it through the location.
// immutable-interlocked: items=6 total=60 stacked=2 cached=7.
// immutable-interlocked-misuse: race on roster (a plain store against ImmutableInterlocked.Update).
sealed class ImmutableUpdates
{
    ImmutableList<Box> items = ImmutableList<Box>.Empty;
    ImmutableStack<Box> stack = ImmutableStack<Box>.Empty;
    ImmutableDictionary<int, Box> cache = ImmutableDictionary<int, Box>.Empty;
    ImmutableList<int> roster = ImmutableList<int>.Empty;
    readonly CancellationTokenSource rosterUpdated = new();

    public void Clean()
    {
        Workers.Run(("adder-1", () => Add(1)), ("adder-2", () => Add(2)), ("reader", ReadAll));
        int total = 0;
        foreach (var box in Volatile.Read(ref items))
            total += box.Value;
        Console.WriteLine($"items={items.Count} total={total} stacked={Count(stack)} cached={Volatile.Read(ref cache)[7].Value}");
    }

    void Add(int worker)
    {
        for (int i = 0; i < 3; i++)
        {
            var box = new Box();
            box.Value = 10;
            ImmutableInterlocked.Update(ref items, list => list.Add(box));
        }
        var pushed = new Box();
        pushed.Value = worker;
        ImmutableInterlocked.Push(ref stack, pushed);
        ImmutableInterlocked.GetOrAdd(ref cache, 7, key => { var made = new Box(); made.Value = key; return made; });
    }

    void ReadAll()
    {
        int seen = 0;
        while (seen < 2)
        {
            seen = 0;
            foreach (var box in Volatile.Read(ref stack))
                seen += box.Value > 0 ? 1 : 0;
            Thread.Yield();
        }
        if (ImmutableInterlocked.TryPop(ref stack, out var popped))
            ImmutableInterlocked.Push(ref stack, popped);
    }

    static int Count(ImmutableStack<Box> boxes) => boxes.Count();

    public void Misuse()
    {
        Workers.Run(("updater", UpdateRoster), ("resetter", ResetRoster));
        Console.WriteLine("done");
    }

    void UpdateRoster()
    {
        ImmutableInterlocked.Update(ref roster, list => list.Add(1)); // RACE: roster (write)
        rosterUpdated.Cancel();
    }

    void ResetRoster()
    {
        while (!rosterUpdated.IsCancellationRequested)
            Thread.Yield();
        roster = ImmutableList<int>.Empty; // RACE: roster (write)
    }
}

// ---------------------------------------------------------------------------------------------------
// A reference field updated atomically and read plainly: an event (its add accessor is an
// Interlocked.CompareExchange loop; raising it reads the field plainly) and a cache filled with
// Interlocked.CompareExchange and read with `??`. The loads through the reference depend on the plain
// read, so they see what was written before the atomic update (object initializers here, not
// constructors). A value-typed flag orders nothing that way.
// consumed: raised=2 cached=11.
// consumed-value-misuse: race on stamped (a plain read of an Interlocked int orders nothing).
sealed class Listener
{
    public string? Prefix;
    public int Seen;

    public void OnChanged(object? sender, EventArgs e) => Seen += Prefix!.Length;
}

sealed class Setting
{
    public int Level;
}

sealed class ConsumedReferences
{
    event EventHandler? Changed;
    Setting? cached;
    readonly Listener listener = new();
    int cachedLevel;
    int stamp;
    int stamped;
    int stampSeen;

    public void Clean()
    {
        Workers.InTurn("subscriber", Subscribe, "raiser", () => Changed?.Invoke(this, EventArgs.Empty));
        Workers.InTurn("filler", () => Cache(), "user", () => cachedLevel = Cache().Level);
        Console.WriteLine($"raised={listener.Seen} cached={cachedLevel}");
    }

    void Subscribe()
    {
        listener.Prefix = "on";
        Changed += listener.OnChanged;
    }

    Setting Cache() => cached ?? Fill();

    Setting Fill()
    {
        var made = new Setting { Level = 11 };
        return Interlocked.CompareExchange(ref cached, made, null) ?? made;
    }

    public void ValueMisuse()
    {
        Workers.InTurn("stamper", Stamp, "reader", ReadStamped);
        Console.WriteLine("done");
    }

    void Stamp()
    {
        stamped = 5; // RACE: stamped (write)
        Interlocked.Exchange(ref stamp, 1);
    }

    void ReadStamped()
    {
        if (stamp == 1)
            stampSeen = stamped; // RACE: stamped (read)
    }
}

// ---------------------------------------------------------------------------------------------------
// A struct that updates its own fields only with Interlocked, used in place in an array element and in a
// field (the shape of lock-free slot tables and caches): its methods only read the variable that holds the
// struct, so threads calling them on one shared element do not race with each other.
// atomic-struct: owner=1 hits=4000.
// atomic-struct-misuse: race on slots (a plain write of the element vs the struct's Interlocked update).
struct Slot
{
    int owner;
    int hits;

    public bool TryClaim(int id) => Interlocked.CompareExchange(ref owner, id, 0) == 0;

    public void Hit() => Interlocked.Increment(ref hits);

    public int Owner() => Volatile.Read(ref owner);

    public int Hits() => Volatile.Read(ref hits);
}

sealed class AtomicStructs
{
    readonly Slot[] slots = new Slot[2];
    Slot single;
    readonly CancellationTokenSource hit = new();

    public void Clean()
    {
        Workers.Run(("claimer-1", () => Use(1)), ("claimer-2", () => Use(1)));
        Console.WriteLine($"owner={slots[0].Owner()} hits={slots[0].Hits() + single.Hits()}");
    }

    void Use(int id)
    {
        for (int i = 0; i < 1000; i++)
        {
            slots[0].TryClaim(id);
            slots[0].Hit();
            single.Hit();
        }
    }

    public void Misuse()
    {
        Workers.Run(("hitter", HitFirst), ("resetter", ResetAfterHit));
        Console.WriteLine("done");
    }

    void HitFirst()
    {
        slots[1].Hit(); // RACE: slots (read)
        hit.Cancel();
    }

    void ResetAfterHit()
    {
        while (!hit.IsCancellationRequested)
            Thread.Yield();
        slots[1] = default; // RACE: slots (write)
    }
}

// ---------------------------------------------------------------------------------------------------
// SemaphoreSlim and Semaphore: Release happens before the wait it satisfies; initial permits carry
// nothing, so holders of a semaphore with several permits are not ordered.
// semaphore-slim: count=800 handed=5 async=6. semaphore-slim-misuse: done; race on pairCount.
// semaphore: count=400 handed=8+8. semaphore-misuse: done; race on kernelPairCount.
sealed class Semaphores
{
    readonly SemaphoreSlim slimMutex = new(1, 1);
    readonly SemaphoreSlim slimHandoff = new(0);
    readonly SemaphoreSlim slimAsync = new(0, 1);
    readonly SemaphoreSlim slimPair = new(2, 2);
    readonly Semaphore kernelMutex = new(1, 1);
    readonly Semaphore kernelHandoff = new(0, 2);
    readonly Semaphore kernelPair = new(2, 2);
    int count, handed, seenHanded, asyncData, seenAsync;
    int kernelCount, kernelData, kernelSeen1, kernelSeen2;
    int pairCount, kernelPairCount;

    public void SlimClean()
    {
        Workers.Run(("worker-1", SlimWork), ("worker-2", SlimWork), ("producer", SlimProduce), ("consumer", SlimConsume),
            ("async-consumer", () => SlimConsumeAsync().GetAwaiter().GetResult()));
        Console.WriteLine($"count={count} handed={seenHanded} async={seenAsync}");
    }

    void SlimWork()
    {
        for (int i = 0; i < 200; i++)
        {
            slimMutex.Wait();
            count++;
            slimMutex.Release();
            if (slimMutex.Wait(30_000))
            {
                count++;
                slimMutex.Release();
            }
        }
    }

    void SlimProduce()
    {
        handed = 5;
        slimHandoff.Release();
        asyncData = 6;
        slimAsync.Release();
    }

    void SlimConsume()
    {
        slimHandoff.Wait();
        seenHanded = handed;
    }

    async Task SlimConsumeAsync()
    {
        await slimAsync.WaitAsync();
        seenAsync = asyncData;
    }

    // WaitAsync called while no permit is free: it completes when the producer releases. The consumer
    // tells the producer it is waiting (an edge from consumer to producer only).
    // semaphore-slim-pending: pending=9 timed=10.
    readonly SemaphoreSlim slimPending = new(0);
    readonly ManualResetEventSlim consumerWaiting = new();
    readonly ManualResetEventSlim consumerWaitingAgain = new();
    int pendingData, seenPending, seenTimed;

    public void SlimPending()
    {
        Workers.Run(("consumer", () => ConsumePendingAsync().GetAwaiter().GetResult()), ("producer", ProducePending));
        Console.WriteLine($"pending={seenPending} timed={seenTimed}");
    }

    async Task ConsumePendingAsync()
    {
        var pending = slimPending.WaitAsync();
        consumerWaiting.Set();
        await pending;
        seenPending = pendingData;
        var timed = slimPending.WaitAsync(TimeSpan.FromSeconds(30));
        consumerWaitingAgain.Set();
        if (await timed)
            seenTimed = pendingData;
    }

    void ProducePending()
    {
        consumerWaiting.Wait();
        pendingData = 9;
        slimPending.Release();
        consumerWaitingAgain.Wait();
        pendingData = 10;
        slimPending.Release();
    }

    public void SlimMisuse()
    {
        Workers.Run(("worker-1", SlimPairWork), ("worker-2", SlimPairWork));
        Console.WriteLine("done");
    }

    void SlimPairWork()
    {
        slimPair.Wait(); // the bug: two permits, so both workers hold one at once
        pairCount++; // RACE: pairCount (write)
        slimPair.Release();
    }

    public void KernelClean()
    {
        Workers.Run(("worker-1", KernelWork), ("worker-2", KernelWork), ("producer", KernelProduce),
            ("consumer-1", () => kernelSeen1 = KernelConsume()), ("consumer-2", () => kernelSeen2 = KernelConsume()));
        Console.WriteLine($"count={kernelCount} handed={kernelSeen1}+{kernelSeen2}");
    }

    void KernelWork()
    {
        for (int i = 0; i < 200; i++)
        {
            kernelMutex.WaitOne();
            kernelCount++;
            kernelMutex.Release();
        }
    }

    void KernelProduce()
    {
        kernelData = 8;
        kernelHandoff.Release(2);
    }

    int KernelConsume()
    {
        if (!kernelHandoff.WaitOne(30_000))
            return -1;
        return kernelData;
    }

    public void KernelMisuse()
    {
        Workers.Run(("worker-1", KernelPairWork), ("worker-2", KernelPairWork));
        Console.WriteLine("done");
    }

    void KernelPairWork()
    {
        kernelPair.WaitOne(); // the bug: two permits
        kernelPairCount++; // RACE: kernelPairCount (write)
        kernelPair.Release();
    }
}

// ---------------------------------------------------------------------------------------------------
// ManualResetEvent, AutoResetEvent, EventWaitHandle (Set -> WaitOne true), ManualResetEventSlim
// (Set -> Wait true), WaitHandle.WaitAll / WaitAny.
// events: manual=1 handle=3 slim=4 ping=10,20 pong=11 any=ok all=11.
// manual-event-misuse: race on earlyData (read before WaitOne). auto-event-misuse: race on autoLate
// (write after Set). slim-event-misuse: race on slimLate (write after Set). wait-any-misuse: race on
// anySecond (read data of a handle WaitAny did not return).
sealed class Events
{
    readonly ManualResetEvent manual = new(false);
    readonly EventWaitHandle handle = new(false, EventResetMode.ManualReset);
    readonly ManualResetEventSlim slim = new();
    readonly AutoResetEvent ping = new(false);
    readonly AutoResetEvent pong = new(false);
    readonly ManualResetEvent first = new(false);
    readonly ManualResetEvent second = new(false);
    readonly ManualResetEvent consumerDone = new(false);
    int manualData, handleData, slimData, pingData, pongData, firstData, secondData;
    int seenManual, seenHandle, seenSlim, seenPing1, seenPing2, seenPong, seenAll;
    bool anyOk;
    int earlyData, autoLate, slimLate, anySecond, sink;

    public void Clean()
    {
        Workers.Run(("signaller", Signal), ("waiter", Wait), ("first-producer", ProduceFirst), ("second-producer", ProduceSecond),
            ("gatherer", Gather));
        Console.WriteLine($"manual={seenManual} handle={seenHandle} slim={seenSlim} ping={seenPing1},{seenPing2} pong={seenPong} "
            + $"any={(anyOk ? "ok" : "wrong")} all={seenAll}");
    }

    void Signal()
    {
        manualData = 1;
        manual.Set();
        handleData = 3;
        handle.Set();
        slimData = 4;
        slim.Set();
        pingData = 10;
        ping.Set();
        pong.WaitOne();
        seenPong = pongData;
        pingData = 20; // after the waiter's read of the first value: ordered by pong
        ping.Set();
    }

    void Wait()
    {
        manual.WaitOne();
        seenManual = manualData;
        if (handle.WaitOne(30_000))
            seenHandle = handleData;
        if (slim.Wait(TimeSpan.FromSeconds(30)))
            seenSlim = slimData;
        ping.WaitOne();
        seenPing1 = pingData;
        pongData = 11;
        pong.Set();
        ping.WaitOne(TimeSpan.FromSeconds(30));
        seenPing2 = pingData;
    }

    void ProduceFirst()
    {
        firstData = 5;
        first.Set();
    }

    void ProduceSecond()
    {
        secondData = 6;
        second.Set();
    }

    void Gather()
    {
        int index = WaitHandle.WaitAny([first, second]);
        anyOk = index == 0 ? firstData == 5 : secondData == 6;
        if (WaitHandle.WaitAll([first, second], 30_000))
            seenAll = firstData + secondData;
    }

    public void ManualMisuse()
    {
        Workers.Run(("early-reader", EarlyRead), ("writer", () => { earlyData = 1; manual.Set(); })); // RACE: earlyData (write)
        Console.WriteLine("done");
    }

    void EarlyRead()
    {
        sink = earlyData; // RACE: earlyData (read)
        manual.WaitOne(); // the bug: the read above came before the wait
    }

    public void AutoMisuse()
    {
        Workers.Run(("setter", AutoSet), ("waiter", () => { ping.WaitOne(); sink = autoLate; })); // RACE: autoLate (read)
        Console.WriteLine("done");
    }

    void AutoSet()
    {
        ping.Set();
        autoLate = 1; // RACE: autoLate (write)
    }

    public void SlimMisuse()
    {
        Workers.Run(("setter", SlimSet), ("waiter", () => { slim.Wait(); sink = slimLate; })); // RACE: slimLate (read)
        Console.WriteLine("done");
    }

    void SlimSet()
    {
        slim.Set();
        slimLate = 1; // RACE: slimLate (write)
    }

    // `second` is set only after the gatherer is done, so WaitAny always returns 0; reading the data
    // of `second` is then ordered by nothing.
    public void WaitAnyMisuse()
    {
        Workers.Run(("first-producer", ProduceFirst), ("second-producer", ProduceSecondLate), ("gatherer", GatherWrongly));
        Console.WriteLine($"any={(anyOk ? "0" : "other")}");
    }

    void ProduceSecondLate()
    {
        anySecond = 6; // RACE: anySecond (write)
        consumerDone.WaitOne();
        second.Set();
    }

    void GatherWrongly()
    {
        int index = WaitHandle.WaitAny([first, second]);
        anyOk = index == 0;
        sink = firstData + anySecond; // RACE: anySecond (read)
        consumerDone.Set();
    }
}

// ---------------------------------------------------------------------------------------------------
// CountdownEvent: Signal happens before Wait.
// countdown: sum=10. countdown-misuse: race on afterSignal (written after Signal, read after Wait).
sealed class Countdowns
{
    readonly CountdownEvent countdown = new(4);
    readonly CountdownEvent single = new(1);
    readonly int[] parts = new int[3];
    int afterSignal;
    int sink;

    public void Clean()
    {
        var workers = Workers.Start(("part-0", () => Part(0)), ("part-1", () => Part(1)), ("part-2", () => Part(2)));
        countdown.Wait();
        Console.WriteLine($"sum={parts[0] + parts[1] + parts[2]}");
        Workers.Join(workers);
    }

    void Part(int index)
    {
        parts[index] = index + 2 + (index == 0 ? 1 : 0); // 3, 3, 4
        if (index == 0)
            countdown.Signal(2);
        else
            countdown.Signal();
    }

    public void Misuse()
    {
        var workers = Workers.Start(("signaller", SignalEarly));
        single.Wait();
        sink = afterSignal; // RACE: afterSignal (read)
        Workers.Join(workers);
        Console.WriteLine("done");
    }

    void SignalEarly()
    {
        single.Signal();
        afterSignal = 1; // RACE: afterSignal (write)
    }
}

// ---------------------------------------------------------------------------------------------------
// Barrier: everything before a phase's SignalAndWait happens before everything after it.
// barrier: left=1,21,111 right=2,12,222. barrier-misuse: race on peekLeft (read in the same phase).
// barrier-post-phase: combined=3,3 (the post-phase action runs once every participant arrived, and
// before any leaves: it reads both parts, and both participants read what it wrote).
// barrier-leave: left with 5 (RemoveParticipant signals the phase). barrier-leave-misuse: race on lateResult.
sealed class Barriers
{
    readonly Barrier barrier = new(2);
    readonly Barrier withAction;
    int leftPart, rightPart, combined, combinedByLeft, combinedByRight;

    public Barriers() => withAction = new Barrier(2, Combine);

    void Combine(Barrier _) => combined = leftPart + rightPart;

    public void PostPhase()
    {
        Workers.Run(("left", () => { leftPart = 1; withAction.SignalAndWait(); combinedByLeft = combined; }),
            ("right", () => { rightPart = 2; withAction.SignalAndWait(); combinedByRight = combined; }));
        Console.WriteLine($"combined={combinedByLeft},{combinedByRight}");
    }

    int left, right, leftAgain, rightAgain;
    int seenRight, seenLeft, seenRightAgain, seenLeftAgain;
    int peekLeft, sink;

    public void Clean()
    {
        Workers.Run(("left", Left), ("right", Right));
        Console.WriteLine($"left={seenLeft},{seenLeftAgain},{left} right={seenRight},{seenRightAgain},{right}");
    }

    void Left()
    {
        left = 1;
        barrier.SignalAndWait();
        seenRight = right;
        leftAgain = seenRight * 10 + 1; // 21
        barrier.SignalAndWait(30_000);
        seenRightAgain = rightAgain;
        barrier.SignalAndWait();
        left = 111; // the right thread read `left` two phases ago
    }

    void Right()
    {
        right = 2;
        barrier.SignalAndWait();
        seenLeft = left;
        rightAgain = seenLeft * 10 + 2; // 12
        barrier.SignalAndWait(TimeSpan.FromSeconds(30));
        seenLeftAgain = leftAgain;
        barrier.SignalAndWait();
        right = 222;
    }

    // A participant that leaves in a phase signals it: its writes before RemoveParticipant happen before
    // what the others do after that phase; its writes after it do not.
    readonly Barrier leaving = new(2);
    int leaverResult, seenLeaverResult, lateResult;

    public void Leave()
    {
        Workers.Run(("leaver", () => { leaverResult = 5; leaving.RemoveParticipant(); }),
            ("stayer", () => { leaving.SignalAndWait(); seenLeaverResult = leaverResult; }));
        Console.WriteLine($"left with {seenLeaverResult}");
    }

    public void LeaveMisuse()
    {
        Workers.Run(("leaver", () => { leaving.RemoveParticipant(); lateResult = 6; }), // RACE: lateResult (write)
            ("stayer", () => { leaving.SignalAndWait(); sink = lateResult; })); // RACE: lateResult (read)
        Console.WriteLine("done");
    }

    public void Misuse()
    {
        Workers.Run(("left", () => { peekLeft = 1; barrier.SignalAndWait(); }), // RACE: peekLeft (write)
            ("right", () => { sink = peekLeft; barrier.SignalAndWait(); })); // RACE: peekLeft (read)
        Console.WriteLine("done");
    }
}

// ---------------------------------------------------------------------------------------------------
// ReaderWriterLockSlim: write release -> later read/write acquires; read release -> later write
// acquires; readers unordered; upgradeable counts as read.
// rwlock: value=250 reads=ok. rwlock-misuse: race on readerHits (written under a read lock).
sealed class ReaderWriter
{
    readonly ReaderWriterLockSlim rw = new();
    int value;
    int readerHits;
    bool readsOk = true;
    readonly object okGate = new();

    public void Clean()
    {
        Workers.Run(("writer", Write), ("reader-1", Read), ("reader-2", Read), ("upgrader", Upgrade));
        Console.WriteLine($"value={value} reads={(readsOk ? "ok" : "wrong")}");
    }

    void Write()
    {
        for (int i = 0; i < 100; i++)
        {
            rw.EnterWriteLock();
            value++;
            rw.ExitWriteLock();
            if (rw.TryEnterWriteLock(30_000))
            {
                value++;
                rw.ExitWriteLock();
            }
        }
    }

    void Read()
    {
        int last = 0;
        bool ok = true;
        for (int i = 0; i < 100; i++)
        {
            rw.EnterReadLock();
            ok &= value >= last;
            last = value;
            rw.ExitReadLock();
            if (rw.TryEnterReadLock(TimeSpan.FromSeconds(30)))
            {
                ok &= value >= last;
                rw.ExitReadLock();
            }
        }
        lock (okGate)
            readsOk &= ok;
    }

    void Upgrade()
    {
        for (int i = 0; i < 50; i++)
        {
            rw.EnterUpgradeableReadLock();
            int seen = value;
            rw.EnterWriteLock();
            value = seen + 1;
            rw.ExitWriteLock();
            rw.ExitUpgradeableReadLock();
        }
    }

    public void Misuse()
    {
        Workers.Run(("reader-1", WriteUnderReadLock), ("reader-2", WriteUnderReadLock));
        Console.WriteLine("done");
    }

    void WriteUnderReadLock()
    {
        rw.EnterReadLock(); // the bug: readers share the lock
        readerHits++; // RACE: readerHits (write)
        rw.ExitReadLock();
    }
}

// ---------------------------------------------------------------------------------------------------
// Mutex: ReleaseMutex happens before the WaitOne that acquires it.
// mutex: count=800. mutex-misuse: race on guarded (one thread forgot the mutex).
sealed class Mutexes
{
    readonly Mutex mutex = new();
    int count;
    int guarded;

    public void Clean()
    {
        Workers.Run(("worker-1", Work), ("worker-2", Work));
        Console.WriteLine($"count={count}");
    }

    void Work()
    {
        for (int i = 0; i < 200; i++)
        {
            mutex.WaitOne();
            count++;
            mutex.ReleaseMutex();
            if (mutex.WaitOne(30_000))
            {
                count++;
                mutex.ReleaseMutex();
            }
        }
    }

    public void Misuse()
    {
        Workers.Run(("careful", Careful), ("careless", () => guarded++)); // RACE: guarded (write)
        Console.WriteLine("done");
    }

    void Careful()
    {
        mutex.WaitOne();
        guarded++; // RACE: guarded (write)
        mutex.ReleaseMutex();
    }
}

// ---------------------------------------------------------------------------------------------------
// SpinLock held in a field (instance and static): Enter, TryEnter, Exit.
// spinlock: count=2000 static=500. spinlock-misuse: race on spinCopied (each thread locks a copy).
sealed class SpinLocks
{
    static SpinLock s_spin;
    static int s_count;
    SpinLock spin = new(enableThreadOwnerTracking: true);
    int count;
    int spinCopied;

    public void Clean()
    {
        Workers.Run(("spinner-1", Work), ("spinner-2", Work));
        Console.WriteLine($"count={count} static={s_count}");
    }

    void Work()
    {
        for (int i = 0; i < 250; i++)
        {
            bool taken = false;
            spin.Enter(ref taken);
            count++;
            spin.Exit();
            taken = false;
            while (!taken)
                spin.TryEnter(ref taken);
            count++;
            spin.Exit(useMemoryBarrier: false);
            taken = false;
            spin.TryEnter(30_000, ref taken);
            if (taken)
            {
                count++;
                spin.Exit();
            }
            taken = false;
            spin.TryEnter(TimeSpan.FromSeconds(30), ref taken);
            if (taken)
            {
                count++;
                spin.Exit(true);
            }
            taken = false;
            s_spin.Enter(ref taken);
            s_count++;
            s_spin.Exit();
        }
    }

    public void Misuse()
    {
        Workers.Run(("spinner-1", WorkOnCopy), ("spinner-2", WorkOnCopy));
        Console.WriteLine("done");
    }

    void WorkOnCopy()
    {
        SpinLock copy = spin; // the bug: SpinLock is a struct, each thread locks its own copy
        bool taken = false;
        copy.Enter(ref taken);
        spinCopied++; // RACE: spinCopied (write)
        copy.Exit();
    }
}

// ---------------------------------------------------------------------------------------------------
// Thread.Interrupt happens before the interrupted thread's ThreadInterruptedException, observed by
// Sleep, Join, Monitor.Wait and WaitHandle.WaitOne. The target announces each stage (a volatile
// write: an edge from the target to main only), so no interrupt is lost; a pending interrupt lands at
// the target's next blocking call.
// interrupt: notes=1,2,3,4. interrupt-misuse: race on lateNote (written after the interrupt).
sealed class Interrupts
{
    readonly object gate = new();
    readonly ManualResetEvent never = new(false);
    int stage;
    int note1, note2, note3, note4, lateNote;
    int seen1, seen2, seen3, seen4, sink;

    public void Clean()
    {
        var blocker = new Thread(() => never.WaitOne()) { Name = "blocker" };
        var target = new Thread(() => Target(blocker)) { Name = "target" };
        blocker.Start();
        target.Start();
        note1 = 1;
        Interrupt(target, 1);
        note2 = 2;
        Interrupt(target, 2);
        note3 = 3;
        Interrupt(target, 3);
        note4 = 4;
        Interrupt(target, 4);
        target.Join();
        never.Set();
        blocker.Join();
        Console.WriteLine($"notes={seen1},{seen2},{seen3},{seen4}");
    }

    void Interrupt(Thread target, int expectedStage)
    {
        while (Volatile.Read(ref stage) != expectedStage)
            Thread.Yield();
        target.Interrupt();
    }

    void Target(Thread blocker)
    {
        Volatile.Write(ref stage, 1);
        try { Thread.Sleep(Timeout.Infinite); } catch (ThreadInterruptedException) { seen1 = note1; }
        Volatile.Write(ref stage, 2);
        try { blocker.Join(); } catch (ThreadInterruptedException) { seen2 = note2; }
        Volatile.Write(ref stage, 3);
        try
        {
            lock (gate)
                Monitor.Wait(gate);
        }
        catch (ThreadInterruptedException)
        {
            seen3 = note3;
        }
        Volatile.Write(ref stage, 4);
        try { never.WaitOne(); } catch (ThreadInterruptedException) { seen4 = note4; }
    }

    public void Misuse()
    {
        var target = new Thread(LateTarget) { Name = "target" };
        target.Start();
        Interrupt(target, 1);
        lateNote = 1; // RACE: lateNote (write)
        target.Join();
        Console.WriteLine("done");
    }

    // Join with a timeout, interrupted: interrupt: notes=1,2.
    public void JoinWithTimeout()
    {
        var blocker = new Thread(() => never.WaitOne()) { Name = "blocker" };
        var target = new Thread(() => JoinTarget(blocker)) { Name = "target" };
        blocker.Start();
        target.Start();
        note1 = 1;
        Interrupt(target, 1);
        note2 = 2;
        Interrupt(target, 2);
        target.Join();
        never.Set();
        blocker.Join();
        Console.WriteLine($"notes={seen1},{seen2}");
    }

    void JoinTarget(Thread blocker)
    {
        Volatile.Write(ref stage, 1);
        try { blocker.Join(60_000); } catch (ThreadInterruptedException) { seen1 = note1; }
        Volatile.Write(ref stage, 2);
        try { blocker.Join(TimeSpan.FromMinutes(1)); } catch (ThreadInterruptedException) { seen2 = note2; }
    }

    void LateTarget()
    {
        Volatile.Write(ref stage, 1);
        try { Thread.Sleep(Timeout.Infinite); } catch (ThreadInterruptedException) { sink = lateNote; } // RACE: lateNote (read)
    }
}

// ---------------------------------------------------------------------------------------------------
// Static constructors happen before every use of the type. The type is initialized by main before
// the threads start in the misuse, so its later racy static is not hidden by the initialization edge.
// static-ctor: tuning=7,3. static-ctor-misuse: race on static lateTuning.
static class Tuning
{
    public static int Level = ComputeLevel();
    public static int[] Table = [1, 2];
    public static int lateTuning;

    static int ComputeLevel() => 7;
}

static class StaticConstructors
{
    static int levelSeen, tableSeen;

    public static void Clean()
    {
        // The first reader runs Tuning's static constructor; the other waits for it.
        Workers.Run(("reader-1", () => levelSeen = Tuning.Level), ("reader-2", () => tableSeen = Tuning.Table[0] + Tuning.Table[1]));
        Console.WriteLine($"tuning={levelSeen},{tableSeen}");
    }

    public static void Misuse()
    {
        levelSeen = Tuning.Level;
        Workers.Run(
            ("writer", () => Tuning.lateTuning = 1), // RACE: lateTuning (write)
            ("reader", () => tableSeen = Tuning.lateTuning)); // RACE: lateTuning (read)
        Console.WriteLine("done");
    }
}

// ---------------------------------------------------------------------------------------------------
// Object publication: a constructor's writes to its own object, and those of the private methods only
// constructors call, are not tracked (storing the reference publishes them); the racy store of the
// reference itself is.
// publication: weight=5 label=w5. publication-misuse: race on parcel only, never on Parcel.Weight or Parcel.Label.
sealed class Parcel
{
    public int Weight;
    public string Label = "";

    public Parcel(int weight)
    {
        Weight = weight;
        Stamp();
    }

    void Stamp() => Label = "w" + Weight;
}

sealed class Publication
{
    volatile Parcel? safeParcel;
    Parcel? parcel;
    Parcel? initialized;
    Parcel? late;
    readonly CancellationTokenSource lateWritten = new();
    int seenWeight;
    string? seenLabel;

    public void Clean()
    {
        Workers.Run(("publisher", () => safeParcel = new Parcel(5)), ("receiver", ReceiveSafely));
        Console.WriteLine($"weight={seenWeight} label={seenLabel}");
    }

    void ReceiveSafely()
    {
        Parcel? received;
        while ((received = safeParcel) is null)
            Thread.Yield();
        seenWeight = received.Weight;
        seenLabel = received.Label;
    }

    public void Misuse()
    {
        Workers.Run(("publisher", () => parcel = new Parcel(5)), ("receiver", Receive)); // RACE: parcel (write)
        Console.WriteLine($"weight={seenWeight} label={seenLabel}");
    }

    void Receive()
    {
        Parcel? received;
        while ((received = parcel) is null) // RACE: parcel (read)
            Thread.Yield();
        seenWeight = received.Weight; // written by the constructor: published with the reference
        seenLabel = received.Label; // written by a method only the constructor calls: the same
    }

    // Set up after the constructor (an object initializer, then a field), then stored: published with the reference.
    public void InitializerMisuse()
    {
        Workers.Run(("publisher", PublishInitialized), ("receiver", ReceiveInitialized));
        Console.WriteLine($"weight={seenWeight} label={seenLabel}");
    }

    void PublishInitialized()
    {
        var made = new Parcel(1) { Label = "set" };
        made.Weight = 9;
        initialized = made; // RACE: initialized (write)
    }

    void ReceiveInitialized()
    {
        Parcel? received;
        while ((received = initialized) is null) // RACE: initialized (read)
            Thread.Yield();
        seenWeight = received.Weight;
        seenLabel = received.Label;
    }

    // A write after the store is not published by it.
    public void LateWriteMisuse()
    {
        Workers.Run(("publisher", PublishThenWrite), ("receiver", ReceiveLate));
        Console.WriteLine("done");
    }

    void PublishThenWrite()
    {
        var made = new Parcel(1);
        Volatile.Write(ref late, made);
        made.Weight = 4; // RACE: Weight (write)
        lateWritten.Cancel();
    }

    void ReceiveLate()
    {
        while (!lateWritten.IsCancellationRequested)
            Thread.Yield();
        seenWeight = Volatile.Read(ref late)!.Weight; // RACE: Weight (read)
    }
}
