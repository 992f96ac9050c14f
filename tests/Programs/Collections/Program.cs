// Concurrent collections, channels and TPL Dataflow blocks, one scenario per run: `Collections <scenario>`.
// Adding an item happens before the take that returns it: per item for reference types (so mutating
// an item after adding it races with its consumer), per collection for value types. ConcurrentDictionary
// is per dictionary: any write happens before later reads, value factories included.
// Each collection has a race-free scenario (no race, exit 0, the output below) and a misuse whose races
// are exactly the lines marked `// RACE: <member> (read|write)`. In every misuse both racy accesses always run and
// nothing orders them; clean scenarios are correct under every interleaving.
using System.Collections.Concurrent;
using System.Threading.Channels;
using System.Threading.Tasks.Dataflow;

var scenarios = new Dictionary<string, Action>
{
    ["queue"] = () => new Queues().Clean(),
    ["queue-misuse"] = () => new Queues().Misuse(),
    ["value-queue"] = () => new Queues().ValueClean(),
    ["value-queue-misuse"] = () => new Queues().ValueMisuse(),
    ["stack"] = () => new Stacks().Clean(),
    ["stack-misuse"] = () => new Stacks().Misuse(),
    ["bag"] = () => new Bags().Clean(),
    ["bag-misuse"] = () => new Bags().Misuse(),
    ["blocking"] = () => new Blocking().Clean(),
    ["blocking-misuse"] = () => new Blocking().Misuse(),
    ["blocking-take-from-any"] = () => new Blocking().FromAny(),
    ["blocking-take-from-any-misuse"] = () => new Blocking().FromAnyMisuse(),
    ["snapshots"] = () => new Snapshots().Clean(),
    ["snapshots-misuse"] = () => new Snapshots().Misuse(),
    ["channel"] = () => new Channels().Clean(),
    ["channel-misuse"] = () => new Channels().Misuse(),
    ["channel-pending-reads"] = () => new Channels().PendingReads(),
    ["dictionary"] = () => new Dictionaries().Clean(),
    ["dictionary-misuse"] = () => new Dictionaries().Misuse(),
    ["dictionary-interfaces"] = () => new Dictionaries().ThroughInterfaces(),
    ["producer-consumer-interface"] = () => new Queues().ThroughInterface(),
    ["linq"] = FrameworkReaders.Clean,
    ["linq-value-items"] = () => new FrameworkReaders().ValueItems(),
    ["linq-misuse"] = () => new FrameworkReaders().Misuse(),
    ["linq-dictionary-misuse"] = () => new FrameworkReaders().DictionaryMisuse(),
    ["dataflow"] = () => new Dataflows().Clean(),
    ["dataflow-parallel-misuse"] = () => new Dataflows().ParallelMisuse(),
    ["dataflow-misuse"] = () => new Dataflows().Misuse(),
};
return Scenarios.Run("Collections", args, scenarios);

/// <summary>An item handed over through a collection; its fields are written after construction, so they are tracked.</summary>
sealed class Item
{
    public int Value;
    public int QueueStamp, StackStamp, BagStamp, BlockingStamp, ChannelStamp, DictionaryStamp, AnyStamp, SnapshotStamp, LinqStamp, ResultStamp,
        DataflowStamp;

    public static Item With(int value)
    {
        var item = new Item();
        item.Value = value;
        return item;
    }

    // string.Join calls it from the framework.
    public override string ToString() => Value.ToString();
}

// ---------------------------------------------------------------------------------------------------
// ConcurrentQueue: Enqueue -> TryDequeue / TryPeek.
// queue: first=1 sum=10 header=9. queue-misuse: race on QueueStamp (mutated after Enqueue).
// value-queue: header=9 (int items: ordered per queue). value-queue-misuse: race on valueHeader.
sealed class Queues
{
    readonly ConcurrentQueue<Item> queue = new();
    readonly ConcurrentQueue<int> numbers = new();
    int sum, firstSeen, header, seenHeader, valueHeader, sink;

