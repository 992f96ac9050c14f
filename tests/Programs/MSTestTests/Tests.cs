// One racy and two clean MSTest tests (a [TestMethod] and a data-driven one) for `racedetector test`, and async
// tests with async initialize and cleanup, which one worker runs one at a time: no race between them.
using Microsoft.VisualStudio.TestTools.UnitTesting;

[assembly: Parallelize(Workers = 1, Scope = ExecutionScope.MethodLevel)]

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
