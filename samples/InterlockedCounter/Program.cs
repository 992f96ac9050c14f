// The lost update, fixed: two threads increment a shared counter with Interlocked.Increment, an atomic
// read-modify-write (and a full fence), so no increment is lost and atomic accesses never race with
// each other. The final plain read happens after both threads were joined, and a Join that returns is
// ordered after everything the joined thread did.
// RaceDetector reports no race (exit code 0); the count is always 2000.

var counter = new Counter();
var workers = new Thread[2];
for (int i = 0; i < workers.Length; i++)
{
    workers[i] = new Thread(() =>
    {
        for (int n = 0; n < 1000; n++)
            counter.Increment();
    }) { Name = $"worker-{i + 1}" };
    workers[i].Start();
}
foreach (var worker in workers)
    worker.Join();
Console.WriteLine($"count = {counter.Count} (expected 2000)");

class Counter
{
    int count;

    public int Count => count;

    public void Increment() => Interlocked.Increment(ref count);
}
