// Tasks: the happens-before edges of System.Threading.Tasks.Task, one scenario per run.
// Usage: Tasks <scenario>. Scenarios named "racy-..." hold deliberate races; every racy access carries a
// "// RACE: <member> (<operation>)" comment that the end-to-end tests (TasksTests) read. The other scenarios
// are race-free under every interleaving and synchronize only through what the detector models.
// Waiting loops poll a static field with Volatile.Read (never through a ref parameter).

static class Program
{
    static readonly Dictionary<string, Action> ByName = new()
    {
        ["run-wait"] = RunWait,
        ["wait-timeout"] = WaitTimeout,
        ["wait-more-overloads"] = WaitMoreOverloads,
        ["faulted"] = Faulted,
        ["result"] = Result,
        ["get-result"] = GetResult,
        ["start-new"] = StartNew,
        ["new-start"] = NewStart,
        ["run-synchronously"] = RunSynchronously,
        ["continue-with"] = ContinueWith,
        ["continue-when-all"] = ContinueWhenAll,
        ["continue-when-any"] = ContinueWhenAny,
        ["when-all"] = WhenAll,
        ["when-any"] = WhenAny,
        ["when-any-generic"] = WhenAnyGeneric,
        ["wait-all"] = WaitAll,
        ["wait-any"] = WaitAny,
        ["nested"] = Nested,
        ["unwrap"] = Unwrap,
        ["racy-read-before-wait"] = RacyReadBeforeWait,
        ["racy-write-after-run"] = RacyWriteAfterRun,
        ["racy-two-runs"] = RacyTwoRuns,
        ["racy-continue-with-branches"] = RacyContinueWithBranches,
        ["racy-write-after-continue-with"] = RacyWriteAfterContinueWith,
        ["racy-write-after-start"] = RacyWriteAfterStart,
        ["racy-wait-timed-out"] = RacyWaitTimedOut,
        ["racy-continue-when-any-loser"] = RacyContinueWhenAnyLoser,
        ["racy-wait-any-loser"] = RacyWaitAnyLoser,
        ["racy-when-any-finished-loser"] = RacyWhenAnyFinishedLoser,
        ["racy-continue-when-any-finished-loser"] = RacyContinueWhenAnyFinishedLoser,
        ["racy-unwrap-detached"] = RacyUnwrapDetached,
        ["racy-captured-local"] = RacyCapturedLocal,
    };

    static int Main(string[] args) => Scenarios.Run("Tasks", args, ByName);

    // ---- race-free ----

    // Task.Run forks, Wait() joins: the task reads what the parent wrote before, the parent reads what the
    // task wrote, and the parent's write after Wait() is ordered after the task's read.
    static void RunWait()
    {
        Data.RunWaitInput = 20;
        var task = Task.Run(() => { Data.RunWaitOutput = Data.RunWaitInput + 1; });
        task.Wait();
        Data.RunWaitInput = 0;
        Console.WriteLine($"run-wait {Data.RunWaitOutput}");
    }

    // Wait(timeout) that returns true joins, for each timeout overload.
    static void WaitTimeout()
    {
        Data.WaitTimeoutInput = 1;
        var a = Task.Run(() => { Data.WaitTimeoutA = Data.WaitTimeoutInput + 1; });
        var b = Task.Run(() => { Data.WaitTimeoutB = Data.WaitTimeoutInput + 2; });
        var c = Task.Run(() => { Data.WaitTimeoutC = Data.WaitTimeoutInput + 3; });
        if (!a.Wait(TimeSpan.FromMinutes(1)) || !b.Wait(60_000) || !c.Wait(60_000, CancellationToken.None))
            throw new InvalidOperationException("timed out");
        Data.WaitTimeoutInput = 0;
        Console.WriteLine($"wait-timeout {Data.WaitTimeoutA} {Data.WaitTimeoutB} {Data.WaitTimeoutC}");
    }

