// AsyncAwait: the happens-before edges of async methods, awaits and TaskCompletionSource, one scenario per run.
// Usage: AsyncAwait <scenario>. Scenarios named "racy-..." hold deliberate races; every racy access carries a
// "// RACE: <member> (<operation>)" comment that the end-to-end tests (AsyncAwaitTests) read. The other
// scenarios are race-free under every interleaving and synchronize only through what the detector models.
// The tests run every scenario from a Debug build (class state machines) and a Release build (struct ones).

static class Program
{
    static readonly Dictionary<string, Func<Task>> ByName = new()
    {
        ["await-task-run"] = AwaitTaskRun,
        ["yield"] = Yield,
        ["delay"] = Delay,
        ["wait-async"] = WaitAsync,
        ["configure-await"] = ConfigureAwait,
        ["value-task"] = ValueTasks,
        ["value-task-result"] = ValueTaskResult,
        ["async-return"] = AsyncReturn,
        ["async-enumerable"] = AsyncEnumerable,
        ["await-using"] = AwaitUsing,
        ["local-function"] = LocalFunction,
        ["async-lambda"] = AsyncLambda,
        ["completion-source"] = CompletionSource,
        ["when-all"] = WhenAll,
        ["when-any"] = WhenAny,
        ["when-any-generic"] = WhenAnyGeneric,
        ["faulted"] = Faulted,
        ["method-shapes"] = MethodShapes,
        ["racy-flows"] = RacyFlows,
        ["racy-read-before-await"] = RacyReadBeforeAwait,
        ["racy-write-before-await"] = RacyWriteBeforeAwait,
        ["racy-write-after-set-result"] = RacyWriteAfterSetResult,
        ["racy-fire-and-forget"] = RacyFireAndForget,
        ["racy-when-any-loser"] = RacyWhenAnyLoser,
    };

    static Task<int> Main(string[] args) => Scenarios.RunAsync("AsyncAwait", args, ByName);

    // ---- race-free ----

    // await Task.Run: the parent's writes happen before the task, the task's before the code after the await.
    static async Task AwaitTaskRun()
    {
        Data.RunInput = 20;
        int result = await Task.Run(() => Data.RunInput + 1);
        await Task.Run(() => { Data.RunOutput = result + Data.RunInput; });
        Data.RunInput = 0;
        Console.WriteLine($"await-task-run {Data.RunOutput}");
    }

    // Code before each await happens before the code after it, wherever it resumes.
    static async Task Yield()
    {
        for (int i = 0; i < 5; i++)
        {
            Data.Yielded = Data.Yielded * 2 + 1;
            await Task.Yield();
        }
        Console.WriteLine($"yield {Data.Yielded}");
    }

    static async Task Delay()
    {
        for (int i = 0; i < 3; i++)
        {
            Data.Delayed += 1;
            await Task.Delay(1);
            Data.Delayed *= 2;
            await Task.Delay(TimeSpan.FromMilliseconds(1));
        }
        Console.WriteLine($"delay {Data.Delayed}");
    }

    // Task.WaitAsync: the returned task completes with the task it waits for.
    static async Task WaitAsync()
    {
        Data.WaitAsyncInput = 2;
        await Task.Run(() => { Data.WaitAsyncA = Data.WaitAsyncInput + 1; }).WaitAsync(TimeSpan.FromSeconds(30));
        int b = await Task.Run(() => Data.WaitAsyncB = Data.WaitAsyncA * 2).WaitAsync(CancellationToken.None);
        await Task.Run(() => { Data.WaitAsyncC = b + 1; }).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        Console.WriteLine($"wait-async {Data.WaitAsyncA} {Data.WaitAsyncB} {Data.WaitAsyncC}");
    }

    // ConfigureAwait(false) and ConfigureAwaitOptions: the rest of the method runs on the pool.
    static async Task ConfigureAwait()
    {
        Data.Configured = 1;
        await Task.Delay(1).ConfigureAwait(false);
        Data.Configured++;
        await Task.Run(() => { Data.ConfiguredInTask = Data.Configured * 10; }).ConfigureAwait(false);
        Data.Configured += Data.ConfiguredInTask;
        int five = await Task.Run(() => Data.Configured / 22 + 4).ConfigureAwait(false);
        Data.Configured += five;
        await Task.Delay(1).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        Data.Configured *= 2;
        Console.WriteLine($"configure-await {Data.Configured}");
    }

