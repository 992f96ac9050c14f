// Cancellation: asking a CancellationTokenSource to cancel happens before what observes the cancellation,
// one scenario per run. Usage: Cancellation <scenario>.
// Scenarios named "racy-..." hold deliberate races; every racy access carries a "// RACE: <member> (<operation>)"
// comment that the end-to-end tests (CancellationTests) read. The other scenarios are race-free under every
// interleaving and synchronize only through what the detector models. Each writer writes before it cancels, and
// each observer reads after it observed the cancellation, on another thread of execution than the writer
// (a callback run by CancelAfter's timer or by CancelAsync, an async continuation, a thread).
using System.Threading.Channels;

static class Program
{
    static readonly Dictionary<string, Func<Task>> ByName = new()
    {
        ["register-cancel"] = RegisterCancel,
        ["cancel-returns"] = CancelReturns,
        ["register-cancel-after"] = RegisterCancelAfter,
        ["register-cancel-async"] = RegisterCancelAsync,
        ["register-linked"] = RegisterLinked,
        ["await-canceled-delay"] = AwaitCanceledDelay,
        ["await-canceled-read"] = AwaitCanceledRead,
        ["wait-canceled-task"] = WaitCanceledTask,
        ["wait-handle"] = WaitHandleReturns,
        ["racy-write-after-cancel-after"] = RacyWriteAfterCancelAfter,
        ["racy-write-after-cancel"] = RacyWriteAfterCancel,
    };

    static Task<int> Main(string[] args) => Scenarios.RunAsync("Cancellation", args, ByName);

    // ---- race-free ----

    // A thread writes, then cancels: the callback runs inline on that thread, after the write.
    static Task RegisterCancel()
    {
        var cts = new CancellationTokenSource();
        var done = new ManualResetEventSlim();
        cts.Token.Register(() =>
        {
            Data.CancelSeen = Data.CancelInput;
            done.Set();
        });
        Workers.Run(("canceller", () =>
        {
            Data.CancelInput = 4;
            cts.Cancel();
        }));
        done.Wait();
        Console.WriteLine($"register-cancel {Data.CancelSeen}");
        return Task.CompletedTask;
    }

    // Cancel runs the callbacks before it returns.
    static Task CancelReturns()
    {
        var cts = new CancellationTokenSource();
        cts.Token.Register(() => Data.Ran = 1);
        cts.Token.Register(state => Data.RanWith = (int)state!, 2);
        cts.Cancel();
        Console.WriteLine($"cancel-returns {Data.Ran + Data.RanWith}");
        return Task.CompletedTask;
    }

    // CancelAfter's timer runs the callback: what came before CancelAfter happens before it.
    static Task RegisterCancelAfter()
    {
        var cts = new CancellationTokenSource();
        var done = new ManualResetEventSlim();
        cts.Token.Register(() =>
        {
            Data.AfterSeen = Data.AfterInput;
            done.Set();
        });
        Data.AfterInput = 5;
        cts.CancelAfter(20);
        done.Wait();
        Console.WriteLine($"register-cancel-after {Data.AfterSeen}");
        return Task.CompletedTask;
    }

    // CancelAsync runs the callbacks on the thread pool.
    static async Task RegisterCancelAsync()
    {
        var cts = new CancellationTokenSource();
        cts.Token.Register(state => Data.AsyncSeen = Data.AsyncInput + (int)state!, 1);
        Data.AsyncInput = 6;
        await cts.CancelAsync();
        Console.WriteLine($"register-cancel-async {Data.AsyncSeen}");
    }

    // Cancelling the parent of a linked source (by its timer) runs the linked token's callbacks.
    static Task RegisterLinked()
    {
        var parent = new CancellationTokenSource();
        var linked = CancellationTokenSource.CreateLinkedTokenSource(parent.Token);
        var done = new ManualResetEventSlim();
        linked.Token.Register(() =>
        {
            Data.LinkedSeen = Data.LinkedInput;
            done.Set();
        });
        Data.LinkedInput = 7;
        parent.CancelAfter(20);
        done.Wait();
        Console.WriteLine($"register-linked {Data.LinkedSeen}");
        return Task.CompletedTask;
    }