    // The remaining wait overloads that take a cancellation token, each returning true.
    static void WaitMoreOverloads()
    {
        Data.MoreInput = 1;
        var a = Task.Run(() => { Data.MoreWaitTimeSpanToken = Data.MoreInput + 1; });
        if (!a.Wait(TimeSpan.FromMinutes(1), CancellationToken.None))
            throw new InvalidOperationException("timed out");
        var b = Task.Run(() => { Data.MoreWaitAllTimeoutToken = Data.MoreInput + 2; });
        if (!Task.WaitAll(new[] { b }, 60_000, CancellationToken.None))
            throw new InvalidOperationException("timed out");
        var c = Task.Run(() => { Data.MoreWaitAllEnumerableToken = Data.MoreInput + 3; });
        Task.WaitAll(new List<Task> { c }, CancellationToken.None);
        var d = Task.Run(() => { Data.MoreWaitAnyTimeoutToken = Data.MoreInput + 4; });
        if (Task.WaitAny(new[] { d }, 60_000, CancellationToken.None) != 0)
            throw new InvalidOperationException("timed out");
        Data.MoreInput = 0;
        Console.WriteLine($"wait-more-overloads {Data.MoreWaitTimeSpanToken} {Data.MoreWaitAllTimeoutToken} {Data.MoreWaitAllEnumerableToken} {Data.MoreWaitAnyTimeoutToken}");
    }

    // A body that throws still ends before whatever observes its task: Wait (with and without a token),
    // WaitAll with a timeout and Result all throw the task's exception after it completed, and ContinueWith
    // runs after it.
    static void Faulted()
    {
        var a = Task.Run(() => { Data.FaultedWait = 1; throw new InvalidOperationException("a"); });
        var b = Task.Run(() => { Data.FaultedWaitToken = 2; throw new InvalidOperationException("b"); });
        var c = Task.Run(() => { Data.FaultedWaitAll = 3; throw new InvalidOperationException("c"); });
        var d = Task.Run(int () => { Data.FaultedResult = 4; throw new InvalidOperationException("d"); });
        var e = Task.Run(() => { Data.FaultedContinued = 5; throw new InvalidOperationException("e"); });
        var continued = e.ContinueWith(antecedent => antecedent.IsFaulted ? Data.FaultedContinued : -1);
        int caught = 0;
        try { a.Wait(); } catch (AggregateException) { caught++; }
        try { b.Wait(CancellationToken.None); } catch (AggregateException) { caught++; }
        try { Task.WaitAll(new[] { c }, 60_000); } catch (AggregateException) { caught++; }
        try { _ = d.Result; } catch (AggregateException) { caught++; }
        Console.WriteLine($"faulted {caught} {Data.FaultedWait} {Data.FaultedWaitToken} {Data.FaultedWaitAll} {Data.FaultedResult} {continued.Result}");
    }

    // Task<T>.Result joins.
    static void Result()
    {
        Data.ResultInput = 6;
        var task = Task.Run(() =>
        {
            Data.ResultSide = Data.ResultInput * 2;
            return Data.ResultInput * 7;
        });
        int answer = task.Result;
        Data.ResultInput = 0;
        Console.WriteLine($"result {answer} {Data.ResultSide}");
    }

    // GetAwaiter().GetResult() joins, for Task, Task<T> and a configured awaiter.
    static void GetResult()
    {
        Data.GetResultInput = 1;
        Task.Run(() => { Data.GetResultA = Data.GetResultInput + 1; }).GetAwaiter().GetResult();
        int b = Task.Run(() => { Data.GetResultB = Data.GetResultInput + 2; return 10; }).GetAwaiter().GetResult();
        Task.Run(() => { Data.GetResultC = Data.GetResultInput + 3; }).ConfigureAwait(false).GetAwaiter().GetResult();
        Data.GetResultInput = 0;
        Console.WriteLine($"get-result {Data.GetResultA} {Data.GetResultB + b} {Data.GetResultC}");
    }