    static async ValueTask<int> ComputeValueAsync(int x)
    {
        await Task.Yield();
        Data.ValueSide = x * 2;
        return x + 1;
    }

    static async ValueTask TouchValueAsync()
    {
        await Task.Delay(1);
        Data.ValueTouched = Data.ValueSide + 1;
    }

    static ValueTask<int> CompletedValue() => new(Data.ValueSide * 3);

    // ValueTask and ValueTask<T>: from async methods, completed synchronously, wrapping a Task, configured.
    static async Task ValueTasks()
    {
        int a = await ComputeValueAsync(4);
        await TouchValueAsync();
        int b = await CompletedValue();
        await new ValueTask(Task.Run(() => { Data.ValueFromTask = Data.ValueTouched + 1; }));
        int c = await ComputeValueAsync(a).ConfigureAwait(false);
        Console.WriteLine($"value-task {a} {Data.ValueTouched} {b} {Data.ValueFromTask} {c} {Data.ValueSide}");
    }

    // ValueTask<T>.Result observes completion like Task<T>.Result: of an async method's ValueTask once it has
    // completed (IsCompleted polled first: Result must not be read before), and of a ValueTask wrapping a Task.
    static Task ValueTaskResult()
    {
        var computed = ComputeValueAsync(7);
        while (!computed.IsCompleted)
            Thread.Sleep(1);
        int a = computed.Result;
        int b = new ValueTask<int>(Task.Run(() => { Data.ValueWrapped = 7; return 8; })).Result;
        Console.WriteLine($"value-task-result {a} {Data.ValueSide} {b + Data.ValueWrapped}");
        return Task.CompletedTask;
    }

    static async Task<int> ProduceAsync(int n)
    {
        await Task.Delay(1);
        Data.Returned += n;
        return n * 10;
    }

    // An async method's writes before it returns happen before whoever observes its task: await, Wait,
    // Result, GetAwaiter().GetResult().
    static async Task AsyncReturn()
    {
        int sum = await ProduceAsync(1);
        var second = ProduceAsync(2);
        second.Wait();
        sum += second.Result;
        sum += ProduceAsync(3).Result;
        sum += ProduceAsync(4).GetAwaiter().GetResult();
        Console.WriteLine($"async-return {Data.Returned} {sum}");
    }

    static async IAsyncEnumerable<int> ProduceItemsAsync(int count)
    {
        for (int i = 1; i <= count; i++)
        {
            await Task.Yield();
            Data.Produced = i * 10;
            yield return i;
            Data.AfterYield = Data.Consumed;
        }
    }

    // IAsyncEnumerable and await foreach: each item's production happens before its consumption, and the
    // consumer's work happens before the producer resumes.
    static async Task AsyncEnumerable()
    {
        await foreach (int item in ProduceItemsAsync(20))
            Data.Consumed += Data.Produced + item;
        await foreach (int item in ProduceItemsAsync(3).WithCancellation(CancellationToken.None).ConfigureAwait(false))
            Data.Consumed += Data.Produced + item;
        Console.WriteLine($"async-enumerable {Data.Consumed} {Data.AfterYield}");
    }

    // await using: the block happens before DisposeAsync, DisposeAsync before the code after the block.
    static async Task AwaitUsing()
    {
        var first = new AsyncResource();
        await using (first)
        {
            await Task.Delay(1);
            first.Used = 5;
        }
        var second = new AsyncResource();
        await using (second.ConfigureAwait(false))
        {
            second.Used = first.Disposed;
        }
        Console.WriteLine($"await-using {first.Disposed} {second.Disposed}");
    }

