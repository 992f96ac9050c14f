using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

public sealed class TasksProgram() : ScenarioProgram("Tasks");

/// <summary>
/// tests/Programs/Tasks: fork (Task.Run, StartNew, Start, RunSynchronously, ContinueWith, ContinueWhenAll/Any)
/// and completion (Wait, Result, GetResult, WhenAll/WhenAny, WaitAll/WaitAny, Unwrap) edges of tasks.
/// </summary>
public class TasksTests(TasksProgram program) : IClassFixture<TasksProgram>
{
    [Theory]
    [InlineData("run-wait", "21")]
    [InlineData("wait-timeout", "2 3 4")]
    [InlineData("wait-more-overloads", "2 3 4 5")]
    [InlineData("faulted", "4 1 2 3 4 5")]
    [InlineData("result", "42 12")]
    [InlineData("get-result", "2 13 4")]
    [InlineData("start-new", "6 15 15 4")]
    [InlineData("new-start", "42 82")]
    [InlineData("run-synchronously", "10")]
    [InlineData("continue-with", "24 1024")]
    [InlineData("continue-when-all", "103 77")]
    [InlineData("continue-when-any", "11 2")]
    [InlineData("when-all", "10 10")]
    [InlineData("when-any", "1 2")]
    [InlineData("when-any-generic", "True 6")]
    [InlineData("wait-all", "10")]
    [InlineData("wait-any", "1 2")]
    [InlineData("nested", "1 2 3")]
    [InlineData("unwrap", "1 22 3")]
    public void Race_free_scenario_runs_clean(string scenario, string output) =>
        SampleAssert.Clean(program.Run(scenario), $"{scenario} {output}");

    [Theory]
    [InlineData("racy-read-before-wait", "ReadBeforeWait", "task", "main")]
    [InlineData("racy-write-after-run", "WriteAfterRun", "task", "main")]
    [InlineData("racy-two-runs", "TwoRuns", "task", "task")]
    [InlineData("racy-continue-with-branches", "Branch", "continuation", "continuation")]
    [InlineData("racy-write-after-continue-with", "AfterContinue", "continuation", "main")]
    [InlineData("racy-write-after-start", "AfterStart", "task", "main")]
    [InlineData("racy-wait-timed-out", "TimedOut", "task", "main")]
    [InlineData("racy-continue-when-any-loser", "AnyLoser", "task", "continuation")]
    [InlineData("racy-wait-any-loser", "WaitAnyLoserValue", "task", "main")]
    [InlineData("racy-when-any-finished-loser", "FinishedLoser", "task", "main")]
    [InlineData("racy-continue-when-any-finished-loser", "FinishedAnySecond", "task", "continuation")]
    [InlineData("racy-unwrap-detached", "Detached", "task", "main")]
    public void Misuse_is_reported_on_the_marked_lines(string scenario, string member, string kind, string otherKind) =>
        ScenarioAssert.Racy(program.Run(scenario), scenario, member, [kind, otherKind]);

    [Fact]
    public void Race_on_a_captured_local_is_reported_on_its_closure_field()
    {
        var run = program.Run("racy-captured-local");

        ScenarioAssert.Racy(run, "racy-captured-local", "capturedLocal", ["task", "main"], type: null, locationKind: "instance-field");
        Assert.StartsWith("Program.<>c__DisplayClass", run.Report.Races[0].Type);
    }
}