    // TaskFactory.StartNew forks (plain, with state, long-running, from a new factory); Wait() joins.
    static void StartNew()
    {
        Data.StartNewInput = 5;
        var a = Task.Factory.StartNew(() => { Data.StartNewA = Data.StartNewInput + 1; });
        var b = Task.Factory.StartNew(state => { Data.StartNewB = (int)state! + Data.StartNewInput; }, 10);
        var c = Task.Factory.StartNew(() => { Data.StartNewC = Data.StartNewInput * 3; return 1; }, TaskCreationOptions.LongRunning);
        var d = new TaskFactory().StartNew(() => { Data.StartNewD = Data.StartNewInput - 1; });
        a.Wait();
        b.Wait();
        c.Wait();
        d.Wait();
        Data.StartNewInput = 0;
        Console.WriteLine($"start-new {Data.StartNewA} {Data.StartNewB} {Data.StartNewC} {Data.StartNewD}");
    }

    // new Task(...) forks at Start(), not at construction: the write between the two is seen by the body.
    static void NewStart()
    {
        var task = new Task(() => { Data.NewStartOutput = Data.NewStartInput + 1; });
        var generic = new Task<int>(() => Data.NewStartInput * 2);
        Data.NewStartInput = 41;
        task.Start();
        generic.Start(TaskScheduler.Default);
        task.Wait();
        int doubled = generic.Result;
        Data.NewStartInput = 0;
        Console.WriteLine($"new-start {Data.NewStartOutput} {doubled}");
    }

    // RunSynchronously forks at the call and returns only once the task has completed.
    static void RunSynchronously()
    {
        var task = new Task(() => { Data.RunSyncOutput = Data.RunSyncInput + 1; });
        Data.RunSyncInput = 9;
        task.RunSynchronously();
        Data.RunSyncInput = 0;
        Console.WriteLine($"run-synchronously {Data.RunSyncOutput}");
    }

    // ContinueWith: the antecedent's body and the code before the ContinueWith call happen before the
    // continuation; a chain of continuations, one with state and ExecuteSynchronously.
    static void ContinueWith()
    {
        Data.ContinueInput = 1;
        var first = Task.Run(() => { Data.ContinueFirst = Data.ContinueInput + 1; });
        Data.ContinueBefore = 10;
        var second = first.ContinueWith(_ => { Data.ContinueSecond = Data.ContinueFirst + Data.ContinueBefore; });
        var third = second.ContinueWith(_ => Data.ContinueSecond * 2);
        var fourth = third.ContinueWith((antecedent, state) => { Data.ContinueFourth = antecedent.Result + (int)state!; },
            1000, TaskContinuationOptions.ExecuteSynchronously);
        fourth.Wait();
        Data.ContinueBefore = 0;
        Console.WriteLine($"continue-with {third.Result} {Data.ContinueFourth}");
    }

    // ContinueWhenAll: every antecedent happens before the continuation, and so does what the parent wrote
    // before the ContinueWhenAll call (after starting the antecedents).
    static void ContinueWhenAll()
    {
        var parts = new[] { Task.Run(() => { Data.ContinueAllA = 1; }), Task.Run(() => { Data.ContinueAllB = 2; }) };
        Data.WhenAllInput = 100;
        var all = Task.Factory.ContinueWhenAll(parts, _ => { Data.ContinueAllSum = Data.WhenAllInput + Data.ContinueAllA + Data.ContinueAllB; });
        var values = new[] { Task.Run(() => { Data.ContinueAllC = 3; return 30; }), Task.Run(() => { Data.ContinueAllD = 4; return 40; }) };
        var sum = Task.Factory.ContinueWhenAll(values, done => Data.ContinueAllC + Data.ContinueAllD + done[0].Result + done[1].Result);
        all.Wait();
        Console.WriteLine($"continue-when-all {Data.ContinueAllSum} {sum.Result}");
    }

    // ContinueWhenAny: the first task to finish happens before the continuation, and so does what the parent
    // wrote before the call. The loser cannot finish before the continuation releases it, so the winner is known.
    static void ContinueWhenAny()
    {
        var winner = Task.Run(() => { Data.AnyWinner = 1; });
        var loser = Task.Run(() =>
        {
            while (Volatile.Read(ref Data.AnyRelease) == 0)
                Thread.Sleep(1);
            Data.AnyLoserResult = 2;
        });
        Data.AnyInput = 10;
        var any = Task.Factory.ContinueWhenAny(new[] { winner, loser }, first =>
        {
            Data.AnySeen = first == winner ? Data.AnyWinner + Data.AnyInput : -1;
            Volatile.Write(ref Data.AnyRelease, 1);
        });
        any.Wait();
        loser.Wait();
        Console.WriteLine($"continue-when-any {Data.AnySeen} {Data.AnyLoserResult}");
    }

