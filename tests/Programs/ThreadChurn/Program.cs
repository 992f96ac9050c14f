// Creates and joins many short-lived threads in sequence, each updating shared state that the
// join orders. Race-free; the detector must reuse thread slots so memory stays bounded.
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

class Shared
{
    public int Total;
}
