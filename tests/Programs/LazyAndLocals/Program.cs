// Lazy initialization and per-thread / per-flow storage, one scenario per run: `LazyAndLocals <scenario>`.
// - Lazy<T>.Value (thread-safe modes) and LazyInitializer.EnsureInitialized: creating the value happens
//   before every reader that gets it. LazyThreadSafetyMode.None is not modelled (not thread-safe: the
//   program must order its users itself).
// - ThreadLocal<T>, [ThreadStatic], AsyncLocal<T>: each thread / flow has its own value, so accessing
//   the values never races; objects reachable from them may still be shared.
// Each has a race-free scenario (no race, exit 0, the output below) and a misuse whose races are exactly
// the lines marked `// RACE: <member> (read|write)`. In every misuse both racy accesses always run and nothing orders
// them; clean scenarios are correct under every interleaving. Only main creates non-capturing lambdas
// (a finished static constructor, like a lambda cache's, releases its thread's clock to every thread).

var scenarios = new Dictionary<string, Action>
{
    ["lazy"] = () => new Lazies().Clean(),
    ["lazy-mutate-misuse"] = () => new Lazies().MutateMisuse(),
    ["lazy-none-misuse"] = () => new Lazies().NoneMisuse(),
    ["lazy-value-type"] = () => new Lazies().ValueType(),
    ["lazy-initializer"] = () => new Initializers().Clean(),
    ["lazy-initializer-misuse"] = () => new Initializers().Misuse(),
    ["thread-local"] = () => new ThreadLocals().Clean(),
    ["thread-local-misuse"] = () => new ThreadLocals().Misuse(),
    ["thread-static"] = () => new ThreadStatics().Clean(),
    ["thread-static-misuse"] = () => new ThreadStatics().Misuse(),
    ["async-local"] = () => new FlowLocals().Clean(),
    ["async-local-misuse"] = () => new FlowLocals().Misuse(),
    ["method-group-cache"] = () => new DelegateCaches().Clean(),
};
return Scenarios.Run("LazyAndLocals", args, scenarios);

/// <summary>A lazily created value; factories set its fields after construction, so they are tracked.</summary>
sealed class Config
{
    public string? Name;
    public int Port;
    public int LazyHits, InitializerHits, UnguardedPort;
}

// ---------------------------------------------------------------------------------------------------
// Lazy<T>: default (ExecutionAndPublication), explicit ExecutionAndPublication, PublicationOnly (the
// factory may run on several threads, one value wins), isThreadSafe: true.
// lazy: readers=21730,21730,21730.
// lazy-mutate-misuse: race on LazyHits (two readers mutate the shared value).
// lazy-none-misuse: race on UnguardedPort (the factory's write vs another thread's read).
sealed class Lazies
{
    readonly Lazy<Config> byDefault;
    readonly Lazy<Config> executionAndPublication;
    readonly Lazy<Config> publicationOnly;
    readonly Lazy<Config> threadSafe;
    readonly Lazy<Config> unguarded;
    readonly Lazy<int> counted;
    readonly int[] results = new int[3];
    int sink, creatorSink;

    public Lazies()
    {
        byDefault = new Lazy<Config>(CreateConfig);
        executionAndPublication = new Lazy<Config>(CreateConfig, LazyThreadSafetyMode.ExecutionAndPublication);
        publicationOnly = new Lazy<Config>(CreateConfig, LazyThreadSafetyMode.PublicationOnly);
        threadSafe = new Lazy<Config>(CreateConfig, isThreadSafe: true);
        // LazyThreadSafetyMode.None is not modelled: such a Lazy is not thread-safe, so creating the
        // value does not happen before other threads' reads unless the program orders them itself.
        unguarded = new Lazy<Config>(CreateUnguarded, LazyThreadSafetyMode.None);
        counted = new Lazy<int>(CountEntries);
    }

    Config CreateConfig()
    {
        var config = new Config();
        config.Name = "db";
        config.Port = 5432;
        return config;
    }

    public void Clean()
    {
        Workers.Run(("reader-0", () => Read(0)), ("reader-1", () => Read(1)), ("reader-2", () => Read(2)));
        Console.WriteLine($"readers={results[0]},{results[1]},{results[2]}");
    }

    void Read(int index) =>
        results[index] = byDefault.Value.Port + executionAndPublication.Value.Port + publicationOnly.Value.Port
            + threadSafe.Value.Port + byDefault.Value.Name!.Length;