    // Task.WhenAll(...).Wait() and .Result join every task.
    static void WhenAll()
    {
        var a = Task.Run(() => { Data.WhenAllA = 1; });
        var b = Task.Run(() => { Data.WhenAllB = 2; return 5; });
        Task.WhenAll(a, b).Wait();
        var c = Task.Run(() => { Data.WhenAllC = 3; return 4; });
        var d = Task.Run(() => { Data.WhenAllD = 4; return 6; });
        int[] results = Task.WhenAll(c, d).Result;
        Console.WriteLine($"when-all {Data.WhenAllA + Data.WhenAllB + Data.WhenAllC + Data.WhenAllD} {results.Sum()}");
    }

    // Task.WhenAny(...).Result joins the winner (known: the loser waits for the parent's release).
    static void WhenAny()
    {
        var winner = Task.Run(() => { Data.WhenAnyWinner = 1; });
        var loser = Task.Run(() =>
        {
            while (Volatile.Read(ref Data.WhenAnyRelease) == 0)
                Thread.Sleep(1);
            Data.WhenAnyLoser = 2;
        });
        var first = Task.WhenAny(winner, loser).Result;
        if (first != winner)
            throw new InvalidOperationException("the loser won");
        int seen = Data.WhenAnyWinner;
        Volatile.Write(ref Data.WhenAnyRelease, 1);
        loser.Wait();
        Console.WriteLine($"when-any {seen} {Data.WhenAnyLoser}");
    }

    // The generic WhenAny overloads (two Task<T>, a sequence of Task<T>): waiting for them joins the winner.
    // Only the winner's field is read, whichever it is.
    static void WhenAnyGeneric()
    {
        var a = Task.Run(() => { Data.GenericAnyA = 1; return 1; });
        var b = Task.Run(() => { Data.GenericAnyB = 2; return 2; });
        var first = Task.WhenAny(a, b).Result;
        int seen = first == a ? Data.GenericAnyA : Data.GenericAnyB;
        var c = Task.Run(() => { Data.GenericAnyC = 3; return 3; });
        var only = Task.WhenAny(new List<Task<int>> { c }).Result;
        Console.WriteLine($"when-any-generic {seen == first.Result} {Data.GenericAnyC + only.Result}");
        Task.WaitAll(a, b);
    }

    // Task.WaitAll (with and without a timeout) joins every task.
    static void WaitAll()
    {
        var a = Task.Run(() => { Data.WaitAllA = 1; });
        var b = Task.Run(() => { Data.WaitAllB = 2; });
        Task.WaitAll(a, b);
        var c = Task.Run(() => { Data.WaitAllC = 3; });
        var d = Task.Run(() => { Data.WaitAllD = 4; });
        if (!Task.WaitAll(new[] { c, d }, 60_000))
            throw new InvalidOperationException("timed out");
        Console.WriteLine($"wait-all {Data.WaitAllA + Data.WaitAllB + Data.WaitAllC + Data.WaitAllD}");
    }

    // Task.WaitAny joins the task whose index it returns (known: the loser waits for the parent's release).
    static void WaitAny()
    {
        var winner = Task.Run(() => { Data.WaitAnyWinner = 1; });
        var loser = Task.Run(() =>
        {
            while (Volatile.Read(ref Data.WaitAnyRelease) == 0)
                Thread.Sleep(1);
            Data.WaitAnyLoser = 2;
        });
        int index = Task.WaitAny(winner, loser);
        if (index != 0)
            throw new InvalidOperationException("the loser won");
        int seen = Data.WaitAnyWinner;
        Volatile.Write(ref Data.WaitAnyRelease, 1);
        loser.Wait();
        Console.WriteLine($"wait-any {seen} {Data.WaitAnyLoser}");
    }

