// The classic happens-before table (Java memory model, Python threading, C++11), one row per pair of
// scenarios: `HappensBeforeTable <row>` relies on the row's edge and is race-free;
// `HappensBeforeTable <row>-without-edge` is the closest variant without that edge, and races exactly
// on the lines marked `// RACE: <member> (read|write)` (some of them shared with the race-free scenario).
// A detector that missed the edge reports the race-free scenario; one that over-approximated it
// misses the variant's race. Both racy accesses of a variant always run and nothing else orders them,
// whatever the interleaving.
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

var rows = new Dictionary<string, (Action WithEdge, Action WithoutEdge)>
{
    ["program-order"] = (() => new ProgramOrder().WithEdge(), () => new ProgramOrder().WithoutEdge()),
    ["monitor"] = (() => new MonitorRow().WithEdge(), () => new MonitorRow().WithoutEdge()),
    ["monitor-exit-unheld"] = (() => new MonitorRow().WithEdge(), () => new MonitorRow().WithoutEdgeExitingUnheld()),
    ["volatile"] = (() => new VolatileRow().WithEdge(), () => new VolatileRow().WithoutEdge()),
    ["thread-start"] = (() => new ThreadStartRow().WithEdge(), () => new ThreadStartRow().WithoutEdge()),
    ["join"] = (() => new JoinRow().WithEdge(), () => new JoinRow().WithoutEdge()),
    ["interrupt"] = (() => new InterruptRow().WithEdge(), () => new InterruptRow().WithoutEdge()),
    ["finalizer"] = (FinalizerRow.WithEdge, FinalizerRow.WithoutEdge),
    ["transitivity"] = (() => new TransitivityRow().WithEdge(), () => new TransitivityRow().WithoutEdge()),
    ["queue"] = (() => new QueueRow().WithEdge(), () => new QueueRow().WithoutEdge()),
    ["event"] = (() => new EventRow().WithEdge(), () => new EventRow().WithoutEdge()),
    ["acquire-release"] = (() => new AcquireReleaseRow().WithEdge(), () => new AcquireReleaseRow().WithoutEdge()),
    ["semaphore"] = (() => new SemaphoreRow().WithEdge(), () => new SemaphoreRow().WithoutEdge()),
};
const string Without = "-without-edge";
string name = args.Length == 1 ? args[0] : "";
bool withEdge = !name.EndsWith(Without, StringComparison.Ordinal);
if (!rows.TryGetValue(withEdge ? name : name[..^Without.Length], out var row))
{
    Console.Error.WriteLine($"usage: HappensBeforeTable <row>[{Without}]; rows: " + string.Join(", ", rows.Keys));
    return 2;
}
(withEdge ? row.WithEdge : row.WithoutEdge)();
return 0;

// Program order: a thread's earlier action happens before its later ones.
// With: one thread writes then reads (seen=1). Without: the same two statements on two threads.
sealed class ProgramOrder
{
    int sequenced;
    int seen;

    public void WithEdge()
    {
        Workers.Run(("worker", WriteThenRead));
        Console.WriteLine($"seen={seen}");
    }

    public void WithoutEdge()
    {
        Workers.Run(("writer", Write), ("reader", Read));
        Console.WriteLine("done");
    }

    void WriteThenRead()
    {
        Write();
        Read();
    }

    void Write() => sequenced = 1; // RACE: sequenced (write)

    void Read() => seen = sequenced; // RACE: sequenced (read)
}

// Monitor unlock -> later lock of the same monitor.
// With: writer and reader use one lock (seen=1, in either order). Without: the reader locks another object.
sealed class MonitorRow
{
    readonly object gate = new();
    readonly object otherGate = new();
    int guarded;
    int seen;

    public void WithEdge()
    {
        Workers.Run(("writer", Write), ("reader", () => ReadUnder(gate)));
        Console.WriteLine($"seen={seen}");
    }

