using RaceDetector.Runtime.Clocks;
using Xunit;

namespace RaceDetector.Tests.Unit;

public class VectorClockTests
{
    [Fact]
    public void Missing_entries_read_as_zero_and_set_grows_the_clock()
    {
        var clock = new VectorClock(capacity: 1);
        Assert.Equal(0, clock[7]);
        clock.Set(7, 3);
        Assert.Equal(3, clock[7]);
        Assert.True(clock.Length >= 8);
    }

    [Fact]
    public void Join_takes_the_pointwise_maximum()
    {
        var a = new VectorClock();
        a.Set(0, 5);
        a.Set(1, 1);
        var b = new VectorClock();
        b.Set(1, 4);
        b.Set(3, 2);

        a.JoinWith(b);

        Assert.Equal([5L, 4L, 0L, 2L], Enumerable.Range(0, 4).Select(i => a[i]));
        Assert.Equal(4, b[1]); // the argument is not modified
    }

    [Fact]
    public void Covers_is_the_happens_before_order_on_clocks()
    {
        var small = new VectorClock();
        small.Set(0, 1);
        small.Set(2, 2);
        var big = small.Clone();
        big.Set(1, 9);

        Assert.True(big.Covers(small));
        Assert.False(small.Covers(big));
        big.Set(2, 1);
        Assert.False(big.Covers(small));
    }

    [Fact]
    public void Clone_is_independent()
    {
        var original = new VectorClock();
        original.Set(0, 1);
        var copy = original.Clone();
        copy.Set(0, 2);
        Assert.Equal(1, original[0]);
    }

    [Theory]
    [InlineData(1L, 0)]
    [InlineData(123456789L, 65535)]
    [InlineData((1L << 47) - 1, 42)]
    public void Epoch_packs_clock_and_slot(long clock, int slot)
    {
        long epoch = Epoch.Make(clock, slot);
        Assert.Equal(clock, Epoch.Clock(epoch));
        Assert.Equal(slot, Epoch.Slot(epoch));
        Assert.NotEqual(Epoch.None, epoch);
        Assert.NotEqual(Epoch.Shared, epoch);
    }

    [Fact]
    public void Epoch_happens_before_compares_with_the_clock_entry_of_its_slot()
    {
        var now = new VectorClock();
        now.Set(3, 10);
        Assert.True(Epoch.HappensBefore(Epoch.Make(10, 3), now));
        Assert.False(Epoch.HappensBefore(Epoch.Make(11, 3), now));
        Assert.False(Epoch.HappensBefore(Epoch.Make(1, 4), now));
        Assert.True(Epoch.HappensBefore(Epoch.None, now));
    }
}