    // Unwrap (both overloads): the proxy completes after the inner task, whether the outer task is a
    // StartNew of an async lambda or a TaskCompletionSource completed with a task that runs elsewhere.
    static void Unwrap()
    {
        var proxy = Task.Factory.StartNew(async () =>
        {
            await Task.Delay(10);
            Data.UnwrapA = 1;
        }).Unwrap();
        proxy.Wait();
        var typed = Task.Factory.StartNew(async () =>
        {
            await Task.Delay(10);
            Data.UnwrapB = 2;
            return 20;
        }).Unwrap();
        int b = typed.Result + Data.UnwrapB;
        var outer = new TaskCompletionSource<Task>();
        var fromSource = outer.Task.Unwrap();
        outer.SetResult(Task.Run(() => { Data.UnwrapC = 3; }));
        fromSource.GetAwaiter().GetResult();
        Console.WriteLine($"unwrap {Data.UnwrapA} {b} {Data.UnwrapC}");
    }

    // A task that starts and waits for another; Task.Run(Func<Task>) returns a proxy that completes with the inner task.
    static void Nested()
    {
        var outer = Task.Run(() =>
        {
            var inner = Task.Run(() => { Data.NestedInner = 1; });
            inner.Wait();
            Data.NestedOuter = Data.NestedInner + 1;
        });
        outer.Wait();
        var proxy = Task.Run(() => Task.Run(() => { Data.NestedProxy = 3; }));
        proxy.Wait();
        Console.WriteLine($"nested {Data.NestedInner} {Data.NestedOuter} {Data.NestedProxy}");
    }

    // ---- racy ----

    // The parent reads what the task writes before waiting for it.
    static void RacyReadBeforeWait()
    {
        var task = Task.Run(() => { Data.ReadBeforeWait = 1; }); // RACE: ReadBeforeWait (write)
        int seen = Data.ReadBeforeWait; // RACE: ReadBeforeWait (read)
        task.Wait();
        Console.WriteLine($"racy-read-before-wait {seen >= 0}");
    }

    // The parent writes after Task.Run what the task reads.
    static void RacyWriteAfterRun()
    {
        var task = Task.Run(() => Data.WriteAfterRun); // RACE: WriteAfterRun (read)
        Data.WriteAfterRun = 2; // RACE: WriteAfterRun (write)
        Console.WriteLine($"racy-write-after-run {task.Result >= 0}");
    }

    // Two tasks write one field.
    static void RacyTwoRuns()
    {
        var a = Task.Run(() => { Data.TwoRuns = 1; }); // RACE: TwoRuns (write)
        var b = Task.Factory.StartNew(() => { Data.TwoRuns = 2; }); // RACE: TwoRuns (write)
        Task.WaitAll(a, b);
        Console.WriteLine($"racy-two-runs {Data.TwoRuns > 0}");
    }

    // Two continuations of one task write one field: both follow the antecedent, not each other.
    static void RacyContinueWithBranches()
    {
        var root = Task.Run(() => { Data.BranchRoot = 1; });
        var left = root.ContinueWith(_ => { Data.Branch = Data.BranchRoot + 1; }); // RACE: Branch (write)
        var right = root.ContinueWith(_ => { Data.Branch = Data.BranchRoot + 2; }); // RACE: Branch (write)
        Task.WaitAll(left, right);
        Console.WriteLine($"racy-continue-with-branches {Data.Branch > 0}");
    }

    // ContinueWith forks at the call: a write after it races with the continuation's read.
    static void RacyWriteAfterContinueWith()
    {
        var antecedent = Task.Run(() => { Data.AfterContinueRoot = 1; });
        var continuation = antecedent.ContinueWith(_ => Data.AfterContinue + Data.AfterContinueRoot); // RACE: AfterContinue (read)
        Data.AfterContinue = 1; // RACE: AfterContinue (write)
        Console.WriteLine($"racy-write-after-continue-with {continuation.Result >= 0}");
    }

