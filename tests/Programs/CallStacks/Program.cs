// Races whose earlier access happened several calls deep, for the full stack of the previous access
// (the shadow call stack). Every scenario prints one line, `<scenario> <values>`.
// Determinism: Workers.InOrder runs the threads one after another in real time only (nothing the
// detector models orders them), so the previous access of each race is always the same one.
// Access lines carry `// ACCESS: name` markers and call lines `// CALL: name`; the tests find the
// frames' lines by them.

var scenarios = new Dictionary<string, Action>
{
    ["racy-nested"] = Nested.Racy,
    ["racy-same-path"] = Nested.SamePath,
    ["racy-after-catch"] = AfterCatch.Racy,
    ["racy-recursion"] = Recursion.Racy,
    ["racy-shared-reads"] = SharedReads.Racy,
    ["racy-atomic"] = AtomicPublish.Racy,
    ["racy-task"] = Spawner.Racy,
    ["racy-filter-finally"] = FilterThenFinally.Racy,
};
return Scenarios.Run("CallStacks", args, scenarios);

sealed class Account
{
    public int Balance;
}

// racy-nested: the first thread writes three calls deep, the second writes directly.
// racy-same-path: both threads write through the same three calls, so both stacks read the same.
static class Nested
{
    public static void Racy()
    {
        var account = new Account();
        Workers.InTurn(
            "first", () => Teller.Deposit(account, 1), // CALL: deposit
            "second", () => account.Balance = 2); // ACCESS: nested-second
        Console.WriteLine($"racy-nested {account.Balance}");
    }

    public static void SamePath()
    {
        var account = new Account();
        Workers.InTurn("first", () => Teller.Deposit(account, 1), "second", () => Teller.Deposit(account, 2));
        Console.WriteLine($"racy-same-path {account.Balance}");
    }
}

static class Teller
{
    public static void Deposit(Account account, int amount) => Ledger.Post(account, amount); // CALL: post
}

static class Ledger
{
    public static void Post(Account account, int amount)
    {
        int fee = amount / 10;
        Apply(account, amount - fee); // CALL: apply
    }

    static void Apply(Account account, int amount) => account.Balance = amount; // ACCESS: apply
}

// racy-after-catch: a call fails two calls deep and the exception is caught; the write after it has
// the stack of the catching method, not the failed calls'.
static class AfterCatch
{
    public static void Racy()
    {
        var account = new Account();
        Workers.InTurn("first", () => Recover(account), "second", () => Recover(account)); // CALL: recover
        Console.WriteLine($"racy-after-catch {account.Balance}");
    }

    static void Recover(Account account)
    {
        try
        {
            Fail(account); // CALL: fail
        }
        catch (InvalidOperationException)
        {
            Mark(account); // CALL: mark
        }
    }

    static void Fail(Account account) => FailDeeper(account); // CALL: fail-deeper

    static void FailDeeper(Account account) => throw new InvalidOperationException($"account {account.GetHashCode()} is closed");

    static void Mark(Account account) => account.Balance = -1; // ACCESS: mark
}

// racy-recursion: the first thread writes 40 calls deep in a recursion.
static class Recursion
{
    public const int Depth = 40;

    public static void Racy()
    {
        var account = new Account();
        Workers.InTurn(
            "first", () => Descend(account, Depth),
            "second", () => account.Balance = 2); // ACCESS: recursion-second
        Console.WriteLine($"racy-recursion {account.Balance}");
    }

    static void Descend(Account account, int levels)
    {
        if (levels == 0)
            account.Balance = 1; // ACCESS: bottom
        else
            Descend(account, levels - 1); // CALL: descend
    }
}

// racy-shared-reads: two threads read concurrently, through different calls, then a third writes: two
// races, each previous read with its own stack.
static class SharedReads
{
    public static void Racy()
    {
        var account = new Account();
        int checkedBalance = -1, reviewedBalance = -1;
        Workers.InOrder(
            ("reader-1", () => checkedBalance = Auditor.Check(account)), // CALL: check
            ("reader-2", () => reviewedBalance = Auditor.Review(account)), // CALL: review
            ("writer", () => account.Balance = 3)); // ACCESS: writer
        Console.WriteLine($"racy-shared-reads {checkedBalance} {reviewedBalance} {account.Balance}");
    }
}

static class Auditor
{
    public static int Check(Account account) => account.Balance; // ACCESS: check

    public static int Review(Account account) => Summarize(account); // CALL: summarize

    static int Summarize(Account account) => account.Balance + 1; // ACCESS: summarize
}

// racy-atomic: a Volatile.Write two calls deep, then a plain write on another thread.
static class AtomicPublish
{
    public static void Racy()
    {
        var account = new Account();
        Workers.InTurn(
            "first", () => Publisher.Publish(account), // CALL: publish
            "second", () => account.Balance = 2); // ACCESS: atomic-second
        Console.WriteLine($"racy-atomic {account.Balance}");
    }
}

static class Publisher
{
    public static void Publish(Account account) => Store(account); // CALL: store

    static void Store(Account account) => Volatile.Write(ref account.Balance, 1); // ACCESS: store
}

// racy-task: a task started two calls deep writes; its creation stack shows the calls that started it.
static class Spawner
{
    public static void Racy()
    {
        var account = new Account();
        Workers.InTurn(
            "first", () => RunAndWait(account), // CALL: run-and-wait
            "second", () => account.Balance = 2); // ACCESS: task-second
        Console.WriteLine($"racy-task {account.Balance}");
    }

    static void RunAndWait(Account account) => Task.Run(() => account.Balance = 1).Wait(); // ACCESS: task-write
}

// racy-filter-finally: an exception filter that makes calls runs before the finally block of the frame the
// exception leaves; the write in that finally block still has the stack of the call that failed.
static class FilterThenFinally
{
    public static void Racy()
    {
        var account = new Account();
        Workers.InTurn(
            "first", () => Guarded(account), // CALL: guarded
            "second", () => account.Balance = 2); // ACCESS: filter-second
        Console.WriteLine($"racy-filter-finally {account.Balance}");
    }

    static void Guarded(Account account)
    {
        try
        {
            Risky(account); // CALL: risky
        }
        catch (InvalidOperationException e) when (Log(e)) // CALL: log
        {
        }
    }

    static void Risky(Account account)
    {
        try
        {
            throw new InvalidOperationException("risky");
        }
        finally
        {
            account.Balance = 5; // ACCESS: finally
        }
    }

    static bool Log(Exception e) => Describe(e).Length > 0;

    static string Describe(Exception e) => e.GetType().Name + ": " + e.Message;
}
