using RaceDetector.Runtime;
using RaceDetector.Runtime.Sync;
using Xunit;

namespace RaceDetector.Tests.Unit;

/// <summary>
/// Which of a thread's accesses to an object's fields a store of the reference publishes: those made since the
/// thread allocated the object, when the store is the object's first and no release came between.
/// </summary>
public class FreshObjectsTests
{
    const int Slot = 3;
    static readonly long Epoch = Runtime.Clocks.Epoch.Make(5, Slot);

    sealed class Box;

    /// <summary>A field's shadow whose last write the thread in <see cref="Slot"/> made in <see cref="Epoch"/>.</summary>
    static VarState WrittenNow()
    {
        VarState? slot = null;
        var state = VarState.Ensure(ref slot);
        state.Write = Epoch;
        return state;
    }

    [Fact]
    public void The_first_store_publishes_what_the_thread_did_to_a_fresh_object()
    {
        var fresh = new FreshObjects();
        var box = new Box();
        var field = WrittenNow();
        fresh.Allocated(box, Epoch);
        fresh.Touched(box, field, Epoch);

        fresh.Stored(box, Slot, Epoch);

        Assert.Equal(0, field.Write);
    }

    [Fact]
    public void An_object_stored_before_it_was_touched_publishes_nothing_later()
    {
        var fresh = new FreshObjects();
        var box = new Box();
        var field = WrittenNow();
        fresh.Allocated(box, Epoch);
        fresh.Stored(box, Slot, Epoch);
        fresh.Touched(box, field, Epoch);

        fresh.Stored(box, Slot, Epoch);

        Assert.Equal(Epoch, field.Write);
    }

    [Fact]
    public void After_a_release_nothing_is_fresh()
    {
        var fresh = new FreshObjects();
        var box = new Box();
        var field = WrittenNow();
        fresh.Allocated(box, Epoch);
        fresh.Touched(box, field, Epoch);

        fresh.Expire();
        fresh.Stored(box, Slot, Epoch);

        Assert.Equal(Epoch, field.Write);
        Assert.False(fresh.IsCurrent(Epoch));
    }

    [Fact]
    public void Another_threads_access_is_not_forgotten()
    {
        var fresh = new FreshObjects();
        var box = new Box();
        var field = WrittenNow();
        long other = Runtime.Clocks.Epoch.Make(9, Slot + 1);
        field.Write = other;
        fresh.Allocated(box, Epoch);
        fresh.Touched(box, field, Epoch);

        fresh.Stored(box, Slot, Epoch);

        Assert.Equal(other, field.Write);
    }
}
