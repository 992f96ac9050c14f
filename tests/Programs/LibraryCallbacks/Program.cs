// LibraryCallbacks: NuGet System.*/Microsoft.* libraries (Microsoft.Extensions.Caching.Memory, System.Reactive,
// Microsoft.Extensions.DependencyInjection) that call user code back on another thread, or hand it objects built on
// another, one scenario per run. The libraries hand the work over through their own synchronization (a task they
// start, a ConcurrentDictionary, a lock), which the detector sees only when they are instrumented for synchronization.
// Two threads run one after the other in real time only (Workers.InOrder), so the detector sees no edge between
// them but the library's. Scenarios named "racy-..." hold one deliberate race in user code; every racy access
// carries a "// RACE: <member> (<operation>)" comment that the end-to-end tests (LibraryCallbacksTests) read.

using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

return Scenarios.Run("LibraryCallbacks", args, new Dictionary<string, Action>
{
    ["cache-factory"] = CacheFactory,
    ["cache-eviction"] = CacheEviction,
    ["rx-scheduler"] = RxScheduler,
    ["rx-observe-on"] = RxObserveOn,
    ["container-singleton"] = ContainerSingleton,
    ["racy-cache-mutation"] = RacyCacheMutation,
    ["racy-rx-scheduler"] = RacyRxScheduler,
});

// GetOrCreate's factory builds the value on the first thread; the second gets it from the cache and reads it.
static void CacheFactory()
{
    using var cache = new MemoryCache(new MemoryCacheOptions());
    var seen = new int[2];
    int Use() => cache.GetOrCreate("quote", _ => Quote.Priced(42))!.Price;
    Workers.InOrder(("first", () => seen[0] = Use()), ("second", () => seen[1] = Use()));
    Console.WriteLine($"cache-factory seen={seen[0]},{seen[1]}");
}

// The first thread sets an entry up with an eviction callback; the second removes it; the cache runs the
// callback on the thread pool, where it reads what the first thread set up.
static void CacheEviction()
{
    using var cache = new MemoryCache(new MemoryCacheOptions());
    var note = new Note();
    using var evicted = new ManualResetEventSlim();
    string? seen = null;
    Workers.InOrder(
        ("first", () =>
        {
            note.Text = "set up";
            var options = new MemoryCacheEntryOptions().RegisterPostEvictionCallback((_, _, _, _) =>
            {
                seen = note.Text;
                evicted.Set();
            });
            cache.Set("entry", 1, options);
        }),
        ("second", () => cache.Remove("entry")));
    evicted.Wait();
    Console.WriteLine($"cache-eviction seen={seen}");
}

// The main thread sets state up, then Rx runs the work it schedules on the task pool.
static void RxScheduler()
{
    var note = new Note();
    note.Text = "set up";
    using var done = new ManualResetEventSlim();
    string? seen = null;
    using var _ = TaskPoolScheduler.Default.Schedule(() =>
    {
        seen = note.Text;
        done.Set();
    });
    done.Wait();
    Console.WriteLine($"rx-scheduler seen={seen}");
}

// Items built on the main thread are observed on the task pool, one at a time (the Rx observer contract).
static void RxObserveOn()
{
    const int Count = 200;
    var subject = new Subject<Quote>();
    var total = new Total();
    using var done = new ManualResetEventSlim();
    using var subscription = subject.ObserveOn(TaskPoolScheduler.Default).Subscribe(quote =>
    {
        total.Sum += quote.Price;
        if (++total.Seen == Count)
            done.Set();
    });
    for (int i = 1; i <= Count; i++)
        subject.OnNext(Quote.Priced(i));
    done.Wait();
    Console.WriteLine($"rx-observe-on sum={total.Sum}");
}

// The container (a NuGet copy, instrumented for synchronization only) runs the factory on the first thread to resolve.
static void ContainerSingleton()
{
    using var provider = new ServiceCollection().AddSingleton(_ => Note.Written("factory")).BuildServiceProvider();
    var seen = new string?[2];
    Workers.InOrder(("first", () => seen[0] = provider.GetRequiredService<Note>().Text),
        ("second", () => seen[1] = provider.GetRequiredService<Note>().Text));
    Console.WriteLine($"container-singleton seen={seen[0]},{seen[1]}");
}

// The first thread changes the cached quote after the cache published it; the second reads it from the cache.
static void RacyCacheMutation()
{
    using var cache = new MemoryCache(new MemoryCacheOptions());
    int seen = 0;
    Workers.InOrder(
        ("first", () => cache.GetOrCreate("quote", _ => Quote.Priced(42))!.Price = 43), // RACE: Price (write)
        ("second", () => seen = cache.Get<Quote>("quote")!.Price)); // RACE: Price (read)
    Console.WriteLine($"racy-cache-mutation seen={seen}");
}

// The main thread and the work Rx runs on the task pool update one counter, one after the other in real time only
// (the work waits on IsCancellationRequested, which orders nothing).
static void RacyRxScheduler()
{
    var total = new Total();
    using var written = new CancellationTokenSource();
    using var done = new ManualResetEventSlim();
    using var work = TaskPoolScheduler.Default.Schedule(() =>
    {
        while (!written.IsCancellationRequested)
            Thread.Yield();
        total.Seen++; // RACE: Seen (write)
        done.Set();
    });
    total.Seen++; // RACE: Seen (write)
    written.Cancel();
    done.Wait();
    Console.WriteLine($"racy-rx-scheduler seen={total.Seen}");
}

sealed class Quote
{
    public int Price;

    // Stores after construction are checked: only the cache can order them before another thread's read.
    public static Quote Priced(int price)
    {
        var quote = new Quote();
        quote.Price = price;
        return quote;
    }
}

sealed class Note
{
    public string? Text;

    public static Note Written(string text)
    {
        var note = new Note();
        note.Text = text;
        return note;
    }
}

sealed class Total
{
    public long Sum;
    public int Seen;
}
