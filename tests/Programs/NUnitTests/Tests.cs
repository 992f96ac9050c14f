// One racy and two clean NUnit tests (a [Test] and a [TestCase]) for `racedetector test`, and async tests with
// async setup and teardown that NUnit runs one at a time (no [Parallelizable] on the fixture): no race between them.
// Parallel.cs has the fixtures whose tests NUnit runs in parallel.
using NUnit.Framework;

namespace NUnitTests;

public class CounterTests
{
    int _count;

    [Test]
    public void Racy_increments()
    {
        var threads = new[] { new Thread(Increment), new Thread(Increment) };
        foreach (var thread in threads)
            thread.Start();
        foreach (var thread in threads)
            thread.Join();
        Assert.That(_count, Is.InRange(1, 2000));
    }

    [TestCase(3)]
    public void Locked_increments(int threadCount)
    {
        var gate = new object();
        int count = 0;
        var threads = Enumerable.Range(0, threadCount).Select(_ => new Thread(() => { lock (gate) count++; })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.That(count, Is.EqualTo(threadCount));
    }

    void Increment()
    {
        for (int i = 0; i < 1000; i++)
            _count++; // RACE: _count
    }
}

public class SerialAsyncTests
{
    static int s_calls;
    static int s_state;

    [OneTimeSetUp]
    public async Task OpenAsync()
    {
        await Task.Delay(5);
        s_state = 0;
    }

    [SetUp]
    public async Task SetUpAsync()
    {
        await Task.Delay(5);
        s_state++;
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await Task.Delay(5);
        s_state--;
    }

    [Test]
    public async Task First() => await Increment();

    [Test]
    public async Task Second() => await Increment();

    static async Task Increment()
    {
        await Task.Delay(5);
        s_calls++;
        Assert.That(s_state, Is.EqualTo(1));
    }
}
