using RaceDetector.Tests.Support;
using Xunit;
using static RaceDetector.Tests.Support.RaceSide;

namespace RaceDetector.Tests.EndToEnd;

public sealed class HappensBeforeTableProgram() : ScenarioProgram("HappensBeforeTable");

/// <summary>
/// The classic happens-before table (Java memory model, Python threading, C++11), one test per row, on
/// tests/Programs/HappensBeforeTable. Each test runs the row's race-free scenario, which fails if the
/// detector misses the edge, and the closest variant without the edge, which fails if the detector
/// over-approximates it (the variant must be reported, on exactly its marked lines). All tests run
/// the same program, built once by the class fixture.
/// </summary>
public class HappensBeforeTableTests(HappensBeforeTableProgram program) : IClassFixture<HappensBeforeTableProgram>
{
    SampleRun Run(string scenario) => program.Run(scenario);

    /// <summary>Runs the row's variant without the edge: races on exactly <paramref name="members"/>, and <paramref name="output"/>.</summary>
    SampleRun WithoutEdge(string row, string output, params string[] members)
    {
        var run = Run(row + "-without-edge");
        MatrixAssert.Races(run, members, output);
        return run;
    }

    [Fact]
    public void Program_order()
    {
        MatrixAssert.Clean(Run("program-order"), "seen=1");

        var run = WithoutEdge("program-order", "done", "sequenced");
        MatrixAssert.Between(run, "sequenced", Write("writer", "sequenced = 1"), Read("reader", "seen = sequenced"));
    }

    [Fact]
    public void Monitor_unlock_happens_before_a_later_lock_of_the_same_monitor()
    {
        MatrixAssert.Clean(Run("monitor"), "seen=1");

        var run = WithoutEdge("monitor", "seen=1", "guarded");
        var race = MatrixAssert.Between(run, "guarded", Write("writer", "guarded = 1"), Read("reader", "guarded == 1"));
        var (write, read) = race.Current.Operation == "write" ? (race.Current, race.Previous) : (race.Previous, race.Current);
        Assert.Equal(["MonitorRow.gate"], write.Locks);
        var held = Assert.Single(read.Locks); // otherGate, which the reader gets as its `monitor` parameter
        Assert.NotEqual("MonitorRow.gate", held);
    }

    [Fact]
    public void Monitor_exit_of_a_lock_not_held_releases_nothing()
    {
        var run = WithoutEdge("monitor-exit-unheld", "seen=1", "guarded");
        MatrixAssert.Between(run, "guarded", Write("writer", "guarded = one"), Read("reader", "guarded == 1"));
    }

    [Fact]
    public void Volatile_write_happens_before_a_volatile_read_that_sees_it()
    {
        MatrixAssert.Clean(Run("volatile"), "seen=1");

        var run = WithoutEdge("volatile", "done", "note");
        MatrixAssert.Between(run, "note", Write("sender", "note = 1"), Read("receiver", "seen = note"));
    }

    [Fact]
    public void Thread_start_happens_before_the_started_thread()
    {
        MatrixAssert.Clean(Run("thread-start"), "seen=1");

        var run = WithoutEdge("thread-start", "done", "started");
        MatrixAssert.Between(run, "started", Write(null, "started = 1").In("ThreadStartRow.WithoutEdge()"),
            Read("child", "seen = started").In("ThreadStartRow.Read()"));
    }

    [Fact]
    public void Thread_termination_happens_before_Join_returns()
    {
        MatrixAssert.Clean(Run("join"), "seen=1");

        var run = WithoutEdge("join", "done", "finished");
        MatrixAssert.Between(run, "finished", Write("child", "finished = 1").In("JoinRow.Finish()"),
            Read(null, "seen = finished").In("JoinRow.WithoutEdge()"));
    }

    [Fact]
    public void Interrupt_happens_before_the_interrupted_thread_sees_the_exception()
    {
        MatrixAssert.Clean(Run("interrupt"), "seen=1");

        var run = WithoutEdge("interrupt", "done", "reason");
        MatrixAssert.Between(run, "reason", Write(null, "reason = 1").In("InterruptRow.WithoutEdge()"),
            Read("sleeper", "seen = reason").In("InterruptRow.Sleep()"));
    }

    [Fact]
    public void End_of_constructor_happens_before_the_finalizer()
    {
        MatrixAssert.Clean(Run("finalizer"), "finalizer saw opened=True");

        var run = WithoutEdge("finalizer", "finalizer saw opened=True", "opened");
        // Open() ran on main before the object was dropped; the finalizer thread reads after collection.
        MatrixAssert.Between(run, "opened", Write(null, "opened = true").In("Resource.Open()"),
            Read(AnyThread, "FinalizerRow.Finalized(opened)").In("Resource.Finalize()"), ordered: true);
    }

    [Fact]
    public void Happens_before_is_transitive_through_two_different_locks()
    {
        MatrixAssert.Clean(Run("transitivity"), "seen=1");

        var run = WithoutEdge("transitivity", "done", "chained");
        MatrixAssert.Between(run, "chained", Write("origin", "chained = 1"), Read("last", "seen = chained"));
    }

    [Fact]
    public void Queue_put_happens_before_the_get_that_returns_the_item()
    {
        MatrixAssert.Clean(Run("queue"), "seen=1");

        var run = WithoutEdge("queue", "done", "Body");
        MatrixAssert.Between(run, "Body", Write("producer", "letter.Body = 1"), Read("consumer", "mailbox.Take().Body"));
    }

    [Fact]
    public void Event_set_happens_before_the_wait_it_releases()
    {
        MatrixAssert.Clean(Run("event"), "seen=1");

        var run = WithoutEdge("event", "done", "signalled");
        MatrixAssert.Between(run, "signalled", Write("setter", "signalled = 1"), Read("waiter", "seen = signalled"));
    }

    [Fact]
    public void Release_store_happens_before_an_acquire_load_but_a_plain_flag_orders_nothing()
    {
        MatrixAssert.Clean(Run("acquire-release"), "seen=1");

        var run = WithoutEdge("acquire-release", "done", "message", "plainFlag");
        // The message is read only after the flag was seen set, which the sender did after writing it.
        MatrixAssert.Between(run, "message", Write("sender", "message = 1").In("AcquireReleaseRow.WriteMessage()"),
            Read("receiver", "seen = message").In("AcquireReleaseRow.ReadMessage()"), ordered: true);
        MatrixAssert.Between(run, "plainFlag", Write("sender", "plainFlag = true"), Read("receiver", "while (!plainFlag)"));
    }

    [Fact]
    public void Semaphore_release_happens_before_the_acquire_it_satisfies()
    {
        MatrixAssert.Clean(Run("semaphore"), "seen=1");

        var run = WithoutEdge("semaphore", "done", "released");
        MatrixAssert.Between(run, "released", Write("releaser", "released = 1"), Read("acquirer", "seen = released"));
    }
}