    public void Clean()
    {
        Workers.Run(("producer", Produce), ("consumer", Consume));
        Console.WriteLine($"first={firstSeen} sum={sum} header={seenHeader}");
    }

    void Produce()
    {
        for (int i = 1; i <= 4; i++)
            queue.Enqueue(Item.With(i));
        header = 9;
        numbers.Enqueue(1);
    }

    void Consume()
    {
        Item? peeked;
        while (!queue.TryPeek(out peeked))
            Thread.Yield();
        int first = peeked.Value;
        for (int taken = 0; taken < 4;)
        {
            if (queue.TryDequeue(out var item))
            {
                sum += item.Value;
                taken++;
            }
            else
            {
                Thread.Yield();
            }
        }
        firstSeen = first;
        while (!numbers.TryDequeue(out _))
            Thread.Yield();
        seenHeader = header;
    }

    public void Misuse()
    {
        Workers.Run(("producer", ProduceThenMutate), ("consumer", ConsumeStamp));
        Console.WriteLine("done");
    }

    void ProduceThenMutate()
    {
        var item = new Item();
        item.QueueStamp = 1;
        queue.Enqueue(item);
        item.QueueStamp = 2; // RACE: QueueStamp (write)
    }

    void ConsumeStamp()
    {
        Item? item;
        while (!queue.TryDequeue(out item))
            Thread.Yield();
        sink = item.QueueStamp; // RACE: QueueStamp (read)
    }

    // Through IProducerConsumerCollection<T> (TryAdd / TryTake), on a queue and a bag.
    // producer-consumer-interface: sum=3.
    public void ThroughInterface()
    {
        IProducerConsumerCollection<Item> queueView = queue;
        IProducerConsumerCollection<Item> bagView = new ConcurrentBag<Item>();
        Workers.Run(("producer", () => { queueView.TryAdd(Item.With(1)); bagView.TryAdd(Item.With(2)); }),
            ("consumer", () => sum = TakeFrom(queueView) + TakeFrom(bagView)));
        Console.WriteLine($"sum={sum}");
    }

    static int TakeFrom(IProducerConsumerCollection<Item> collection)
    {
        Item? item;
        while (!collection.TryTake(out item))
            Thread.Yield();
        return item.Value;
    }

    public void ValueClean()
    {
        Workers.Run(("producer", () => { header = 9; numbers.Enqueue(1); }), ("consumer", ConsumeHeader));
        Console.WriteLine($"header={seenHeader}");
    }

    void ConsumeHeader()
    {
        while (!numbers.TryDequeue(out _))
            Thread.Yield();
        seenHeader = header;
    }

    public void ValueMisuse()
    {
        Workers.Run(("producer", ProduceValueThenWrite), ("consumer", ConsumeValueHeader));
        Console.WriteLine("done");
    }

    void ProduceValueThenWrite()
    {
        numbers.Enqueue(1);
        valueHeader = 9; // RACE: valueHeader (write)
    }

    void ConsumeValueHeader()
    {
        while (!numbers.TryDequeue(out _))
            Thread.Yield();
        sink = valueHeader; // RACE: valueHeader (read)
    }
}

// ---------------------------------------------------------------------------------------------------
// ConcurrentStack: Push / PushRange -> TryPop / TryPopRange / TryPeek.
// stack: sum=15. stack-misuse: race on StackStamp (mutated after Push).
sealed class Stacks
{
    readonly ConcurrentStack<Item> stack = new();
    int sum, sink;

    public void Clean()
    {
        Workers.Run(("producer", Produce), ("consumer", Consume));
        Console.WriteLine($"sum={sum}");
    }

    void Produce()
    {
        stack.Push(Item.With(1));
        stack.Push(Item.With(2));
        stack.PushRange([Item.With(3), Item.With(4), Item.With(5)]);
    }