    public void MutateMisuse()
    {
        Workers.Run(("reader-0", Mutate), ("reader-1", Mutate));
        Console.WriteLine("done");
    }

    void Mutate() => byDefault.Value.LazyHits++; // RACE: LazyHits (write)

    // Lazy<int> and LazyInitializer.EnsureInitialized of an int: the factory's other writes are published
    // with the value too. lazy-value-type: values=94,94.
    int entriesNote, othersNote, othersTarget;
    bool othersInitialized;
    object? othersLock;
    readonly int[] valueResults = new int[2];

    int CountEntries()
    {
        entriesNote = 40;
        return 2;
    }

    int CountOthers()
    {
        othersNote = 50;
        return 2;
    }

    public void ValueType()
    {
        Workers.Run(("reader-0", () => ReadCounts(0)), ("reader-1", () => ReadCounts(1)));
        Console.WriteLine($"values={valueResults[0]},{valueResults[1]}");
    }

    void ReadCounts(int index)
    {
        int entries = counted.Value + entriesNote;
        int others = LazyInitializer.EnsureInitialized(ref othersTarget, ref othersInitialized, ref othersLock, CountOthers) + othersNote;
        valueResults[index] = entries + others;
    }

    Config CreateUnguarded()
    {
        var config = new Config();
        config.UnguardedPort = 80; // RACE: UnguardedPort (write)
        return config;
    }

    // Only the creator runs the factory; the reader polls IsValueCreated (which orders nothing) and then
    // reads the value: the factory's field write and that read are unordered.
    public void NoneMisuse()
    {
        Workers.Run(("creator", () => creatorSink = unguarded.Value.Port), ("reader", ReadUnguarded));
        Console.WriteLine("done");
    }

    void ReadUnguarded()
    {
        while (!unguarded.IsValueCreated)
            Thread.Yield();
        sink = unguarded.Value.UnguardedPort; // RACE: UnguardedPort (read)
    }
}

// ---------------------------------------------------------------------------------------------------
// LazyInitializer.EnsureInitialized: (ref target, factory), (ref target, ref initialized, ref syncLock,
// factory), (ref target, ref syncLock, factory).
// lazy-initializer: ports=16296,16296. lazy-initializer-misuse: race on InitializerHits.
sealed class Initializers
{
    Config? target;
    Config? lockedTarget;
    bool initialized;
    object? syncLock;
    Config? syncedTarget;
    object? otherSyncLock;
    readonly int[] results = new int[2];

    Config CreateConfig()
    {
        var config = new Config();
        config.Port = 5432;
        return config;
    }

    public void Clean()
    {
        Workers.Run(("initializer-0", () => Initialize(0)), ("initializer-1", () => Initialize(1)));
        Console.WriteLine($"ports={results[0]},{results[1]}");
    }

    void Initialize(int index)
    {
        var first = LazyInitializer.EnsureInitialized(ref target, CreateConfig);
        var second = LazyInitializer.EnsureInitialized(ref lockedTarget, ref initialized, ref syncLock, CreateConfig);
        var third = LazyInitializer.EnsureInitialized(ref syncedTarget, ref otherSyncLock, CreateConfig);
        results[index] = first.Port + second!.Port + third.Port;
    }

    public void Misuse()
    {
        Workers.Run(("initializer-0", Mutate), ("initializer-1", Mutate));
        Console.WriteLine("done");
    }

    void Mutate()
    {
        var config = LazyInitializer.EnsureInitialized(ref target, CreateConfig);
        config.InitializerHits++; // RACE: InitializerHits (write)
    }
}

/// <summary>Counters reached through per-thread or per-flow storage.</summary>
sealed class Tally
{
    public int Count;
    public int Ticks, Visits, Steps;
}

// ---------------------------------------------------------------------------------------------------
// ThreadLocal<T>: each thread's value is its own.
// thread-local: numbers=1000,1000 tallies=2000. thread-local-misuse: race on Ticks (every thread's
// value is the same object).
sealed class ThreadLocals
{
    readonly ThreadLocal<Tally> perThread = new(() => new Tally(), trackAllValues: true);
    readonly ThreadLocal<int> numbers = new();
    readonly ThreadLocal<Tally> sharing;
    readonly Tally shared = new();
    readonly int[] results = new int[2];

    public ThreadLocals() => sharing = new ThreadLocal<Tally>(() => shared); // the bug of the misuse: one object for all threads