    public void WithoutEdge()
    {
        Workers.Run(("writer", Write), ("reader", () => ReadUnder(otherGate)));
        Console.WriteLine($"seen={seen}");
    }

    // Without, variant: the writer never takes the lock; its Monitor.Exit throws and must not count as a release.
    public void WithoutEdgeExitingUnheld()
    {
        Workers.Run(("writer", WriteThenExitUnheld), ("reader", () => ReadUnder(gate)));
        Console.WriteLine($"seen={seen}");
    }

    void Write()
    {
        lock (gate)
            guarded = 1; // RACE: guarded (write)
    }

    void WriteThenExitUnheld()
    {
        int one = 1;
        guarded = one; // RACE: guarded (write)
        try
        {
            Monitor.Exit(gate);
        }
        catch (SynchronizationLockException)
        {
        }
    }

    void ReadUnder(object monitor)
    {
        while (true)
        {
            lock (monitor)
            {
                if (guarded == 1) // RACE: guarded (read)
                    break;
            }
            Thread.Yield();
        }
        seen = 1;
    }
}

// Volatile write -> volatile read that sees it.
// With: data written before the volatile write (seen=1). Without: data written after it.
sealed class VolatileRow
{
    int note;
    volatile bool ready;
    int seen;

    public void WithEdge()
    {
        Workers.Run(("sender", SendBefore), ("receiver", Receive));
        Console.WriteLine($"seen={seen}");
    }

    public void WithoutEdge()
    {
        Workers.Run(("sender", SendAfter), ("receiver", Receive));
        Console.WriteLine("done");
    }

    void SendBefore()
    {
        note = 1;
        ready = true;
    }

    void SendAfter()
    {
        ready = true;
        note = 1; // RACE: note (write)
    }

    void Receive()
    {
        while (!ready)
            Thread.Yield();
        seen = note; // RACE: note (read)
    }
}

// Thread.Start: everything before it happens before the new thread's actions.
// With: written before Start (seen=1). Without: written right after Start.
sealed class ThreadStartRow
{
    int started;
    int seen;

    public void WithEdge()
    {
        var child = new Thread(Read) { Name = "child" };
        started = 1;
        child.Start();
        child.Join();
        Console.WriteLine($"seen={seen}");
    }

    public void WithoutEdge()
    {
        var child = new Thread(Read) { Name = "child" };
        child.Start();
        started = 1; // RACE: started (write)
        child.Join();
        Console.WriteLine("done");
    }

    void Read() => seen = started; // RACE: started (read)
}

// Thread termination -> Join returning.
// With: read after Join (seen=1). Without: read before Join.
sealed class JoinRow
{
    int finished;
    int seen;

    public void WithEdge()
    {
        var child = new Thread(Finish) { Name = "child" };
        child.Start();
        child.Join();
        seen = finished;
        Console.WriteLine($"seen={seen}");
    }

    public void WithoutEdge()
    {
        var child = new Thread(Finish) { Name = "child" };
        child.Start();
        seen = finished; // RACE: finished (read)
        child.Join();
        Console.WriteLine("done");
    }

    void Finish() => finished = 1; // RACE: finished (write)
}

// Thread.Interrupt -> the interrupted thread's ThreadInterruptedException.
// The sleeper announces it is about to sleep (a volatile write: an edge from the sleeper to main only);
// main's write comes after Start either way, so only the interrupt can order it.
// With: written before Interrupt (seen=1). Without: written right after Interrupt.
sealed class InterruptRow
{
    int sleeping;
    int reason;
    int seen;

    public void WithEdge()
    {
        var sleeper = new Thread(Sleep) { Name = "sleeper" };
        sleeper.Start();
        reason = 1;
        WaitUntilSleeping();
        sleeper.Interrupt();
        sleeper.Join();
        Console.WriteLine($"seen={seen}");
    }