    void Consume()
    {
        int taken = 0;
        var range = new Item[2];
        while (taken < 5)
        {
            if (stack.TryPeek(out var top))
                sink = top.Value;
            if (stack.TryPop(out var item))
            {
                sum += item.Value;
                taken++;
            }
            int popped = stack.TryPopRange(range);
            for (int i = 0; i < popped; i++)
                sum += range[i].Value;
            taken += popped;
            if (popped == 0)
                Thread.Yield();
        }
    }

    public void Misuse()
    {
        Workers.Run(("producer", ProduceThenMutate), ("consumer", ConsumeStamp));
        Console.WriteLine("done");
    }

    void ProduceThenMutate()
    {
        var item = new Item();
        stack.Push(item);
        item.StackStamp = 2; // RACE: StackStamp (write)
    }

    void ConsumeStamp()
    {
        Item? item;
        while (!stack.TryPop(out item))
            Thread.Yield();
        sink = item.StackStamp; // RACE: StackStamp (read)
    }
}

// ---------------------------------------------------------------------------------------------------
// ConcurrentBag: Add -> TryTake / TryPeek.
// bag: sum=6. bag-misuse: race on BagStamp (mutated after Add).
sealed class Bags
{
    readonly ConcurrentBag<Item> bag = new();
    int sum, sink;

    public void Clean()
    {
        Workers.Run(("producer", Produce), ("consumer", Consume));
        Console.WriteLine($"sum={sum}");
    }

    void Produce()
    {
        for (int i = 1; i <= 3; i++)
            bag.Add(Item.With(i));
    }

    void Consume()
    {
        for (int taken = 0; taken < 3;)
        {
            if (bag.TryPeek(out var seen))
                sink = seen.Value;
            if (bag.TryTake(out var item))
            {
                sum += item.Value;
                taken++;
            }
            else
            {
                Thread.Yield();
            }
        }
    }

    public void Misuse()
    {
        Workers.Run(("producer", ProduceThenMutate), ("consumer", ConsumeStamp));
        Console.WriteLine("done");
    }

    void ProduceThenMutate()
    {
        var item = new Item();
        bag.Add(item);
        item.BagStamp = 2; // RACE: BagStamp (write)
    }

    void ConsumeStamp()
    {
        Item? item;
        while (!bag.TryTake(out item))
            Thread.Yield();
        sink = item.BagStamp; // RACE: BagStamp (read)
    }
}

// ---------------------------------------------------------------------------------------------------
// BlockingCollection: Add / TryAdd -> Take / TryTake / GetConsumingEnumerable.
// blocking: sum=15. blocking-misuse: race on BlockingStamp (mutated after Add).
sealed class Blocking
{
    readonly BlockingCollection<Item> collection = new();
    int sum, sink;

    public void Clean()
    {
        Workers.Run(("producer", Produce), ("consumer", Consume));
        Console.WriteLine($"sum={sum}");
    }

    void Produce()
    {
        collection.Add(Item.With(1));
        collection.TryAdd(Item.With(2));
        collection.TryAdd(Item.With(3), 30_000);
        collection.Add(Item.With(4), CancellationToken.None);
        collection.Add(Item.With(5));
        collection.CompleteAdding();
    }

    void Consume()
    {
        sum += collection.Take().Value;
        if (collection.TryTake(out var second, 30_000))
            sum += second.Value;
        if (collection.TryTake(out var third, TimeSpan.FromSeconds(30)))
            sum += third.Value;
        foreach (var item in collection.GetConsumingEnumerable())
            sum += item.Value;
    }

    public void Misuse()
    {
        Workers.Run(("producer", ProduceThenMutate), ("consumer", () => sink = collection.Take().BlockingStamp)); // RACE: BlockingStamp (read)
        Console.WriteLine("done");
    }

    void ProduceThenMutate()
    {
        var item = new Item();
        collection.Add(item);
        item.BlockingStamp = 2; // RACE: BlockingStamp (write)
    }

