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
}
