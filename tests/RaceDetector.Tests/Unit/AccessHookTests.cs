using RaceDetector.Runtime;
using RaceDetector.Runtime.Threads;
using Xunit;

namespace RaceDetector.Tests.Unit;

/// <summary>
/// The inline fast paths of the field hooks, called as instrumented code calls them, on a thread whose
/// detector state is hand-made: which accesses skip the slow path and so are not recorded.
/// </summary>
public class AccessHookTests
{
    static void OnTrackedThread(Action<TrackedThread> test) => TestThreads.Run(() =>
    {
        var thread = TestThreads.NewTracked();
        TrackedThread.Current = thread;
        test(thread);
    });

    [Fact]
    public void A_read_after_the_threads_own_write_in_the_same_epoch_is_not_recorded() => OnTrackedThread(thread =>
    {
        var target = new object();
        VarState? slot = null;
        Hooks.Write(target, ref slot, site: 1);
        Assert.Equal(thread.Epoch, slot!.Write);

        Hooks.Read(target, ref slot, site: 2);

        Assert.Equal(0, slot!.Read); // whatever races with this read races with the write
    });

    [Fact]
    public void A_read_in_a_later_epoch_than_the_threads_write_is_recorded() => OnTrackedThread(thread =>
    {
        var target = new object();
        VarState? slot = null;
        Hooks.Write(target, ref slot, site: 1);
        thread.Tick(); // a release

        Hooks.Read(target, ref slot, site: 2);

        Assert.Equal(thread.Epoch, slot!.Read);
        Assert.Equal(2, slot.Meta.ReadSite);
    });

    [Fact]
    public void A_static_read_after_the_threads_own_write_in_the_same_epoch_is_not_recorded() => OnTrackedThread(thread =>
    {
        VarState? slot = null;
        Hooks.WriteStatic(ref slot, site: 1);
        Hooks.ReadStatic(ref slot, site: 2);
        Assert.Equal(thread.Epoch, slot!.Write);
        Assert.Equal(0, slot.Read);
    });
}