    // TakeFromAny / TryTakeFromAny take from whichever collection has an item.
    // blocking-take-from-any: sum=3. blocking-take-from-any-misuse: race on AnyStamp (mutated after Add).
    readonly BlockingCollection<Item>[] both = [new(), new()];

    public void FromAny()
    {
        Workers.Run(("producer", () => { both[1].Add(Item.With(1)); both[0].Add(Item.With(2)); }), ("consumer", () =>
        {
            BlockingCollection<Item>.TakeFromAny(both, out var first);
            BlockingCollection<Item>.TryTakeFromAny(both, out var second, 30_000);
            sum = first.Value + second!.Value;
        }));
        Console.WriteLine($"sum={sum}");
    }

    public void FromAnyMisuse()
    {
        Workers.Run(("producer", () =>
        {
            var item = new Item();
            both[1].Add(item);
            item.AnyStamp = 2; // RACE: AnyStamp (write)
        }), ("consumer", () =>
        {
            BlockingCollection<Item>.TakeFromAny(both, out var got);
            sink = got.AnyStamp; // RACE: AnyStamp (read)
        }));
        Console.WriteLine("done");
    }
}

/// <summary>A queue, a stack, a bag and a dictionary, each of which <see cref="Produce"/> fills with four items, 1 to 4.</summary>
abstract class FilledCollections
{
    protected readonly ConcurrentQueue<Item> queue = new();
    protected readonly ConcurrentStack<Item> stack = new();
    protected readonly ConcurrentBag<Item> bag = new();
    protected readonly ConcurrentDictionary<int, Item> dictionary = new();

    public void Produce()
    {
        for (int i = 1; i <= 4; i++)
            Add(i);
    }

    protected virtual void Add(int value)
    {
        queue.Enqueue(Item.With(value));
        stack.Push(Item.With(value));
        bag.Add(Item.With(value));
        dictionary[value] = Item.With(value);
    }
}

// ---------------------------------------------------------------------------------------------------
// Enumerating and copying concurrent collections while a producer adds: the items read are acquired like
// takes (GetEnumerator, ToArray, CopyTo, and IEnumerable<T> for queues, stacks, bags and dictionaries).
// snapshots: queue=10 stack=10 bag=10 copied=10 dictionary=10. snapshots-misuse: race on SnapshotStamp.
sealed class Snapshots : FilledCollections
{
    int sink;

    public void Clean()
    {
        int queued = 0, stacked = 0, bagged = 0, copied = 0, paired = 0;
        Workers.Run(("producer", Produce), ("reader", () =>
        {
            while ((queued = SumQueue()) < 10)
                Thread.Yield();
            while ((stacked = Sum(stack.ToArray())) < 10)
                Thread.Yield();
            while ((bagged = SumThrough(bag)) < 10)
                Thread.Yield();
            while ((copied = SumCopied()) < 10)
                Thread.Yield();
            while ((paired = SumDictionary()) < 10)
                Thread.Yield();
        }));
        Console.WriteLine($"queue={queued} stack={stacked} bag={bagged} copied={copied} dictionary={paired}");
    }

    int SumQueue()
    {
        int sum = 0;
        foreach (var item in queue)
            sum += item.Value;
        return sum;
    }

    int SumCopied()
    {
        var copy = new Item[4];
        queue.CopyTo(copy, 0);
        return Sum(copy);
    }

    int SumDictionary()
    {
        int sum = 0;
        foreach (var pair in dictionary)
            sum += pair.Value.Value;
        return sum;
    }

    public static int SumThrough(IEnumerable<Item> items)
    {
        int sum = 0;
        foreach (var item in items)
            sum += item.Value;
        return sum;
    }

    static int Sum(Item?[] items)
    {
        int sum = 0;
        foreach (var item in items)
            sum += item?.Value ?? 0;
        return sum;
    }

