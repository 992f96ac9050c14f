// ParallelLoops: the happens-before edges of Parallel.For, ForEach, Invoke and ForEachAsync, and of PLINQ queries,
// one scenario per run.
// Usage: ParallelLoops <scenario>. Scenarios named "racy-..." hold deliberate races; every racy access carries
// a "// RACE: <member> (<operation>)" comment that the end-to-end tests (ParallelLoopsTests) read. The other
// scenarios are race-free under every interleaving and synchronize only through what the detector models.
// Every iteration is its own logical thread, so iterations race with each other even when one OS thread
// runs them one after the other.

using System.Collections.Concurrent;
using System.Threading.Channels;

static class Program
{
    static readonly object Gate = new();

    static readonly Dictionary<string, Func<Task>> ByName = new()
    {
        ["for"] = Sync(For),
        ["for-local-state"] = Sync(ForLocalState),
        ["for-each"] = Sync(ForEach),
        ["invoke"] = Sync(Invoke),
        ["for-each-async"] = ForEachAsync,
        ["for-async"] = ForAsync,
        ["for-each-lazy"] = Sync(ForEachLazy),
        ["for-each-consuming"] = Sync(ForEachConsuming),
        ["for-each-async-streamed"] = ForEachAsyncStreamed,
        ["plinq"] = Sync(ParallelQueries),
        ["racy-for-counter"] = Sync(RacyForCounter),
        ["racy-for-neighbour"] = Sync(RacyForNeighbour),
        ["racy-invoke"] = Sync(RacyInvoke),
        ["racy-for-each"] = Sync(RacyForEach),
        ["racy-for-each-async"] = RacyForEachAsync,
        ["racy-for-async"] = RacyForAsync,
        ["racy-for-each-lazy"] = Sync(RacyForEachLazy),
        ["racy-for-each-async-lazy"] = RacyForEachAsyncLazy,
        ["racy-for-each-after-yield"] = Sync(RacyForEachAfterYield),
        ["racy-plinq-select"] = Sync(RacyQuerySelect),
        ["racy-plinq-concurrent-write"] = RacyQueryConcurrentWrite,
    };

    static Func<Task> Sync(Action scenario) => () =>
    {
        scenario();
        return Task.CompletedTask;
    };

    static Task<int> Main(string[] args) => Scenarios.RunAsync("ParallelLoops", args, ByName);

    // ---- race-free ----

    // Parallel.For (int and long ranges, options, loop state): what the parent wrote before the call happens
    // before every iteration; every iteration happens before the code after the call. Each iteration writes
    // its own element.
    static void For()
    {
        Data.ForInput = 3;
        var squares = new int[64];
        Parallel.For(0, squares.Length, i => { squares[i] = i * i + Data.ForInput; });
        long total = squares.Sum();
        var products = new long[16];
        Parallel.For(0L, products.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => { products[i] = i * Data.ForInput; });
        Parallel.For(0, 10, (i, state) => { squares[i] += 1; });
        Data.ForInput = 0;
        Console.WriteLine($"for {total} {products.Sum()} {squares.Take(10).Sum()}");
    }

    // Parallel.For with thread-local state: localInit reads what the parent wrote before the call, the
    // localFinally delegates combine under a lock, and all of them happen before the code after the call.
    static void ForLocalState()
    {
        Data.LocalSeed = 0;
        Data.LocalTotal = 0;
        Parallel.For(0, 100, () => Data.LocalSeed, (i, state, local) => local + i, local =>
        {
            lock (Gate)
                Data.LocalTotal += local;
        });
        Data.LocalSeed = 1;
        Console.WriteLine($"for-local-state {Data.LocalTotal}");
    }

    // Parallel.ForEach over a sequence, with the index overload, and over a range partitioner.
    static void ForEach()
    {
        Data.ForEachInput = 100;
        string[] words = ["alpha", "beta", "gamma", "delta", "epsilon"];
        var lengths = new int[words.Length];
        Parallel.ForEach(words, (word, state, index) => { lengths[index] = word.Length + Data.ForEachInput; });
        var chunks = new int[10];
        Parallel.ForEach(Partitioner.Create(0, 100, 10), range =>
        {
            for (int i = range.Item1; i < range.Item2; i++)
                chunks[range.Item1 / 10] += i;
        });
        Data.ForEachInput = 0;
        Console.WriteLine($"for-each {lengths.Sum()} {chunks.Sum()}");
    }

