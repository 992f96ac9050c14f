using RaceDetector.Runtime.Clocks;
using Xunit;

namespace RaceDetector.Tests.Unit;

/// <summary>
/// A clock's length is bounded by the slots actually used, however often clocks of different capacities
/// join each other (a lock, a channel or an Interlocked location handed back and forth between threads).
/// JoinWith used to grow the receiver to the other clock's capacity, doubled: two clocks joining each other
/// leapfrogged to exponential sizes, and the AsyncPipeline sample scaled up (200 orders, 6 consumers)
/// ran out of memory.
/// </summary>
public class VectorClockGrowthTests
{
    [Fact]
    public void Clocks_joining_each_other_back_and_forth_do_not_outgrow_the_slots_in_use()
    {
        var a = new VectorClock();
        a.Set(99, 1);
        var b = new VectorClock();
        b.Set(59, 1);

        for (int i = 0; i < 12; i++)
        {
            b.JoinWith(a);
            a.JoinWith(b);
        }

        // 100 slots are in use; doubling for amortized growth may at most double that.
        Assert.InRange(a.Length, 100, 200);
        Assert.InRange(b.Length, 100, 200);
        Assert.Equal(1, a[99]);
        Assert.Equal(1, a[59]);
    }
}
