using System.Text.RegularExpressions;
using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>
/// samples/AsyncPipelineRacy: the AsyncPipeline sample with a plain <c>Stats.OrdersReceived++</c> in every
/// consumer. Each consumer's first increment comes before it synchronizes with any other consumer (it has
/// only read an order from the channel, which orders it after the producer), so the race is found in every
/// run, whatever the schedule, as long as two consumers take orders.
/// </summary>
public class AsyncPipelineRacyTests
{
    const string Member = "OrdersReceived";

    [Theory]
    [InlineData("Debug")]
    [InlineData("Release")]
    public void Plain_increment_of_a_shared_counter_races_between_consumers_with_exit_66(string configuration)
    {
        var run = SampleRun.Of("AsyncPipelineRacy", configuration);
        string details = run.Process.ToString();

        Assert.False(run.Process.StandardError.Contains("RaceDetector: internal error", StringComparison.Ordinal), details);
        Assert.True(run.Report.Races.Count == 1, $"expected exactly one race, got {run.Report.Races.Count}: "
            + string.Join(", ", run.Report.Races.Select(r => $"{r.Kind} on {r.Display} (lines {r.Lines})")) + "\n" + details);
        Assert.True(run.Process.ExitCode == 66, details);
        Assert.Equal(66, run.Report.ExitCode);
        Assert.Equal(1, run.Report.SummaryRaces);
        Assert.Single(Regex.Matches(run.Process.StandardError, "WARNING: DATA RACE"));
        Assert.Contains("RaceDetector: 1 data race(s) reported", run.Process.StandardError);

        // `++` is a read then a write with nothing in between: the read is checked as part of the write.
        var race = SampleAssert.Single(run, Member);
        Assert.Equal("instance-field", race.LocationKind);
        Assert.Equal("PipelineStats", race.Type);
        Assert.Equal("PipelineStats.OrdersReceived", race.Display);
        Assert.Null(race.Index);
        Assert.Equal("write-write", race.Kind);
        int line = SampleAssert.MarkedLine(run, Member, "Stats.OrdersReceived++");
        foreach (var side in new[] { race.Current, race.Previous })
        {
            Assert.Equal("write", side.Operation);
            Assert.False(side.Volatile);
            Assert.Empty(side.Locks);
            Assert.Equal(Path.GetFullPath(run.Source), Path.GetFullPath(side.Top.File!));
            Assert.Equal(line, side.Top.Line);
            Assert.Matches(@"^OrderPipeline\.<ConsumeAsync>d__\d+\.MoveNext\(\)$", side.Top.Method);
        }

        // Two consumers, which may share a pool thread: the text report names each side's logical thread.
        string current = Regex.Match(run.Process.StandardError, @"^Write of PipelineStats\.OrdersReceived \(System\.Int32\) by (.+):$", RegexOptions.Multiline).Groups[1].Value;
        string previous = Regex.Match(run.Process.StandardError, @"^Previous write of PipelineStats\.OrdersReceived by (.+):$", RegexOptions.Multiline).Groups[1].Value;
        Assert.Matches(@"^(task|async continuation) #\d+ on thread \d+", current);
        Assert.Matches(@"^(task|async continuation) #\d+ on thread \d+", previous);
        Assert.NotEqual(LogicalId(current), LogicalId(previous));

        // Lost updates can make the received count fall short; everything else is exact.
        var output = SampleAssert.OutputLines(run);
        Assert.Matches(@"^orders received: \d+$", output[0]);
        Assert.Equal(AsyncPipelineTests.ExpectedOutput, output.Skip(1));
    }

    static string LogicalId(string thread) => Regex.Match(thread, @"#\d+").Value;
}
