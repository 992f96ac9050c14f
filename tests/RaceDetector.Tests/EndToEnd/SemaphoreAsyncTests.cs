using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

public class SemaphoreAsyncTests
{
    [Fact]
    public void Async_lock_on_semaphores_whose_waits_complete_at_once_reports_no_race()
    {
        var run = SampleRun.OfProgram("SemaphoreAsync");

        Assert.True(run.Process.ExitCode == 0, run.Process.ToString());
        Assert.Empty(run.Report.Races);
        Assert.Equal("value=2", run.Process.StandardOutput.Trim());
    }
}