    // The awaited Task.Delay throws the OperationCanceledException that the catch observes.
    static async Task AwaitCanceledDelay()
    {
        var cts = new CancellationTokenSource();
        var worker = DelayUntilCanceled(cts.Token);
        Data.Reason = "shutdown";
        cts.Cancel();
        await worker;
        Console.WriteLine($"await-canceled-delay {Data.ReasonSeen}");
    }

    static async Task DelayUntilCanceled(CancellationToken token)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, token);
        }
        catch (OperationCanceledException)
        {
            Data.ReasonSeen = Data.Reason;
        }
    }

    // ChannelReader.ReadAsync canceled while it waits for an item.
    static async Task AwaitCanceledRead()
    {
        var channel = Channel.CreateUnbounded<int>();
        var cts = new CancellationTokenSource();
        var reader = ReadUntilCanceled(channel.Reader, cts.Token);
        Data.ReadReason = "closing";
        cts.Cancel();
        Console.WriteLine($"await-canceled-read {await reader}");
    }

    static async Task<string> ReadUntilCanceled(ChannelReader<int> reader, CancellationToken token)
    {
        try
        {
            return (await reader.ReadAsync(token)).ToString();
        }
        catch (OperationCanceledException)
        {
            return Data.ReadReason ?? "";
        }
    }

    // Task.Wait throws an AggregateException that holds the TaskCanceledException.
    static Task WaitCanceledTask()
    {
        var cts = new CancellationTokenSource();
        var threads = Workers.Start(("waiter", () =>
        {
            try
            {
                Task.Delay(Timeout.Infinite, cts.Token).Wait();
            }
            catch (AggregateException)
            {
                Data.WaitSeen = Data.WaitInput;
            }
        }));
        Data.WaitInput = 8;
        cts.Cancel();
        Workers.Join(threads);
        Console.WriteLine($"wait-canceled-task {Data.WaitSeen}");
        return Task.CompletedTask;
    }

    // A wait on the token's WaitHandle returns once the source is cancelled.
    static Task WaitHandleReturns()
    {
        var cts = new CancellationTokenSource();
        var threads = Workers.Start(("waiter", () =>
        {
            cts.Token.WaitHandle.WaitOne();
            Data.HandleSeen = Data.HandleInput;
        }));
        Data.HandleInput = 9;
        cts.Cancel();
        Workers.Join(threads);
        Console.WriteLine($"wait-handle {Data.HandleSeen}");
        return Task.CompletedTask;
    }

    // ---- racy ----

    // A write after CancelAfter races with the callback its timer runs.
    static Task RacyWriteAfterCancelAfter()
    {
        var cts = new CancellationTokenSource();
        var done = new ManualResetEventSlim();
        cts.Token.Register(() =>
        {
            Data.LateSeen = Data.Late; // RACE: Late (read)
            done.Set();
        });
        cts.CancelAfter(20);
        Data.Late = 5; // RACE: Late (write)
        done.Wait();
        Console.WriteLine("racy-write-after-cancel-after done");
        return Task.CompletedTask;
    }

    // A write after Cancel races with the catch that observes the cancellation.
    static async Task RacyWriteAfterCancel()
    {
        var cts = new CancellationTokenSource();
        var worker = ReadLateReason(cts.Token);
        cts.Cancel();
        Data.LateReason = "late"; // RACE: LateReason (write)
        await worker;
        Console.WriteLine("racy-write-after-cancel done");
    }

    static async Task ReadLateReason(CancellationToken token)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, token);
        }
        catch (OperationCanceledException)
        {
            Data.LateReasonSeen = Data.LateReason; // RACE: LateReason (read)
        }
    }
}

static class Data
{
    public static int CancelInput, CancelSeen;
    public static int Ran, RanWith;
    public static int AfterInput, AfterSeen;
    public static int AsyncInput, AsyncSeen;
    public static int LinkedInput, LinkedSeen;
    public static string? Reason, ReasonSeen;
    public static string? ReadReason;
    public static int WaitInput, WaitSeen;
    public static int HandleInput, HandleSeen;

    public static int Late, LateSeen;
    public static string? LateReason, LateReasonSeen;
}
