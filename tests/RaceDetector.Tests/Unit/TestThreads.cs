using System.Runtime.ExceptionServices;
using RaceDetector.Runtime.Clocks;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Tests.Unit;

/// <summary>Threads for unit tests of the runtime: hand-made detector threads, and fresh OS threads to run a test on.</summary>
internal static class TestThreads
{
    // Far above the slots the test process itself could take, so hand-made threads never meet real ones.
    static int s_nextSlot = 100;

    /// <summary>A detector thread in a slot of its own, at clock 1, attached to no OS thread.</summary>
    public static TrackedThread NewTracked()
    {
        int slot = Interlocked.Increment(ref s_nextSlot);
        var clock = new VectorClock();
        clock.Set(slot, 1);
        return new TrackedThread(slot, clock, new ThreadInfo(slot, "t" + slot, null, -1));
    }

    /// <summary>Runs <paramref name="test"/> on a new OS thread (fresh thread-static state) and rethrows what it threw.</summary>
    public static void Run(Action test)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                test();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
            ExceptionDispatchInfo.Capture(failure).Throw();
    }
}