    // new Task(...).Start() forks at Start(): a write after Start() races with the body's read.
    static void RacyWriteAfterStart()
    {
        var task = new Task<int>(() => Data.AfterStart); // RACE: AfterStart (read)
        task.Start();
        Data.AfterStart = 1; // RACE: AfterStart (write)
        Console.WriteLine($"racy-write-after-start {task.Result >= 0}");
    }

    // Wait(timeout) that returns false joins nothing. The task cannot finish before the parent releases it.
    static void RacyWaitTimedOut()
    {
        var task = Task.Run(() =>
        {
            Data.TimedOut = 1; // RACE: TimedOut (write)
            while (Volatile.Read(ref Data.TimedOutRelease) == 0)
                Thread.Sleep(1);
        });
        if (task.Wait(10))
            throw new InvalidOperationException("the task finished before it was released");
        int seen = Data.TimedOut; // RACE: TimedOut (read)
        Volatile.Write(ref Data.TimedOutRelease, 1);
        task.Wait();
        Console.WriteLine($"racy-wait-timed-out {seen >= 0}");
    }

    // ContinueWhenAny follows the winner only: the loser's write races with the continuation's read.
    static void RacyContinueWhenAnyLoser()
    {
        var winner = Task.Run(() => { Data.AnyLoserWinner = 1; });
        var loser = Task.Run(() =>
        {
            Data.AnyLoser = 1; // RACE: AnyLoser (write)
            while (Volatile.Read(ref Data.AnyLoserRelease) == 0)
                Thread.Sleep(1);
        });
        var any = Task.Factory.ContinueWhenAny(new[] { winner, loser }, first =>
        {
            Data.AnyLoserSeen = Data.AnyLoser; // RACE: AnyLoser (read)
            Volatile.Write(ref Data.AnyLoserRelease, 1);
        });
        any.Wait();
        loser.Wait();
        Console.WriteLine($"racy-continue-when-any-loser {Data.AnyLoserSeen >= 0}");
    }

    // WaitAny joins the winner only: the parent's read of the loser's write races.
    static void RacyWaitAnyLoser()
    {
        var winner = Task.Run(() => { Data.WaitAnyLoserWinner = 1; });
        var loser = Task.Run(() =>
        {
            Data.WaitAnyLoserValue = 1; // RACE: WaitAnyLoserValue (write)
            while (Volatile.Read(ref Data.WaitAnyLoserRelease) == 0)
                Thread.Sleep(1);
        });
        int index = Task.WaitAny(winner, loser);
        int seen = Data.WaitAnyLoserValue; // RACE: WaitAnyLoserValue (read)
        Volatile.Write(ref Data.WaitAnyLoserRelease, 1);
        loser.Wait();
        Console.WriteLine($"racy-wait-any-loser {index} {seen >= 0}");
    }

    // WhenAny joins the winner only, even when the loser finished before the result is observed.
    static void RacyWhenAnyFinishedLoser()
    {
        var winner = Task.Run(() => { Data.FinishedLoserWinner = 1; });
        var loser = Task.Run(() =>
        {
            while (Volatile.Read(ref Data.FinishedLoserRelease) == 0)
                Thread.Sleep(1);
            Data.FinishedLoser = 2; // RACE: FinishedLoser (write)
        });
        var any = Task.WhenAny(winner, loser);
        while (!any.IsCompleted)
            Thread.Sleep(1);
        Volatile.Write(ref Data.FinishedLoserRelease, 1);
        while (!loser.IsCompleted)
            Thread.Sleep(1);
        if (any.Result != winner)
            throw new InvalidOperationException("the loser won");
        int seen = Data.FinishedLoser; // RACE: FinishedLoser (read)
        Console.WriteLine($"racy-when-any-finished-loser {Data.FinishedLoserWinner} {seen >= 0}");
    }

