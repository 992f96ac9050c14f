// One racy and two clean MSTest tests (a [TestMethod] and a data-driven one) for `racedetector test`; async tests
// with async initialize and cleanup, which MSTest runs one at a time (one class): no race between them; and two
// classes, which MSTest runs in parallel, racing on a static.
using Microsoft.VisualStudio.TestTools.UnitTesting;

[assembly: Parallelize(Workers = 2, Scope = ExecutionScope.ClassLevel)]

namespace MSTestTests;

[TestClass]
public class CounterTests
{
    int _count;

    [TestMethod]
    public void Racy_increments()
    {
        var threads = new[] { new Thread(Increment), new Thread(Increment) };
        foreach (var thread in threads)
            thread.Start();
        foreach (var thread in threads)
            thread.Join();
        Assert.IsTrue(_count is >= 1 and <= 2000);
    }

    [TestMethod]
    [DataRow(3)]
    public void Locked_increments(int threadCount)
    {
        var gate = new object();
        int count = 0;
        var threads = Enumerable.Range(0, threadCount).Select(_ => new Thread(() => { lock (gate) count++; })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.AreEqual(threadCount, count);
    }

    void Increment()
    {
        for (int i = 0; i < 1000; i++)
            _count++; // RACE: _count
    }
}

[TestClass]
public class SerialAsyncTests
{
    static int s_calls;
    static int s_state;

    [ClassInitialize]
    public static async Task OpenAsync(TestContext context)
    {
        await Task.Delay(5);
        s_state = 0;
    }

    [TestInitialize]
    public async Task InitializeAsync()
    {
        await Task.Delay(5);
        s_state++;
    }

    [TestCleanup]
    public async Task CleanupAsync()
    {
        await Task.Delay(5);
        s_state--;
    }

    [TestMethod]
    public async Task First() => await Increment();

    [TestMethod]
    public async Task Second() => await Increment();

    static async Task Increment()
    {
        await Task.Delay(5);
        s_calls++;
        Assert.AreEqual(1, s_state);
    }
}

/// <summary>
/// Written by the tests of two classes, which MSTest runs in parallel. Each writes after an await, whose continuation
/// is a logical thread of its own; Left waits until Right has started (MSTest would otherwise start Right on the
/// thread that completes Left's task, inside Left's continuation), and Right waits until Left has finished, both in
/// real time only (RealTimeSignal): only a serial group could order the writes, and the two classes have none in common.
/// </summary>
public static class CrossClass
{
    public static readonly RealTimeSignal RightStarted = new();
    public static readonly RealTimeSignal LeftDone = new();
    public static int Counter;

    public static async Task Increment()
    {
        await Task.Delay(5);
        Counter++; // RACE: Counter
    }
}

[TestClass]
public class LeftTests
{
    [TestMethod]
    public async Task Left()
    {
        await CrossClass.RightStarted.WaitAsync();
        await CrossClass.Increment();
        CrossClass.LeftDone.Set();
    }
}

[TestClass]
public class RightTests
{
    [TestInitialize]
    public async Task WaitForLeft()
    {
        CrossClass.RightStarted.Set();
        await CrossClass.LeftDone.WaitAsync();
    }

    [TestMethod]
    public async Task Right() => await CrossClass.Increment();
}
