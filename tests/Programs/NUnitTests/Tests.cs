// One racy and two clean NUnit tests (a [Test] and a [TestCase]) for `racedetector test`.
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