    // ContinueWhenAny called when both tasks have finished: the continuation follows the one it receives
    // (the first of the array), not the other.
    static void RacyContinueWhenAnyFinishedLoser()
    {
        var first = Task.Run(() => { Data.FinishedAnyFirst = 1; });
        var second = Task.Run(() => { Data.FinishedAnySecond = 2; }); // RACE: FinishedAnySecond (write)
        while (!first.IsCompleted || !second.IsCompleted)
            Thread.Sleep(1);
        var any = Task.Factory.ContinueWhenAny(new[] { first, second }, winner =>
        {
            if (winner != first)
                throw new InvalidOperationException("the second task won");
            Data.FinishedAnySeen = Data.FinishedAnyFirst + Data.FinishedAnySecond; // RACE: FinishedAnySecond (read)
        });
        any.Wait();
        Console.WriteLine($"racy-continue-when-any-finished-loser {Data.FinishedAnySeen > 0}");
    }

    // The proxy of Unwrap completes with the inner task, not with work that task left running.
    static void RacyUnwrapDetached()
    {
        Task? detached = null;
        var proxy = Task.Factory.StartNew(async () =>
        {
            await Task.Delay(1);
            detached = Task.Run(() =>
            {
                Data.Detached = 1; // RACE: Detached (write)
                Volatile.Write(ref Data.DetachedDone, 1);
            });
        }).Unwrap();
        proxy.Wait();
        int seen = Data.Detached; // RACE: Detached (read)
        while (Volatile.Read(ref Data.DetachedDone) == 0)
            Thread.Sleep(1);
        Console.WriteLine($"racy-unwrap-detached {seen >= 0} {detached is not null}");
    }

    // A captured local is a field of the closure object: the task's write races with the parent's read.
    static void RacyCapturedLocal()
    {
        int capturedLocal = 0;
        var task = Task.Run(() => { capturedLocal = 1; }); // RACE: capturedLocal (write)
        int seen = capturedLocal; // RACE: capturedLocal (read)
        task.Wait();
        Console.WriteLine($"racy-captured-local {seen >= 0}");
    }
}

static class Data
{
    public static int RunWaitInput, RunWaitOutput;
    public static int WaitTimeoutInput, WaitTimeoutA, WaitTimeoutB, WaitTimeoutC;
    public static int ResultInput, ResultSide;
    public static int GetResultInput, GetResultA, GetResultB, GetResultC;
    public static int StartNewInput, StartNewA, StartNewB, StartNewC, StartNewD;
    public static int NewStartInput, NewStartOutput;
    public static int RunSyncInput, RunSyncOutput;
    public static int ContinueInput, ContinueFirst, ContinueBefore, ContinueSecond, ContinueFourth;
    public static int WhenAllInput, ContinueAllA, ContinueAllB, ContinueAllC, ContinueAllD, ContinueAllSum;
    public static int AnyInput, AnyWinner, AnyRelease, AnyLoserResult, AnySeen;
    public static int WhenAllA, WhenAllB, WhenAllC, WhenAllD;
    public static int WhenAnyWinner, WhenAnyRelease, WhenAnyLoser;
    public static int WaitAllA, WaitAllB, WaitAllC, WaitAllD;
    public static int WaitAnyWinner, WaitAnyRelease, WaitAnyLoser;
    public static int NestedInner, NestedOuter, NestedProxy;
    public static int MoreInput, MoreWaitTimeSpanToken, MoreWaitAllTimeoutToken, MoreWaitAllEnumerableToken, MoreWaitAnyTimeoutToken;
    public static int FaultedWait, FaultedWaitToken, FaultedWaitAll, FaultedResult, FaultedContinued;
    public static int GenericAnyA, GenericAnyB, GenericAnyC;
    public static int UnwrapA, UnwrapB, UnwrapC;

    public static int ReadBeforeWait;
    public static int WriteAfterRun;
    public static int TwoRuns;
    public static int BranchRoot, Branch;
    public static int AfterContinueRoot, AfterContinue;
    public static int AfterStart;
    public static int TimedOut, TimedOutRelease;
    public static int AnyLoserWinner, AnyLoser, AnyLoserRelease, AnyLoserSeen;
    public static int WaitAnyLoserWinner, WaitAnyLoserValue, WaitAnyLoserRelease;
    public static int FinishedLoserWinner, FinishedLoser, FinishedLoserRelease;
    public static int FinishedAnyFirst, FinishedAnySecond, FinishedAnySeen;
    public static int Detached, DetachedDone;
}