    // Async local functions, one capturing a local of the enclosing method.
    static async Task LocalFunction()
    {
        Data.LocalInput = 2;
        int total = 0;

        async Task<int> TwiceAsync(int n)
        {
            await Task.Yield();
            Data.LocalSide = Data.LocalInput * n;
            return n * 2;
        }

        async Task AddAsync(int n)
        {
            await Task.Delay(1);
            total += n;
        }

        int a = await TwiceAsync(3);
        int b = await TwiceAsync(a);
        await AddAsync(a);
        await AddAsync(b);
        Console.WriteLine($"local-function {Data.LocalSide} {a} {b} {total}");
    }

    // Async lambdas, awaited directly and through Task.Run(Func<Task>).
    static async Task AsyncLambda()
    {
        Func<int, Task<int>> square = async n =>
        {
            await Task.Yield();
            Data.LambdaSide = n * n;
            return n * n;
        };
        Func<Task> bump = async () =>
        {
            await Task.Delay(1);
            Data.LambdaSide += 1;
        };
        int squared = await square(5);
        await bump();
        await Task.Run(async () =>
        {
            await Task.Yield();
            Data.LambdaInRun = Data.LambdaSide + 1;
        });
        int fromRun = await Task.Run(async () =>
        {
            await Task.Delay(1);
            return Data.LambdaInRun * 2;
        });
        Console.WriteLine($"async-lambda {squared} {Data.LambdaSide} {Data.LambdaInRun} {fromRun}");
    }

    // TaskCompletionSource: what the producer did before completing the source happens before the code that
    // observes the completion (await, Wait). Each producer is a task awaited only at the end.
    static async Task CompletionSource()
    {
        var valueSource = new TaskCompletionSource<int>();
        var p1 = Task.Run(() => { Data.SourceResult = 1; valueSource.SetResult(10); });
        int value = await valueSource.Task;
        Data.SourceResult += value;

        var trySource = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var p2 = Task.Run(() => { Data.SourceTry = 2; trySource.TrySetResult(); });
        await trySource.Task;
        Data.SourceTry *= 10;

        var faultSource = new TaskCompletionSource<int>();
        var p3 = Task.Run(() => { Data.SourceFault = 3; faultSource.SetException(new InvalidOperationException("fault")); });
        try
        {
            await faultSource.Task;
        }
        catch (InvalidOperationException)
        {
            Data.SourceFault *= 10;
        }

        var cancelSource = new TaskCompletionSource();
        var p4 = Task.Run(() => { Data.SourceCancel = 4; cancelSource.SetCanceled(); });
        try
        {
            await cancelSource.Task;
        }
        catch (OperationCanceledException)
        {
            Data.SourceCancel *= 10;
        }

        var waitSource = new TaskCompletionSource<int>();
        var p5 = Task.Run(() => { Data.SourceWait = 5; waitSource.TrySetResult(5); });
        waitSource.Task.Wait();
        Data.SourceWait *= 10;

        await Task.WhenAll(p1, p2, p3, p4, p5);
        Console.WriteLine($"completion-source {Data.SourceResult} {Data.SourceTry} {Data.SourceFault} {Data.SourceCancel} {Data.SourceWait}");
    }

    static async Task WhenAllFlowAsync(int id)
    {
        await Task.Yield();
        if (id == 1)
            Data.FlowA = 1;
        else
            Data.FlowB = 2;
        await Task.Delay(1);
    }

    static async Task<int> WhenAllValueAsync(int id)
    {
        await Task.Yield();
        if (id == 3)
            Data.FlowC = 3;
        else
            Data.FlowD = 4;
        return id;
    }

    // await Task.WhenAll: every flow happens before the code after the await.
    static async Task WhenAll()
    {
        await Task.WhenAll(WhenAllFlowAsync(1), WhenAllFlowAsync(2));
        int[] values = await Task.WhenAll(WhenAllValueAsync(3), WhenAllValueAsync(4));
        Console.WriteLine($"when-all {Data.FlowA + Data.FlowB + Data.FlowC + Data.FlowD} {values.Sum()}");
    }

    static async Task WhenAnyWinnerAsync()
    {
        await Task.Yield();
        Data.AnyWinner = 1;
    }

    static async Task WhenAnyLoserAsync(Task gate)
    {
        await gate;
        Data.AnyLoser = 2;
    }