    public void Misuse()
    {
        Workers.Run(("producer", () =>
        {
            var item = new Item();
            queue.Enqueue(item);
            item.SnapshotStamp = 2; // RACE: SnapshotStamp (write)
        }), ("reader", () =>
        {
            while (queue.IsEmpty)
                Thread.Yield();
            foreach (var item in queue)
                sink = item.SnapshotStamp; // RACE: SnapshotStamp (read)
        }));
        Console.WriteLine("done");
    }
}

// ---------------------------------------------------------------------------------------------------
// Channels: TryWrite / WriteAsync -> TryRead / ReadAsync / ReadAllAsync.
// channel: sum=15. channel-misuse: race on ChannelStamp (mutated after WriteAsync).
sealed class Channels
{
    readonly Channel<Item> channel = Channel.CreateUnbounded<Item>();
    readonly Channel<Item> bounded = Channel.CreateBounded<Item>(1);
    int sum, sink;

    public void Clean()
    {
        Workers.Run(("producer", () => ProduceAsync().GetAwaiter().GetResult()), ("consumer", () => ConsumeAsync().GetAwaiter().GetResult()));
        Console.WriteLine($"sum={sum}");
    }

    async Task ProduceAsync()
    {
        channel.Writer.TryWrite(Item.With(1));
        await channel.Writer.WriteAsync(Item.With(2));
        await bounded.Writer.WriteAsync(Item.With(3));
        channel.Writer.TryWrite(Item.With(4));
        await channel.Writer.WriteAsync(Item.With(5));
        channel.Writer.Complete();
    }

    async Task ConsumeAsync()
    {
        Item? first;
        while (!channel.Reader.TryRead(out first))
            Thread.Yield();
        int total = first.Value;
        total += (await channel.Reader.ReadAsync()).Value;
        total += (await bounded.Reader.ReadAsync()).Value;
        await foreach (var item in channel.Reader.ReadAllAsync())
            total += item.Value;
        sum = total;
    }

    // ReadAsync and ReadAllAsync called on an empty channel: they complete when the producer writes.
    // The consumer tells the producer it is waiting (an edge from consumer to producer only).
    // channel-pending-reads: sum=15.
    readonly ManualResetEventSlim consumerWaiting = new();
    readonly ManualResetEventSlim consumerWaitingAgain = new();

    public void PendingReads()
    {
        Workers.Run(("consumer", () => ConsumePendingAsync().GetAwaiter().GetResult()), ("producer", ProduceWhenWaited));
        Console.WriteLine($"sum={sum}");
    }

    async Task ConsumePendingAsync()
    {
        var pending = channel.Reader.ReadAsync();
        consumerWaiting.Set();
        int total = (await pending).Value;
        var items = bounded.Reader.ReadAllAsync().GetAsyncEnumerator();
        var moved = items.MoveNextAsync();
        consumerWaitingAgain.Set();
        while (await moved)
        {
            total += items.Current.Value;
            moved = items.MoveNextAsync();
        }
        sum = total;
    }

    void ProduceWhenWaited()
    {
        consumerWaiting.Wait();
        channel.Writer.TryWrite(Item.With(1));
        consumerWaitingAgain.Wait();
        for (int i = 2; i <= 5; i++)
            bounded.Writer.WriteAsync(Item.With(i)).AsTask().GetAwaiter().GetResult();
        bounded.Writer.Complete();
    }

    public void Misuse()
    {
        Workers.Run(("producer", () => ProduceThenMutateAsync().GetAwaiter().GetResult()), ("consumer", () => ConsumeStampAsync().GetAwaiter().GetResult()));
        Console.WriteLine("done");
    }

    async Task ProduceThenMutateAsync()
    {
        var item = new Item();
        await channel.Writer.WriteAsync(item);
        item.ChannelStamp = 2; // RACE: ChannelStamp (write)
    }