    public void WithoutEdge()
    {
        var sleeper = new Thread(Sleep) { Name = "sleeper" };
        sleeper.Start();
        WaitUntilSleeping();
        sleeper.Interrupt();
        reason = 1; // RACE: reason (write)
        sleeper.Join();
        Console.WriteLine("done");
    }

    void WaitUntilSleeping()
    {
        while (Volatile.Read(ref sleeping) == 0)
            Thread.Yield();
    }

    void Sleep()
    {
        Volatile.Write(ref sleeping, 1);
        try
        {
            Thread.Sleep(Timeout.Infinite);
        }
        catch (ThreadInterruptedException)
        {
            seen = reason; // RACE: reason (read)
        }
    }
}

// The end of an object's constructor -> its finalizer.
// With: `opened` is written by Open(), called from the constructor (the write is tracked: it is not
// a store of the constructor's own body). Without: main calls Open() after construction, before
// dropping the object. The finalizer reads `opened` on the finalizer thread and reports back through
// an Interlocked write (an edge from the finalizer to main only). Output: finalizer saw opened=True.
sealed class Resource
{
    bool opened;

    public Resource(bool openNow)
    {
        if (openNow)
            Open();
    }

    public void Open() => opened = true; // RACE: opened (write)

    ~Resource() => FinalizerRow.Finalized(opened); // RACE: opened (read)
}

static class FinalizerRow
{
    static int s_result; // 0: not finalized yet, 1: saw opened, 2: saw not opened

    public static void Finalized(bool opened) => Interlocked.Exchange(ref s_result, opened ? 1 : 2);

    public static void WithEdge()
    {
        Drop(openInConstructor: true);
        CollectAndReport();
    }

    public static void WithoutEdge()
    {
        Drop(openInConstructor: false);
        CollectAndReport();
    }

    // Not inlined, so no local of the caller keeps the object alive (even in Debug builds).
    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Drop(bool openInConstructor)
    {
        var resource = new Resource(openInConstructor);
        if (!openInConstructor)
            resource.Open();
    }

    static void CollectAndReport()
    {
        for (int i = 0; i < 50 && Volatile.Read(ref s_result) == 0; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        int result = Volatile.Read(ref s_result);
        Console.WriteLine(result == 0 ? "not finalized" : $"finalizer saw opened={result == 1}");
    }
}

// Transitivity through two different locks: origin -(first)-> relay -(second)-> last.
// With: the relay publishes stage 2 (under `second`) only after it saw stage 1 (under `first`), so the
// origin's plain write happens before the last thread's plain read (seen=1). Without: the relay
// publishes stage 2 before waiting for stage 1, so the chain is broken.
sealed class TransitivityRow
{
    readonly object first = new();
    readonly object second = new();
    int chained;
    bool stage1;
    bool stage2;
    int seen;

    public void WithEdge()
    {
        Workers.Run(("origin", Origin), ("relay", Relay), ("last", Last));
        Console.WriteLine($"seen={seen}");
    }

    public void WithoutEdge()
    {
        Workers.Run(("origin", Origin), ("relay", RelayTooEarly), ("last", Last));
        Console.WriteLine("done");
    }

    void Origin()
    {
        chained = 1; // RACE: chained (write)
        lock (first)
            stage1 = true;
    }

    void Relay()
    {
        WaitForStage1();
        lock (second)
            stage2 = true;
    }

    void RelayTooEarly()
    {
        lock (second)
            stage2 = true;
        WaitForStage1();
    }

    void WaitForStage1()
    {
        while (true)
        {
            lock (first)
            {
                if (stage1)
                    return;
            }
            Thread.Yield();
        }
    }

    void Last()
    {
        while (true)
        {
            lock (second)
            {
                if (stage2)
                    break;
            }
            Thread.Yield();
        }
        seen = chained; // RACE: chained (read)
    }
}

// Queue put -> the get that returns the item (BlockingCollection).
// With: the letter is written before Add (seen=1). Without: written after Add.
sealed class Letter
{
    public int Body;
}

sealed class QueueRow
{
    readonly BlockingCollection<Letter> mailbox = new();
    int seen;