    // await Task.WhenAny: the winner happens before the code after the await (the loser waits for a gate
    // the parent opens afterwards, so the winner is known).
    static async Task WhenAny()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var winner = WhenAnyWinnerAsync();
        var loser = WhenAnyLoserAsync(gate.Task);
        var first = await Task.WhenAny(winner, loser);
        if (first != winner)
            throw new InvalidOperationException("the loser won");
        int seen = Data.AnyWinner;
        gate.SetResult();
        await loser;
        Console.WriteLine($"when-any {seen} {Data.AnyLoser}");
    }

    static async Task<int> WinnerValueAsync()
    {
        await Task.Yield();
        Data.GenericWinner = 1;
        return 1;
    }

    static async Task<int> LoserValueAsync(Task gate)
    {
        await gate;
        Data.GenericLoser = 2;
        return 2;
    }

    // await Task.WhenAny of two Task<T>: the generic overload, joining the winner.
    static async Task WhenAnyGeneric()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var winner = WinnerValueAsync();
        var loser = LoserValueAsync(gate.Task);
        var first = await Task.WhenAny(winner, loser);
        if (first != winner)
            throw new InvalidOperationException("the loser won");
        int seen = Data.GenericWinner;
        gate.SetResult();
        await loser;
        Console.WriteLine($"when-any-generic {seen} {Data.GenericLoser}");
    }

    static async Task ThrowAfterAwaitAsync()
    {
        await Task.Yield();
        Data.FaultedAsync = 2;
        throw new InvalidOperationException("async");
    }

    // Faults: a Task.Run body and an async method that throw after writing still happen before the await
    // that rethrows; code in finally blocks around awaits stays ordered.
    static async Task Faulted()
    {
        int caught = 0;
        try
        {
            await Task.Run(() => { Data.FaultedRun = 1; throw new InvalidOperationException("run"); });
        }
        catch (InvalidOperationException)
        {
            caught++;
        }
        try
        {
            await ThrowAfterAwaitAsync();
        }
        catch (InvalidOperationException)
        {
            caught++;
        }
        try
        {
            Data.FaultedFinally = 1;
            await Task.Yield();
            Data.FaultedFinally++;
            throw new InvalidOperationException("finally");
        }
        catch (InvalidOperationException)
        {
            caught++;
            await Task.Delay(1);
            Data.FaultedFinally++;
        }
        finally
        {
            await Task.Yield();
            Data.FaultedFinally++;
        }
        Console.WriteLine($"faulted {caught} {Data.FaultedRun} {Data.FaultedAsync} {Data.FaultedFinally}");
    }

    static async Task<T> EchoAsync<T>(T value)
    {
        await Task.Yield();
        Data.ShapeGeneric++;
        await Task.Delay(1);
        return value;
    }

    // State machines of other shapes: an instance method of a class (touching its own fields), a generic
    // method, a method of a struct.
    static async Task MethodShapes()
    {
        var worker = new Worker();
        await worker.RunAsync();
        await worker.RunAsync();
        string echoed = await EchoAsync("echo") + await EchoAsync(2);
        var holder = new Holder();
        await holder.Inner.RunAsync(holder);
        Console.WriteLine($"method-shapes {worker.Count} {echoed} {Data.ShapeGeneric} {holder.Value}");
    }

    // ---- racy ----

    static async Task RacyFlowAsync(int id)
    {
        await Task.Yield();
        Data.FlowShared = id; // RACE: FlowShared (write)
    }

    // Two flows write one field after an await: each is ordered after its own start, not after the other.
    static async Task RacyFlows()
    {
        await Task.WhenAll(RacyFlowAsync(1), RacyFlowAsync(2));
        Console.WriteLine($"racy-flows {Data.FlowShared > 0}");
    }

    static async Task WriteLaterAsync()
    {
        await Task.Yield();
        Data.ReadBeforeAwait = 1; // RACE: ReadBeforeAwait (write)
    }

    // The caller reads what the flow writes after its first await, before awaiting the flow.
    static async Task RacyReadBeforeAwait()
    {
        var flow = WriteLaterAsync();
        int seen = Data.ReadBeforeAwait; // RACE: ReadBeforeAwait (read)
        await flow;
        Console.WriteLine($"racy-read-before-await {seen >= 0}");
    }

    static async Task<int> ReadLaterAsync()
    {
        await Task.Yield();
        return Data.WriteBeforeAwait; // RACE: WriteBeforeAwait (read)
    }

    // The caller writes, after starting the flow, what the flow reads after its first await.
    static async Task RacyWriteBeforeAwait()
    {
        var flow = ReadLaterAsync();
        Data.WriteBeforeAwait = 1; // RACE: WriteBeforeAwait (write)
        int seen = await flow;
        Console.WriteLine($"racy-write-before-await {seen >= 0}");
    }

    // The producer writes after SetResult: the awaiting code is ordered after SetResult, not after that write.
    static async Task RacyWriteAfterSetResult()
    {
        var source = new TaskCompletionSource<int>();
        var producer = Task.Run(() =>
        {
            source.SetResult(1);
            Data.AfterSet = 1; // RACE: AfterSet (write)
        });
        await source.Task;
        int seen = Data.AfterSet; // RACE: AfterSet (read)
        await producer;
        Console.WriteLine($"racy-write-after-set-result {seen >= 0}");
    }

    static async Task ForgottenAsync()
    {
        await Task.Yield();
        Data.Forgotten = 1; // RACE: Forgotten (write)
    }

    // Waiting a while (Task.Delay) for an unawaited flow orders nothing.
    static async Task RacyFireAndForget()
    {
        var flow = ForgottenAsync();
        await Task.Delay(20);
        int seen = Data.Forgotten; // RACE: Forgotten (read)
        await flow;
        Console.WriteLine($"racy-fire-and-forget {seen >= 0}");
    }

    static async Task RacyLoserAsync(Task gate)
    {
        await Task.Yield();
        Data.WhenAnyLoser = 1; // RACE: WhenAnyLoser (write)
        await gate;
    }

    // await Task.WhenAny is ordered after the winner only: the loser's write races with the read after it.
    static async Task RacyWhenAnyLoser()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var winner = WhenAnyWinnerAsync();
        var loser = RacyLoserAsync(gate.Task);
        var first = await Task.WhenAny(winner, loser);
        int seen = Data.WhenAnyLoser; // RACE: WhenAnyLoser (read)
        gate.SetResult();
        await loser;
        Console.WriteLine($"racy-when-any-loser {first == winner} {seen >= 0}");
    }
}

