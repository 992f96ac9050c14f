// What a program sees of its own environment and exceptions must not change under the detector. Sets a
// culture (de-DE) and a console encoding (Latin-1), races once (so the detector reports, symbolizes and writes
// its files), then prints its culture, encoding and working directory, and, for exceptions thrown and caught in
// many places (plain code, a lock, a task, a thread-pool work item, Parallel.For, a static constructor, a Lazy
// factory, the runtime's own checks), their type, message and top frame. The tests compare the output of a
// plain and an instrumented run line by line.
using System.Diagnostics;
using System.Globalization;
using System.Text;

string startDirectory = Environment.CurrentDirectory;
SetCulture("de-DE");
Console.OutputEncoding = Encoding.Latin1;

var writers = Enumerable.Range(1, 2).Select(i => new Thread(() => Shared.Value = i)).ToList(); // RACE: Value
writers.ForEach(t => t.Start());
writers.ForEach(t => t.Join());

Console.WriteLine($"culture {CultureInfo.CurrentCulture.Name} ui {CultureInfo.CurrentUICulture.Name} number {1234.5:N1}");
Console.WriteLine($"encoding {Console.OutputEncoding.WebName} text Größe");
Console.WriteLine($"same directory {Environment.CurrentDirectory == startDirectory}");
var worker = new Thread(() => Console.WriteLine($"worker culture {CultureInfo.CurrentCulture.Name}"));
worker.Start();
worker.Join();

Report("plain", () => Thrower.Throw("plain"));
Report("filter", () =>
{
    try
    {
        Thrower.Throw("filtered");
    }
    catch (CustomException ex) when (ex.Message == "no match")
    {
    }
});
var gate = new object();
Report("lock", () =>
{
    lock (gate)
        Thrower.Throw("in a lock");
});
var other = new Thread(() => Console.WriteLine($"lock free after throw {Monitor.TryEnter(gate)}"));
other.Start();
other.Join();
Report("monitor exit not held", () => Monitor.Exit(new object()));
Report("semaphore full", () => new SemaphoreSlim(1, 1).Release());
Report("task await", () => AwaitThrowing().GetAwaiter().GetResult());
Report("task wait", () => Task.Run(() => Thrower.Throw("in a task")).Wait());
Report("canceled", () => Task.Run(() => { }, new CancellationToken(canceled: true)).GetAwaiter().GetResult());
Report("parallel", () => Parallel.For(0, 4, i =>
{
    if (i == 2)
        Thrower.Throw("in an iteration");
}));
Report("static constructor", () => Console.WriteLine(Broken.Value));
var lazy = new Lazy<int>(() => Thrower.Throw("in a factory"), LazyThreadSafetyMode.ExecutionAndPublication);
Exception? first = null;
Report("lazy", () => _ = lazy.Value);
try
{
    _ = lazy.Value;
}
catch (Exception ex)
{
    first = ex;
}
Console.WriteLine($"lazy caches its exception {first is CustomException}");
Exception? fromPool = null;
using (var done = new ManualResetEventSlim())
{
    ThreadPool.QueueUserWorkItem(_ =>
    {
        try
        {
            Thrower.Throw("in a work item");
        }
        catch (Exception ex)
        {
            fromPool = ex;
        }
        done.Set();
    });
    done.Wait();
}
Console.WriteLine("work item: " + Describe(fromPool!));
Console.WriteLine($"culture at the end {CultureInfo.CurrentCulture.Name} ui {CultureInfo.CurrentUICulture.Name}");

static async Task AwaitThrowing()
{
    await Task.Yield();
    Thrower.Throw("after an await");
}

static void SetCulture(string name)
{
    try
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
    }
    catch (CultureNotFoundException)
    {
        Console.WriteLine($"no culture {name} (invariant globalization)");
    }
}

static void Report(string what, Action action)
{
    try
    {
        action();
        Console.WriteLine($"{what}: no exception");
    }
    catch (Exception ex)
    {
        Console.WriteLine($"{what}: {Describe(ex)}");
    }
}

static string Describe(Exception ex)
{
    string inner = ex.InnerException is { } i ? $" inner {Describe(i)}" : "";
    var top = new StackTrace(ex).GetFrame(0)?.GetMethod();
    return $"{ex.GetType().FullName} '{ex.Message}' at {top?.DeclaringType?.Name}.{top?.Name}{inner}";
}

static class Shared
{
    public static int Value;
}

class CustomException(string message) : Exception(message);

static class Thrower
{
    public static int Throw(string message) => throw new CustomException(message);
}

static class Broken
{
    public static readonly int Value = Thrower.Throw("in a static constructor");
}