    async Task ConsumeStampAsync()
    {
        var item = await channel.Reader.ReadAsync();
        sink = item.ChannelStamp; // RACE: ChannelStamp (read)
    }
}

// ---------------------------------------------------------------------------------------------------
// ConcurrentDictionary, per dictionary: TryAdd / indexer set / AddOrUpdate / GetOrAdd (value factory)
// -> TryGetValue / indexer get / ContainsKey / GetOrAdd / enumeration.
// dictionary: values=1,2,3 factory=42,42 count=4. dictionary-misuse: race on DictionaryStamp.
sealed class Dictionaries
{
    readonly ConcurrentDictionary<string, Item> dictionary = new();
    int seenA, seenB, seenC, factory1, factory2, count, sink;

    public void Clean()
    {
        Workers.Run(("writer", Write), ("reader", Read), ("getter-1", () => factory1 = GetShared()), ("getter-2", () => factory2 = GetShared()));
        Console.WriteLine($"values={seenA},{seenB},{seenC} factory={factory1},{factory2} count={count}");
    }

    void Write()
    {
        dictionary.TryAdd("a", Item.With(1));
        dictionary["b"] = Item.With(2);
        dictionary.AddOrUpdate("c", Item.With(3), KeepOld);
    }

    void Read()
    {
        Item? a;
        while (!dictionary.TryGetValue("a", out a))
            Thread.Yield();
        seenA = a.Value;
        while (!dictionary.ContainsKey("b"))
            Thread.Yield();
        seenB = dictionary["b"].Value;
        while (!dictionary.ContainsKey("c"))
            Thread.Yield();
        foreach (var pair in dictionary)
        {
            if (pair.Key == "c")
                seenC = pair.Value.Value;
        }
        while (dictionary.Count < 4)
            Thread.Yield();
        count = dictionary.Count;
    }

    Item KeepOld(string key, Item old) => old;

    int GetShared()
    {
        var item = dictionary.GetOrAdd("shared", CreateShared);
        return item.Value;
    }

    Item CreateShared(string key)
    {
        var item = new Item();
        item.Value = 42; // may run on both getters; only one item is stored
        return item;
    }

    // Through IDictionary<K,V>, IReadOnlyDictionary<K,V> and GetValueOrDefault.
    // dictionary-interfaces: values=1,2,1.
    public void ThroughInterfaces()
    {
        IDictionary<string, Item> writable = dictionary;
        IReadOnlyDictionary<string, Item> view = dictionary;
        Workers.Run(("writer", () => { writable["i"] = Item.With(1); writable.Add("j", Item.With(2)); }), ("reader", () => ReadThrough(view)));
        Console.WriteLine($"values={seenA},{seenB},{seenC}");
    }

    void ReadThrough(IReadOnlyDictionary<string, Item> view)
    {
        Item? item;
        while (!view.TryGetValue("i", out item))
            Thread.Yield();
        seenA = item.Value;
        while (!view.ContainsKey("j"))
            Thread.Yield();
        seenB = view["j"].Value;
        seenC = view.GetValueOrDefault("i")!.Value;
    }

    public void Misuse()
    {
        Workers.Run(("writer", AddThenMutate), ("reader", ReadStamp));
        Console.WriteLine("done");
    }

    void AddThenMutate()
    {
        var item = new Item();
        dictionary.TryAdd("k", item);
        item.DictionaryStamp = 2; // RACE: DictionaryStamp (write)
    }

    void ReadStamp()
    {
        Item? item;
        while (!dictionary.TryGetValue("k", out item))
            Thread.Yield();
        sink = item.DictionaryStamp; // RACE: DictionaryStamp (read)
    }
}

