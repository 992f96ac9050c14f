using RaceDetector.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace RaceDetector.Tests.EndToEnd;

public class ThreadChurnTests(ITestOutputHelper output)
{
    [Fact]
    public void Hundred_thousand_joined_threads_reuse_a_few_slots_and_report_nothing()
    {
        var run = SampleRun.OfProgram("ThreadChurn");

        Assert.True(run.Process.ExitCode == 0, run.Process.ToString());
        Assert.Contains("total=100000", run.Process.StandardOutput);
        Assert.Empty(run.Report.Races);
        Assert.True(run.Report.Threads > 100_000, $"threads seen: {run.Report.Threads}");
        // Each thread is joined before the next starts, so its slot is free for the next one.
        Assert.InRange(run.Report.ThreadSlots, 1, 4);
        output.WriteLine(run.Process.StandardOutput.Trim());
    }

    [Fact]
    public void Threads_on_reused_slots_still_race_with_each_other()
    {
        // The freed slots' final clocks are known to the joiner; successors must start past them, or
        // the second pair's first writes look ordered to each other.
        var run = SampleRun.OfProgram("ThreadChurn", "--", "reuse-then-race");

        var race = SampleAssert.Single(run, "Total");
        int line = run.Line("// RACE: Total");
        Assert.Equal("write-write", race.Kind);
        Assert.Equal([line, line], new[] { race.Current.Top.Line, race.Previous.Top.Line });
        Assert.Equal(["worker-1", "worker-2"], new[] { race.Current.ThreadName, race.Previous.ThreadName }.Order());
        Assert.Equal(66, run.Process.ExitCode);
    }
}