sealed class Worker
{
    public int Count;

    public async Task RunAsync()
    {
        Count++;
        await Task.Yield();
        Count++;
        await Task.Delay(1).ConfigureAwait(false);
        Count++;
    }
}

sealed class Holder
{
    public int Value;
    public Inner Inner;
}

struct Inner
{
    public int Calls;

    public async Task RunAsync(Holder holder)
    {
        Calls++;
        holder.Value = Calls;
        await Task.Yield();
        holder.Value += 10;
    }
}

sealed class AsyncResource : IAsyncDisposable
{
    public int Used;
    public int Disposed;

    public async ValueTask DisposeAsync()
    {
        await Task.Yield();
        Disposed = Used + 1;
    }
}

static class Data
{
    public static int RunInput, RunOutput;
    public static int Yielded;
    public static int Delayed;
    public static int WaitAsyncInput, WaitAsyncA, WaitAsyncB, WaitAsyncC;
    public static int Configured, ConfiguredInTask;
    public static int ValueSide, ValueTouched, ValueFromTask, ValueWrapped;
    public static int Returned;
    public static int Produced, Consumed, AfterYield;
    public static int LocalInput, LocalSide;
    public static int LambdaSide, LambdaInRun;
    public static int SourceResult, SourceTry, SourceFault, SourceCancel, SourceWait;
    public static int FlowA, FlowB, FlowC, FlowD;
    public static int AnyWinner, AnyLoser;
    public static int GenericWinner, GenericLoser;
    public static int FaultedRun, FaultedAsync, FaultedFinally;
    public static int ShapeGeneric;

    public static int FlowShared;
    public static int ReadBeforeAwait;
    public static int WriteBeforeAwait;
    public static int AfterSet;
    public static int Forgotten;
    public static int WhenAnyLoser;
}
