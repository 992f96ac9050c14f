// Race-free stress scenarios; the work is bounded by iteration counts, never by time.
// "locks": 64 threads update shared state under Monitor, Lock, ReaderWriterLockSlim and SemaphoreSlim; the final
//   state, printed, is the same for every interleaving.
// "collect": allocates a million objects in batches, each object written by the main thread, then read and
//   written by a worker under a lock on the object itself, then read back after the join (so every object gets
//   shadow state, array shadows and a lock clock). Keeps weak references to a sample (including the last
//   object, array and lock the main thread touched), drops everything, collects, and prints how many of the
//   sample are still alive and how far the heap is above where it was before.
using System.Runtime.CompilerServices;

switch (args.Length > 0 ? args[0] : "")
{
    case "locks":
        Locks(threads: 64, iterations: 5_000);
        break;
    case "collect":
        Collect(objects: 1_000_000, batch: 10_000);
        break;
    default:
        Console.WriteLine("scenarios: locks, collect");
        break;
}

static void Locks(int threads, int iterations)
{
    var state = new LockedState();
    var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
    {
        for (int i = 0; i < iterations; i++)
            state.Update(t, i);
    })).ToList();
    workers.ForEach(w => w.Start());
    workers.ForEach(w => w.Join());
    Console.WriteLine(state.Summary());
}

static void Collect(int objects, int batch)
{
    Warm(batch);
    long baseline = GC.GetTotalMemory(forceFullCollection: true);
    var sample = Allocate(objects, batch);
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    long retained = GC.GetTotalMemory(forceFullCollection: true) - baseline;
    Console.WriteLine($"alive {sample.Count(w => w.IsAlive)} of {sample.Count}");
    Console.WriteLine($"retainedKB {retained / 1024}");
}

// One small round first, so that what the first round allocates for good (JIT, thread pool, the detector's
// own tables) is in the baseline.
static void Warm(int batch) => Allocate(batch, batch);

[MethodImpl(MethodImplOptions.NoInlining)] // no local of this frame may keep a batch alive for the JIT
static List<WeakReference> Allocate(int objects, int batch)
{
    var sample = new List<WeakReference>();
    long total = 0;
    for (int start = 0; start < objects; start += batch)
    {
        var nodes = new Node[batch];
        for (int i = 0; i < batch; i++)
        {
            nodes[i] = new Node();
            nodes[i].Value = start + i;
            nodes[i].Items = new int[2];
        }
        var worker = new Thread(() =>
        {
            foreach (var node in nodes)
            {
                lock (node)
                {
                    node.Value++;
                    node.Items![0] = node.Value;
                }
            }
        });
        worker.Start();
        worker.Join();
        for (int i = 0; i < batch; i++)
        {
            var node = nodes[i];
            lock (node)
                total += node.Value + node.Items![0];
            if (i % 1_000 == 0 || i == batch - 1)
            {
                sample.Add(new WeakReference(node));
                sample.Add(new WeakReference(node.Items));
            }
        }
        sample.Add(new WeakReference(nodes));
    }
    Console.WriteLine($"total {total}");
    return sample;
}

sealed class Node
{
    public int Value;
    public int[]? Items;
}

/// <summary>Counters, a list and a dictionary, each guarded by its own primitive.</summary>
sealed class LockedState
{
    readonly object _monitor = new();
    readonly Lock _lock = new();
    readonly ReaderWriterLockSlim _rw = new();
    readonly SemaphoreSlim _mutex = new(1, 1);
    long _monitorCount;
    long _lockSum;
    readonly Dictionary<int, int> _perThread = new();
    readonly List<int> _log = new();

    public void Update(int thread, int iteration)
    {
        lock (_monitor)
            _monitorCount++;
        lock (_lock)
            _lockSum += iteration;
        _rw.EnterWriteLock();
        try
        {
            _perThread[thread] = _perThread.GetValueOrDefault(thread) + 1;
        }
        finally
        {
            _rw.ExitWriteLock();
        }
        if (iteration % 100 == 0)
        {
            _rw.EnterReadLock();
            try
            {
                _ = _perThread.GetValueOrDefault(thread);
            }
            finally
            {
                _rw.ExitReadLock();
            }
        }
        _mutex.Wait();
        try
        {
            _log.Add(iteration % 7);
        }
        finally
        {
            _mutex.Release();
        }
    }

    public string Summary() =>
        $"monitor {_monitorCount} lock {_lockSum} threads {_perThread.Count} per thread {string.Join(",", _perThread.Values.Distinct())} "
        + $"log {_log.Count} sum {_log.Sum()}";
}
