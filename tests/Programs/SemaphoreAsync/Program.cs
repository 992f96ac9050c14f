// SemaphoreSlim.WaitAsync used as an async lock, with waits on two semaphores started before either is
// awaited. When a permit is free, WaitAsync returns a cached completed task shared by every semaphore,
// so the permit must be taken when WaitAsync returns, not when that shared task is awaited. Race-free.
var first = new SemaphoreSlim(1);
var second = new SemaphoreSlim(1);
var box = new Box();
var a = Task.Run(async () =>
{
    var waitFirst = first.WaitAsync();
    var waitSecond = second.WaitAsync();
    await waitFirst;
    await waitSecond;
    box.Value = 1;
    second.Release();
    first.Release();
});
var b = Task.Run(async () =>
{
    await Task.Delay(100);
    await first.WaitAsync();
    box.Value++;
    first.Release();
});
await Task.WhenAll(a, b);
Console.WriteLine($"value={box.Value}");

class Box
{
    public int Value;
}