    public void WithEdge()
    {
        Workers.Run(("producer", PostWritten), ("consumer", Take));
        Console.WriteLine($"seen={seen}");
    }

    public void WithoutEdge()
    {
        Workers.Run(("producer", PostThenWrite), ("consumer", Take));
        Console.WriteLine("done");
    }

    void PostWritten()
    {
        var letter = new Letter();
        letter.Body = 1;
        mailbox.Add(letter);
    }

    void PostThenWrite()
    {
        var letter = new Letter();
        mailbox.Add(letter);
        letter.Body = 1; // RACE: Body (write)
    }

    void Take() => seen = mailbox.Take().Body; // RACE: Body (read)
}

// Event set -> a wait that returns because of it (ManualResetEvent).
// With: written before Set (seen=1). Without: written after Set.
sealed class EventRow
{
    readonly ManualResetEvent signal = new(false);
    int signalled;
    int seen;

    public void WithEdge()
    {
        Workers.Run(("setter", SetAfterWrite), ("waiter", Wait));
        Console.WriteLine($"seen={seen}");
    }

    public void WithoutEdge()
    {
        Workers.Run(("setter", SetBeforeWrite), ("waiter", Wait));
        Console.WriteLine("done");
    }

    void SetAfterWrite()
    {
        signalled = 1;
        signal.Set();
    }

    void SetBeforeWrite()
    {
        signal.Set();
        signalled = 1; // RACE: signalled (write)
    }

    void Wait()
    {
        signal.WaitOne();
        seen = signalled; // RACE: signalled (read)
    }
}

// Release store -> acquire load that sees it (Volatile.Write / Volatile.Read), versus a plain flag.
// With: message published through Volatile on `flag` (seen=1). Without: the same code with a plain
// flag: the message and the flag itself race.
sealed class AcquireReleaseRow
{
    int message;
    int flag;
    bool plainFlag;
    int seen;

    public void WithEdge()
    {
        Workers.Run(("sender", SendReleasing), ("receiver", ReceiveAcquiring));
        Console.WriteLine($"seen={seen}");
    }

    public void WithoutEdge()
    {
        Workers.Run(("sender", SendPlain), ("receiver", ReceivePlain));
        Console.WriteLine("done");
    }

    void WriteMessage() => message = 1; // RACE: message (write)

    void ReadMessage() => seen = message; // RACE: message (read)

    void SendReleasing()
    {
        WriteMessage();
        Volatile.Write(ref flag, 1);
    }

    void ReceiveAcquiring()
    {
        while (Volatile.Read(ref flag) == 0)
            Thread.Yield();
        ReadMessage();
    }

    void SendPlain()
    {
        WriteMessage();
        plainFlag = true; // RACE: plainFlag (write)
    }

    void ReceivePlain()
    {
        while (!plainFlag) // RACE: plainFlag (read)
            Thread.Yield();
        ReadMessage();
    }
}

// Semaphore release -> the acquire it satisfies (SemaphoreSlim with no initial permit).
// With: written before Release (seen=1). Without: written after Release.
sealed class SemaphoreRow
{
    readonly SemaphoreSlim permits = new(0);
    int released;
    int seen;

    public void WithEdge()
    {
        Workers.Run(("releaser", ReleaseAfterWrite), ("acquirer", Acquire));
        Console.WriteLine($"seen={seen}");
    }

    public void WithoutEdge()
    {
        Workers.Run(("releaser", ReleaseBeforeWrite), ("acquirer", Acquire));
        Console.WriteLine("done");
    }

    void ReleaseAfterWrite()
    {
        released = 1;
        permits.Release();
    }

    void ReleaseBeforeWrite()
    {
        permits.Release();
        released = 1; // RACE: released (write)
    }

    void Acquire()
    {
        permits.Wait();
        seen = released; // RACE: released (read)
    }
}