    // Parallel.Invoke: each action follows the code before the call and precedes the code after it.
    static void Invoke()
    {
        Data.InvokeInput = 10;
        Parallel.Invoke(
            () => { Data.InvokeA = Data.InvokeInput + 1; },
            () => { Data.InvokeB = Data.InvokeInput + 2; },
            () => { Data.InvokeC = Data.InvokeInput + 3; });
        Parallel.Invoke(new ParallelOptions { MaxDegreeOfParallelism = 1 },
            () => { Data.InvokeA *= 2; },
            () => { Data.InvokeB *= 2; });
        Data.InvokeInput = 0;
        Console.WriteLine($"invoke {Data.InvokeA} {Data.InvokeB} {Data.InvokeC}");
    }

    static async IAsyncEnumerable<int> NumbersAsync(int count)
    {
        for (int i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return i;
        }
    }

    // Parallel.ForEachAsync over a sequence and over an async stream: iterations (including their code
    // after an await) happen before the code after awaiting the loop.
    static async Task ForEachAsync()
    {
        Data.AsyncInput = 5;
        var results = new int[8];
        await Parallel.ForEachAsync(Enumerable.Range(0, results.Length), async (i, _) =>
        {
            await Task.Yield();
            results[i] = i + Data.AsyncInput;
        });
        var streamed = new int[6];
        await Parallel.ForEachAsync(NumbersAsync(streamed.Length), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (i, token) =>
        {
            await Task.Delay(1, token);
            streamed[i] = i * Data.AsyncInput;
        });
        Data.AsyncInput = 0;
        Console.WriteLine($"for-each-async {results.Sum()} {streamed.Sum()}");
    }

    // Parallel.ForAsync (int and long ranges): as ForEachAsync.
    static async Task ForAsync()
    {
        Data.AsyncInput = 4;
        var results = new int[8];
        await Parallel.ForAsync(0, results.Length, async (i, _) =>
        {
            await Task.Yield();
            results[i] = i + Data.AsyncInput;
        });
        var wide = new long[4];
        await Parallel.ForAsync(0L, wide.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (i, token) =>
        {
            await Task.Delay(1, token);
            wide[i] = i * Data.AsyncInput;
        });
        Data.AsyncInput = 0;
        Console.WriteLine($"for-async {results.Sum()} {wide.Sum()}");
    }

    // Two iterations of one Parallel.ForAsync write one field after an await.
    static async Task RacyForAsync()
    {
        await Parallel.ForAsync(0, 2, async (i, _) =>
        {
            await Task.Yield();
            Data.ForAsyncLast = i; // RACE: ForAsyncLast (write)
        });
        Console.WriteLine($"racy-for-async {Data.ForAsyncLast >= 0}");
    }

    // An iterator: the framework's workers run it outside the loop body, under a lock of their own.
    static IEnumerable<Box> Boxes(int count)
    {
        for (int i = 0; i < count; i++)
        {
            var box = new Box();
            box.V = i + Data.LazyInput;
            yield return box;
        }
    }

    static async IAsyncEnumerable<Box> BoxesAsync(int count)
    {
        for (int i = 0; i < count; i++)
        {
            await Task.Yield();
            var box = new Box();
            box.V = i;
            yield return box;
        }
    }

    // Parallel.ForEach over a lazily produced source (plain, through the framework's orderable partitioner with
    // the index overload, and through a partitioner of the program's own): what the parent wrote before the
    // call happens before the enumeration, and what the enumeration did up to producing an item happens
    // before the iteration that receives it; all of it happens before the code after the call.
    static void ForEachLazy()
    {
        Data.LazyInput = 1;
        var bag = new ConcurrentBag<int>();
        Parallel.ForEach(Boxes(50), box =>
        {
            box.V++;
            bag.Add(box.V);
        });
        var indexed = new int[20];
        Parallel.ForEach(Partitioner.Create(Boxes(indexed.Length)), (box, state, index) => { indexed[index] = box.V; });
        Parallel.ForEach(new SharedPartitioner<Box>(Boxes(10)), box =>
        {
            box.V *= 2;
            bag.Add(box.V);
        });
        Data.LazyInput = 0;
        Console.WriteLine($"for-each-lazy {bag.Sum()} {indexed.Sum()}");
    }

