// ParallelLoops: the happens-before edges of Parallel.For, ForEach, Invoke and ForEachAsync, one scenario per run.
// Usage: ParallelLoops <scenario>. Scenarios named "racy-..." hold deliberate races; every racy access carries
// a "// RACE: <member> (<operation>)" comment that the end-to-end tests (ParallelLoopsTests) read. The other
// scenarios are race-free under every interleaving and synchronize only through what the detector models.
// Every iteration is its own logical thread, so iterations race with each other even when one OS thread
// runs them one after the other.

using System.Collections.Concurrent;

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
        ["racy-for-counter"] = Sync(RacyForCounter),
        ["racy-for-neighbour"] = Sync(RacyForNeighbour),
        ["racy-invoke"] = Sync(RacyInvoke),
        ["racy-for-each"] = Sync(RacyForEach),
        ["racy-for-each-async"] = RacyForEachAsync,
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

    // ---- racy ----

    // The classic: iterations increment a shared counter.
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
}

static class Data
{
    public static int ForInput;
    public static int LocalSeed, LocalTotal;
    public static int ForEachInput;
    public static int InvokeInput, InvokeA, InvokeB, InvokeC;
    public static int AsyncInput;

    public static int Counter;
    public static int Neighbour, NeighbourSeen;
    public static int Invoked;
    public static int LastItem;
    public static int AsyncLast;
}