// ---------------------------------------------------------------------------------------------------
// LINQ and other framework code enumerating concurrent collections while a producer adds: a framework method
// that receives a collection as a sequence reads its items as an enumeration in the caller would.
// linq: each read sees 10 (four items). linq-value-items: header=9 (int items: per queue).
// linq-misuse: race on LinqStamp (mutated after Enqueue, read in a Sum lambda).
// linq-dictionary-misuse: race on ResultStamp (mutated after the indexer set, read from a ToList result).
sealed class FrameworkReaders : FilledCollections
{
    readonly BlockingCollection<Item> blocking = new();
    readonly ConcurrentQueue<int> numbers = new();
    int header, seenHeader, sink;

    // Each read runs against collections of its own, so each one that missed an edge would be reported on its own.
    static readonly (string Name, Func<FrameworkReaders, int> Read)[] Reads =
    [
        ("sum", r => r.queue.Sum(i => i.Value)),
        ("count", r => 4 * r.queue.Count(i => i.Value > 0) - 6),
        ("first", r => r.queue.FirstOrDefault(i => i.Value == 4)?.Value + 6 ?? 0),
        ("any", r => r.stack.Any(i => i.Value == 4) ? r.stack.Max(i => i.Value) + 6 : 0),
        ("ordered", r => r.bag.OrderBy(i => i.Value).Select(i => i.Value).Sum()),
        ("values", r => r.dictionary.Values.Sum(v => v.Value)),
        ("where", r => r.dictionary.Where(p => p.Value.Value > 0).Select(p => p.Value.Value).ToList().Sum()),
        ("to-list", r => r.dictionary.Values.ToList().Sum(v => v.Value)),
        ("keys", r => r.dictionary.Keys.Max() + 6),
        ("new-list", r => new List<Item>(r.queue).Sum(i => i.Value)),
        ("add-range", r => r.AddedRange()),
        ("to-dictionary", r => r.dictionary.ToDictionary(p => p.Key, p => p.Value.Value).Values.Sum()),
        ("foreach-values", r => Snapshots.SumThrough(r.dictionary.Values)),
        ("blocking", r => r.blocking.Sum(i => i.Value)),
        ("cast", r => r.stack.Cast<Item>().Sum(i => i.Value)),
        ("sequence", r => MaxThrough(r.bag) + 6),
        ("read-only", r => ReadOnlyValues(r.dictionary).Sum(v => v.Value)),
        ("untyped-foreach", r => SumUntyped(r.bag)),
        ("parallel", r => r.SumInParallel()),
        ("join", r => string.Join(",", r.queue).Length + 3), // "1,2,3,4"
    ];

    public static void Clean()
    {
        var seen = new List<string>();
        foreach (var (name, read) in Reads)
        {
            var readers = new FrameworkReaders();
            int value = 0;
            Workers.Run(("producer", readers.Produce), ("reader", () => value = Until(() => read(readers))));
            seen.Add($"{name}={value}");
        }
        Console.WriteLine(string.Join(" ", seen));
    }

    protected override void Add(int value)
    {
        base.Add(value);
        blocking.Add(Item.With(value));
    }

    /// <summary>Calls <paramref name="read"/> until it sees all four items (10), while the producer adds them.</summary>
    static int Until(Func<int> read)
    {
        int value;
        while ((value = read()) < 10)
            Thread.Yield();
        return value;
    }

    int AddedRange()
    {
        var items = new List<Item>();
        items.AddRange(bag);
        return items.Sum(i => i.Value);
    }

    static int MaxThrough(IEnumerable<Item> items) => items.Max(i => i.Value);

    static int SumUntyped(System.Collections.IEnumerable items)
    {
        int sum = 0;
        foreach (Item item in items)
            sum += item.Value;
        return sum;
    }

    static IEnumerable<Item> ReadOnlyValues(IReadOnlyDictionary<int, Item> view) => view.Values;

    int SumInParallel()
    {
        int sum = 0;
        Parallel.ForEach(queue, item => Interlocked.Add(ref sum, item.Value));
        return sum;
    }