    // Parallel.ForEach over a BlockingCollection's consuming enumerable fed by a producer task: adding an item
    // happens before the iteration that takes it.
    static void ForEachConsuming()
    {
        using var queue = new BlockingCollection<Box>();
        var producer = Task.Run(() =>
        {
            for (int i = 0; i < 20; i++)
            {
                var box = new Box();
                box.V = i;
                queue.Add(box);
            }
            queue.CompleteAdding();
        });
        var bag = new ConcurrentBag<int>();
        Parallel.ForEach(queue.GetConsumingEnumerable(), box =>
        {
            box.V++;
            bag.Add(box.V);
        });
        producer.Wait();
        Console.WriteLine($"for-each-consuming {bag.Sum()}");
    }

    // Parallel.ForEachAsync over a channel fed by a producer task, over an async iterator and over a plain
    // iterator: each item is produced before the iteration that receives it, also after its awaits.
    static async Task ForEachAsyncStreamed()
    {
        var channel = Channel.CreateUnbounded<Box>();
        var producer = Task.Run(async () =>
        {
            for (int i = 0; i < 20; i++)
            {
                var box = new Box();
                box.V = i;
                await channel.Writer.WriteAsync(box);
            }
            channel.Writer.Complete();
        });
        var bag = new ConcurrentBag<int>();
        await Parallel.ForEachAsync(channel.Reader.ReadAllAsync(), async (box, _) =>
        {
            await Task.Yield();
            box.V *= 2;
            bag.Add(box.V);
        });
        await producer;
        await Parallel.ForEachAsync(BoxesAsync(10), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (box, token) =>
        {
            await Task.Delay(1, token);
            box.V += 100;
            bag.Add(box.V);
        });
        Data.LazyInput = 1;
        await Parallel.ForEachAsync(Boxes(10), async (box, _) =>
        {
            await Task.Yield();
            box.V += 1;
            bag.Add(box.V);
        });
        Data.LazyInput = 0;
        Console.WriteLine($"for-each-async-streamed {bag.Sum()}");
    }

    // ---- racy ----

    // The classic: iterations increment a shared counter.
    // PLINQ: what the caller wrote before a query runs (also after building it) happens before every delegate of
    // the query; every delegate happens before the code after the terminal operator, and before each item a
    // foreach over the query receives.
    static void ParallelQueries()
    {
        var crates = Enumerable.Range(1, 40).Select(i => new Crate { Weight = i }).ToList();
        var doubled = crates.AsParallel().Where(c => c.Weight % 2 == 0).Select(c => new Crate { Weight = c.Weight * Data.QueryScale });
        Data.QueryScale = 3; // after building the query, before running it
        int total = 0;
        foreach (var crate in doubled.ToList())
            total += crate.Weight;
        long sum = crates.AsParallel().Sum(c => (long)c.Weight * Data.QueryScale);
        int count = 0;
        crates.AsParallel().WithDegreeOfParallelism(2).ForAll(c => Interlocked.Add(ref count, c.Weight));
        var ordered = ParallelEnumerable.Range(0, 10).AsOrdered().Select(i => i * Data.QueryScale).ToArray();
        int streamed = 0;
        foreach (var crate in crates.AsParallel().Select(c => new Crate { Weight = c.Weight + Data.QueryScale }))
            streamed += crate.Weight;
        Data.QueryScale = 0;
        Console.WriteLine($"plinq {total} {sum} {count} {ordered[9]} {streamed}");
    }

    sealed class Crate
    {
        public int Weight;
    }

    // The delegates of one query are not ordered with each other.
    static void RacyQuerySelect()
    {
        var picked = Enumerable.Range(0, 50).AsParallel().Select(i => Data.QueryLast = i).ToList(); // RACE: QueryLast (write)
        Console.WriteLine($"racy-plinq-select {picked.Count}");
    }

    // A query run on another thread is not ordered with what the caller does meanwhile.
    static async Task RacyQueryConcurrentWrite()
    {
        var query = Enumerable.Range(0, 20).AsParallel().Select(i => i + Data.QueryLate); // RACE: QueryLate (read)
        var running = Task.Run(() => query.ToArray());
        Data.QueryLate = 1; // RACE: QueryLate (write)
        var results = await running;
        Console.WriteLine($"racy-plinq-concurrent-write {results.Length}");
    }

