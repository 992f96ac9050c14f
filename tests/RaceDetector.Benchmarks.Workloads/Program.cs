using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace RaceDetector.Benchmarks.Workloads;

/// <summary>
/// Race-free workloads for the benchmark harness. Each one runs a short warm-up (the same kernel on a small
/// size: it compiles the code and, when instrumented, attaches the threads and creates the shadows), then
/// times the real run with a <see cref="Stopwatch"/> around the workload only. The result is one JSON line
/// on stdout with the elapsed time, the process peak working set and a checksum that must not depend on
/// instrumentation or thread interleaving. Threads are plain <see cref="Thread"/>s (Start/Join), no pool.
/// Kernels use <see cref="MethodImplOptions.AggressiveOptimization"/> so both builds run fully optimized
/// code from the first call instead of depending on when tiering replaces it.
/// </summary>
public static class Program
{
    const int Threads = 4;

    public static int Main(string[] args)
    {
        if (args.Length is < 1 or > 2 || (args.Length == 2 && args[1] != "quick"))
            return Usage();
        bool quick = args.Length == 2;
        Func<bool, (double Ms, ulong Checksum)>? workload = args[0] switch
        {
            "field" => Field,
            "array" => ArrayLoop,
            "lock" => Lock,
            "private" => Private,
            _ => null,
        };
        if (workload is null)
            return Usage();

        var (ms, checksum) = workload(quick);
        long peak = Process.GetCurrentProcess().PeakWorkingSet64;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"workload\":\"{args[0]}\",\"quick\":{(quick ? "true" : "false")},\"elapsedMs\":{ms:F3},\"peakWorkingSetBytes\":{peak},\"checksum\":\"{checksum:x16}\"}}"));
        return 0;
    }

    static int Usage()
    {
        Console.Error.WriteLine("usage: RaceDetector.Benchmarks.Workloads <field|array|lock|private> [quick]");
        return 2;
    }

    /// <summary>Runs <paramref name="run"/> once on the warm-up size, then times it on the real size.</summary>
    static (double Ms, ulong Checksum) Measure<T>(T warmUp, T real, Func<T, ulong> run)
    {
        run(warmUp);
        var stopwatch = Stopwatch.StartNew();
        ulong checksum = run(real);
        stopwatch.Stop();
        return (stopwatch.Elapsed.TotalMilliseconds, checksum);
    }

    // (a) field: one thread, reads and writes of the fields of one object.

    static (double, ulong) Field(bool quick) =>
        Measure(20_000L, quick ? 200_000L : 170_000_000L, FieldKernel);

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    static ulong FieldKernel(long iterations)
    {
        var cell = new Cell();
        for (long i = 0; i < iterations; i++)
            cell.Step(i);
        return cell.Checksum;
    }

    // (b) array: one thread, reads and writes of the elements of an int[].

    const int ArrayLength = 32_768;

    static (double, ulong) ArrayLoop(bool quick) =>
        Measure(10, quick ? 50 : 14_000, ArrayKernel);

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    static ulong ArrayKernel(int passes)
    {
        var data = new int[ArrayLength];
        for (int i = 0; i < data.Length; i++)
            data[i] = i;
        ulong sum = 0;
        for (int pass = 0; pass < passes; pass++)
        {
            for (int i = 0; i < data.Length; i++)
            {
                int value = data[i];
                int neighbour = data[(i * 7) & (ArrayLength - 1)];
                data[i] = value * 31 + neighbour + pass;
                sum += (uint)value;
            }
        }
        return sum ^ (uint)data[0] ^ ((ulong)(uint)data[ArrayLength - 1] << 32);
    }

    // (c) lock: four threads increment one counter inside one lock.

    static (double, ulong) Lock(bool quick) =>
        Measure(5_000, quick ? 20_000 : 7_000_000, LockKernel);

    static ulong LockKernel(int incrementsPerThread)
    {
        var counter = new SharedCounter();
        RunThreads(_ => () => counter.Add(incrementsPerThread));
        // Count is Threads * n whatever the order; Sum adds the counter after every increment, 1 + 2 + ... + Count.
        return (ulong)counter.Count * 1_000_003UL ^ (ulong)counter.Sum;
    }

    // (d) private: four threads, each on its own object; nothing is shared while they run.

    static (double, ulong) Private(bool quick) =>
        Measure(20_000L, quick ? 100_000L : 45_000_000L, PrivateKernel);

    static ulong PrivateKernel(long iterationsPerThread)
    {
        var results = new ulong[Threads];
        RunThreads(index => () => results[index] = PrivateWork(iterationsPerThread, index));
        ulong checksum = 0;
        foreach (ulong result in results)
            checksum = checksum * 31 + result;
        return checksum;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    static ulong PrivateWork(long iterations, int index)
    {
        // Allocated by the worker itself, so the four cells do not share a cache line.
        var cell = new Cell { A = index };
        for (long i = 0; i < iterations; i++)
            cell.Step(i);
        return cell.Checksum;
    }

    /// <summary>Starts <see cref="Threads"/> threads and joins them all.</summary>
    static void RunThreads(Func<int, ThreadStart> body)
    {
        var threads = new Thread[Threads];
        for (int i = 0; i < threads.Length; i++)
            threads[i] = new Thread(body(i)) { Name = $"bench-{i}" };
        foreach (var thread in threads)
            thread.Start();
        foreach (var thread in threads)
            thread.Join();
    }
}

/// <summary>The object of the field workloads: a few fields read and written every step.</summary>
sealed class Cell
{
    public long A;
    public long B;
    public int C;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(long i)
    {
        A += i;
        B ^= A * 31;
        C += (int)(B >> 7) & 0xff;
    }

    public ulong Checksum => (ulong)A ^ ((ulong)B * 17) ^ (ulong)C;
}

/// <summary>The shared counter of the lock workload; every access to it is under <see cref="_gate"/>.</summary>
sealed class SharedCounter
{
    readonly object _gate = new();
    long _count;
    long _sum;

    public long Count
    {
        get
        {
            lock (_gate)
                return _count;
        }
    }

    public long Sum
    {
        get
        {
            lock (_gate)
                return _sum;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public void Add(int increments)
    {
        for (int n = 0; n < increments; n++)
        {
            lock (_gate)
            {
                _count++;
                _sum += _count;
            }
        }
    }
}
