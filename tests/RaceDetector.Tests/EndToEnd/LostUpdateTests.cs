using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

public class LostUpdateTests
{
    [Fact]
    public void Unsynchronized_increment_is_reported_on_both_worker_threads_with_exit_66()
    {
        var run = SampleRun.Of("LostUpdate");

        Assert.Equal(66, run.Process.ExitCode);
        Assert.Equal(66, run.Report.ExitCode);
        var races = run.Report.On("count");
        Assert.NotEmpty(races);
        int line = run.Line("RACE: count");
        foreach (var race in races)
        {
            Assert.Equal("instance-field", race.LocationKind);
            Assert.Equal("Counter", race.Type);
            Assert.Equal((line, line), race.Lines);
            Assert.NotEqual(race.Current.ThreadId, race.Previous.ThreadId);
            Assert.StartsWith("worker-", race.Current.ThreadName);
            Assert.StartsWith("worker-", race.Previous.ThreadName);
            Assert.Equal("Counter.Increment()", race.Current.Top.Method);
        }
        Assert.Contains(races, r => r.Kind == "write-write");
        Assert.Contains("WARNING: DATA RACE", run.Process.StandardError);
        Assert.Contains("RaceDetector: ", run.Process.StandardError);
    }
}