    static void RacyForCounter()
    {
        Parallel.For(0, 100, _ => { Data.Counter++; }); // RACE: Counter (write)
        Console.WriteLine($"racy-for-counter {Data.Counter > 0}");
    }

    // One iteration writes what another reads.
    static void RacyForNeighbour()
    {
        Parallel.For(0, 2, i =>
        {
            if (i == 0)
                Data.Neighbour = 1; // RACE: Neighbour (write)
            else
                Data.NeighbourSeen = Data.Neighbour; // RACE: Neighbour (read)
        });
        Console.WriteLine($"racy-for-neighbour {Data.NeighbourSeen >= 0}");
    }

    // Two actions of one Parallel.Invoke write one field.
    static void RacyInvoke()
    {
        Parallel.Invoke(
            () => { Data.Invoked = 1; }, // RACE: Invoked (write)
            () => { Data.Invoked = 2; }); // RACE: Invoked (write)
        Console.WriteLine($"racy-invoke {Data.Invoked > 0}");
    }

    // Iterations of Parallel.ForEach write one field.
    static void RacyForEach()
    {
        Parallel.ForEach(new[] { 1, 2, 3, 4 }, item => { Data.LastItem = item; }); // RACE: LastItem (write)
        Console.WriteLine($"racy-for-each {Data.LastItem > 0}");
    }

    // Iterations of Parallel.ForEachAsync write one field after an await.
    static async Task RacyForEachAsync()
    {
        await Parallel.ForEachAsync(Enumerable.Range(1, 4), async (i, _) =>
        {
            await Task.Yield();
            Data.AsyncLast = i; // RACE: AsyncLast (write)
        });
        Console.WriteLine($"racy-for-each-async {Data.AsyncLast > 0}");
    }

    // Iterations over a lazily produced source are still not ordered with each other.
    static void RacyForEachLazy()
    {
        Parallel.ForEach(Boxes(8), box => { Data.LazyLast = box.V; }); // RACE: LazyLast (write)
        Console.WriteLine($"racy-for-each-lazy {Data.LazyLast >= 0}");
    }

    // The same with Parallel.ForEachAsync, after an await.
    static async Task RacyForEachAsyncLazy()
    {
        await Parallel.ForEachAsync(Boxes(8), async (box, _) =>
        {
            await Task.Yield();
            Data.AsyncLazyLast = box.V; // RACE: AsyncLazyLast (write)
        });
        Console.WriteLine($"racy-for-each-async-lazy {Data.AsyncLazyLast >= 0}");
    }

    // An iterator that changes an item after yielding it: the change (made when the next item is asked
    // for) races with the iteration that received the item.
    static IEnumerable<Parcel> ReweighedParcels()
    {
        for (int i = 0; i < 4; i++)
        {
            var parcel = new Parcel();
            parcel.Weight = i;
            yield return parcel;
            parcel.Weight = -1; // RACE: Weight (write)
        }
    }

    static void RacyForEachAfterYield()
    {
        Parallel.ForEach(ReweighedParcels(), parcel => { Interlocked.Add(ref Data.ParcelTotal, parcel.Weight); }); // RACE: Weight (read)
        Console.WriteLine($"racy-for-each-after-yield {Data.ParcelTotal >= -4}");
    }
}

sealed class Box
{
    public int V;
}

sealed class Parcel
{
    public int Weight;
}

/// <summary>A partitioner of the program's own (not an orderable one) over a shared sequence.</summary>
sealed class SharedPartitioner<T>(IEnumerable<T> source) : Partitioner<T>
{
    readonly OrderablePartitioner<T> _shared = Partitioner.Create(source);

    public override bool SupportsDynamicPartitions => true;

    public override IList<IEnumerator<T>> GetPartitions(int partitionCount) => _shared.GetPartitions(partitionCount);

    public override IEnumerable<T> GetDynamicPartitions() => _shared.GetDynamicPartitions();
}

static class Data
{
    public static int ForInput;
    public static int QueryScale, QueryLast, QueryLate;
    public static int ForAsyncLast;
    public static int LocalSeed, LocalTotal;
    public static int ForEachInput;
    public static int InvokeInput, InvokeA, InvokeB, InvokeC;
    public static int AsyncInput;

    public static int Counter;
    public static int Neighbour, NeighbourSeen;
    public static int Invoked;
    public static int LastItem;
    public static int AsyncLast;
    public static int LazyInput;
    public static int LazyLast, AsyncLazyLast, ParcelTotal;
}