    public void ValueItems()
    {
        Workers.Run(("producer", () => { header = 9; numbers.Enqueue(1); }), ("reader", () =>
        {
            while (numbers.Sum() == 0)
                Thread.Yield();
            seenHeader = header;
        }));
        Console.WriteLine($"header={seenHeader}");
    }

    // The reader polls until it sees the stamp, so its read always runs, before or after the write.
    public void Misuse()
    {
        Workers.Run(("producer", () =>
        {
            var item = new Item();
            queue.Enqueue(item);
            item.LinqStamp = 2; // RACE: LinqStamp (write)
        }), ("reader", () => sink = Until(() => 10 * queue.Sum(i => i.LinqStamp)))); // RACE: LinqStamp (read)
        Console.WriteLine("done");
    }

    public void DictionaryMisuse()
    {
        Workers.Run(("writer", () =>
        {
            var item = new Item();
            dictionary[1] = item;
            item.ResultStamp = 2; // RACE: ResultStamp (write)
        }), ("reader", () =>
        {
            List<Item> values;
            while ((values = dictionary.Select(p => p.Value).ToList()).Count == 0)
                Thread.Yield();
            sink = values[0].ResultStamp; // RACE: ResultStamp (read)
        }));
        Console.WriteLine("done");
    }
}

// ---------------------------------------------------------------------------------------------------
// TPL Dataflow: what was posted to a block, or to a block linked upstream of it, happens before its delegate
// runs; a block that processes one item at a time (the default) runs its invocations in turn; a block's
// Completion, Receive and ReceiveAsync come after its delegate's runs and what was posted to it.
// dataflow: total=45 parallel=360 received=42 mailed=7.
// dataflow-parallel-misuse: race on hits (a block with MaxDegreeOfParallelism 4).
// dataflow-misuse: race on DataflowStamp (an item changed after it was posted).
sealed class Dataflows
{
    int scale;
    int total;
    int hits;
    int sink;
    readonly int[] parallelSeen = new int[16];

    public void Clean()
    {
        scale = 3;
        var transform = new TransformBlock<Item, Item>(item => Item.With(item.Value * scale));
        var sum = new ActionBlock<Item>(item => total += item.Value);
        transform.LinkTo(sum, new DataflowLinkOptions { PropagateCompletion = true });
        for (int i = 1; i <= 5; i++)
            transform.Post(Item.With(i));
        transform.Complete();
        sum.Completion.Wait();

        var buffer = new BufferBlock<int>();
        var parallel = new ActionBlock<int>(i => parallelSeen[i] = i * scale, new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = 4 });
        buffer.LinkTo(parallel, new DataflowLinkOptions { PropagateCompletion = true });
        for (int i = 0; i < parallelSeen.Length; i++)
            buffer.Post(i);
        buffer.Complete();
        parallel.Completion.Wait();

        var doubler = new TransformBlock<int, Item>(i => Item.With(i * 2));
        doubler.Post(21);
        var received = doubler.Receive();

        var mailbox = new BufferBlock<Item>();
        var poster = Task.Run(() => mailbox.Post(Item.With(7)));
        int mailed = mailbox.ReceiveAsync().GetAwaiter().GetResult().Value;
        poster.Wait();
        Console.WriteLine($"total={total} parallel={parallelSeen.Sum()} received={received.Value} mailed={mailed}");
    }

    public void ParallelMisuse()
    {
        var counting = new ActionBlock<int>(_ => hits++, new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = 4 }); // RACE: hits (write)
        counting.Post(1);
        counting.Post(2);
        counting.Complete();
        counting.Completion.Wait();
        Console.WriteLine("done");
    }

    public void Misuse()
    {
        var reader = new ActionBlock<Item>(item => sink = item.DataflowStamp); // RACE: DataflowStamp (read)
        var item = Item.With(1);
        reader.Post(item);
        item.DataflowStamp = 2; // RACE: DataflowStamp (write)
        reader.Complete();
        reader.Completion.Wait();
        Console.WriteLine("done");
    }
}
