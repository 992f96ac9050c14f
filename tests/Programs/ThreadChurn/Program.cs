// Creates and joins many short-lived threads in sequence, each updating shared state that the
// join orders. Race-free; the detector must reuse thread slots so memory stays bounded.
// With "reuse-then-race": two locked threads are joined, then two new threads (which take the
// freed slots) update a field without the lock. Their writes race, whatever the slot reuse.
if (args is ["reuse-then-race"])
{
    var locked = new Shared();
    RunPair(() => { lock (locked) locked.Total += 1; });
    var unlocked = new Shared();
    RunPair(() => unlocked.Total += 1); // RACE: Total
    Console.WriteLine($"total={unlocked.Total}");
    return;
}

int count = args.Length > 0 ? int.Parse(args[0]) : 100_000;
var state = new Shared();
for (int i = 0; i < count; i++)
{
    var thread = new Thread(() => state.Total += 1);
    thread.Start();
    thread.Join();
}
Console.WriteLine($"total={state.Total}");
Console.WriteLine($"peakWorkingSetMB={System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)}");

static void RunPair(Action update)
{
    var threads = Enumerable.Range(1, 2).Select(i => new Thread(() =>
    {
        for (int n = 0; n < 100; n++)
            update();
    }) { Name = $"worker-{i}" }).ToList();
    threads.ForEach(t => t.Start());
    threads.ForEach(t => t.Join());
}

class Shared
{
    public int Total;
}