    public void Clean()
    {
        Workers.Run(("local-0", () => Work(0)), ("local-1", () => Work(1)));
        Console.WriteLine($"numbers={results[0]},{results[1]} tallies={perThread.Values.Sum(t => t.Count)}");
    }

    void Work(int index)
    {
        for (int i = 0; i < 1000; i++)
        {
            perThread.Value!.Count++;
            numbers.Value++;
        }
        results[index] = numbers.Value;
    }

    public void Misuse()
    {
        Workers.Run(("local-0", Tick), ("local-1", Tick));
        Console.WriteLine("done");
    }

    void Tick() => sharing.Value!.Ticks++; // RACE: Ticks (write)
}

// ---------------------------------------------------------------------------------------------------
// [ThreadStatic]: one copy of the field per thread (not instrumented).
// thread-static: depths=2000,2000. thread-static-misuse: race on Visits (the per-thread field holds a
// shared object).
sealed class ThreadStatics
{
    [ThreadStatic] static int t_depth;
    [ThreadStatic] static Tally? t_tally;
    [ThreadStatic] static Tally? t_cache;
    readonly Tally shared = new();
    readonly int[] results = new int[2];

    public void Clean()
    {
        Workers.Run(("static-0", () => Work(0)), ("static-1", () => Work(1)));
        Console.WriteLine($"depths={results[0]},{results[1]}");
    }

    void Work(int index)
    {
        for (int i = 0; i < 1000; i++)
        {
            t_depth++;
            (t_tally ??= new Tally()).Count++;
        }
        results[index] = t_depth + t_tally!.Count;
    }

    public void Misuse()
    {
        Workers.Run(("static-0", Visit), ("static-1", Visit));
        Console.WriteLine("done");
    }

    void Visit()
    {
        t_cache = shared; // the bug: a per-thread slot that points at a shared object
        t_cache.Visits++; // RACE: Visits (write)
    }
}

// ---------------------------------------------------------------------------------------------------
// AsyncLocal<T>: each flow's value is its own; it flows into awaits and started threads.
// async-local: flows=1001,1002. async-local-misuse: race on Steps (two flows inherit one object).
sealed class FlowLocals
{
    readonly AsyncLocal<int> current = new();
    readonly AsyncLocal<Tally> flowTally = new();
    readonly int[] results = new int[2];

    public void Clean()
    {
        Workers.Run(("flow-0", () => Work(0)), ("flow-1", () => Work(1)));
        Console.WriteLine($"flows={results[0]},{results[1]}");
    }

    void Work(int index)
    {
        current.Value = index + 1;
        flowTally.Value = new Tally();
        for (int i = 0; i < 1000; i++)
            flowTally.Value.Count++;
        results[index] = FlowAsync().GetAwaiter().GetResult();
    }

    async Task<int> FlowAsync()
    {
        int before = current.Value;
        await Task.Yield();
        return current.Value == before ? flowTally.Value!.Count + before : -1;
    }

    public void Misuse()
    {
        flowTally.Value = new Tally(); // both threads inherit this flow's value
        Workers.Run(("flow-0", Step), ("flow-1", Step));
        Console.WriteLine("done");
    }

    void Step() => flowTally.Value!.Steps++; // RACE: Steps (write)
}

// ---------------------------------------------------------------------------------------------------
// The C# compiler caches the delegate it makes from a static method group in a static field of a nested
// class (<>O, or <Method>O__N_M for generic methods) that it fills without synchronization: racing to
// fill it is harmless (every delegate made is equivalent), like the lambda caches.
// method-group-cache: sums=2000,2000 lengths=4000,4000.
sealed class DelegateCaches
{
    readonly int[] sums = new int[2];
    readonly int[] lengths = new int[2];

    public void Clean()
    {
        Workers.Run(("caller-0", () => Call(0)), ("caller-1", () => Call(1)));
        Console.WriteLine($"sums={sums[0]},{sums[1]} lengths={lengths[0]},{lengths[1]}");
    }

    void Call(int index)
    {
        for (int i = 0; i < 1000; i++)
        {
            Func<int, int> twice = Twice; // <>O.<0>__Twice
            sums[index] += twice(1);
            lengths[index] += Apply("ab");
        }
    }

    static int Twice(int value) => value * 2;

    static int Apply<T>(T value)
    {
        Func<T, string> describe = Describe; // <Apply>O__N_0<T>.<0>__Describe
        return describe(value).Length;
    }

    static string Describe<T>(T value) => value!.ToString() + "!!";
}
