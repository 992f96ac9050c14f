// The lost update: two threads run `count++` on a shared counter with no synchronization.
// `count++` is a read followed by a write, so increments from the two threads overwrite each other.
// RaceDetector reports the race on Counter.count; see InterlockedCounter for the fix.

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

    public void Increment() => count++; // RACE: count
}
