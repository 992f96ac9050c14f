// Tests for Inventory.StockCounter. All but one are race-free: threads, tasks, await and Parallel.For
// all go through the counter's lock or Interlocked. Unsynchronized_receive_from_two_threads calls the
// unsynchronized method from two threads; it passes as an ordinary test (nothing is asserted about the
// total), and RaceDetector fails it. The xunit.v3 and MSBuild-switch samples compile this same file.
using Inventory;
using Xunit;

namespace Inventory.Tests;

public class StockCounterTests
{
    [Fact]
    public void Receive_from_two_threads_counts_every_item()
    {
        var counter = new StockCounter();
        var workers = Enumerable.Range(1, 2)
            .Select(i => new Thread(() => ReceiveMany(counter.Receive)) { Name = $"receiver-{i}" })
            .ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
        Assert.Equal(2000, counter.OnHand);
    }

    [Fact]
    public async Task Receive_and_ship_from_tasks()
    {
        var counter = new StockCounter();
        await Task.WhenAll(Task.Run(() => ReceiveMany(counter.Receive)), Task.Run(() => ReceiveMany(counter.Receive)));
        await Task.Yield();
        bool shipped = await Task.Run(() => counter.Ship(500));
        Assert.True(shipped);
        Assert.Equal(1500, counter.OnHand);
        Assert.Equal(500, counter.Shipped);
    }

    [Fact]
    public void Parallel_shipping_never_oversells()
    {
        var counter = new StockCounter();
        counter.Receive(100);
        int accepted = 0;
        Parallel.For(0, 200, _ =>
        {
            if (counter.Ship(1))
                Interlocked.Increment(ref accepted);
        });
        Assert.Equal(100, accepted);
        Assert.Equal(0, counter.OnHand);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void Receive_on_one_thread(int quantity)
    {
        var counter = new StockCounter();
        counter.Receive(quantity);
        counter.ReceiveUnsynchronized(quantity);
        Assert.Equal(2 * quantity, counter.OnHand);
    }

    [Fact]
    public void Unsynchronized_receive_from_two_threads()
    {
        var counter = new StockCounter();
        var workers = Enumerable.Range(1, 2)
            .Select(i => new Thread(() => ReceiveMany(counter.ReceiveUnsynchronized)) { Name = $"receiver-{i}" })
            .ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
        Assert.InRange(counter.OnHand, 1, 2000);
    }

    static void ReceiveMany(Action<int> receive)
    {
        for (int i = 0; i < 1000; i++)
            receive(1);
    }
}
