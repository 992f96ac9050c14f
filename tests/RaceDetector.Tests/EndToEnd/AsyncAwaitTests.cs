using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

public sealed class AsyncAwaitProgram() : ScenarioProgram("AsyncAwait");

/// <summary>
/// tests/Programs/AsyncAwait: await, async methods' completion, ValueTask, async streams, await using, async
/// local functions and lambdas, TaskCompletionSource, Task.WaitAsync. Every scenario runs from a Debug build (class state
/// machines) and from a Release build (struct state machines).
/// </summary>
public class AsyncAwaitTests(AsyncAwaitProgram program) : IClassFixture<AsyncAwaitProgram>
{
    /// <summary>Each race-free scenario and what it prints after its name.</summary>
    public static TheoryData<string, string> RaceFree => new()
    {
        { "await-task-run", "41" },
        { "yield", "31" },
        { "delay", "14" },
        { "wait-async", "3 6 7" },
        { "configure-await", "54" },
        { "value-task", "5 9 24 10 6 10" },
        { "value-task-result", "8 14 15" },
        { "async-return", "10 100" },
        { "async-enumerable", "2376 2376" },
        { "await-using", "6 7" },
        { "local-function", "12 6 12 18" },
        { "async-lambda", "25 26 27 54" },
        { "completion-source", "11 20 30 40 50" },
        { "when-all", "10 7" },
        { "when-any", "1 2" },
        { "when-any-generic", "1 2" },
        { "faulted", "3 1 2 4" },
        { "method-shapes", "6 echo2 2 11" },
    };

    [Theory]
    [MemberData(nameof(RaceFree))]
    public void Race_free_scenario_runs_clean_in_Debug(string scenario, string output) =>
        SampleAssert.Clean(program.Run(scenario, "Debug"), $"{scenario} {output}");

    [Theory]
    [MemberData(nameof(RaceFree))]
    public void Race_free_scenario_runs_clean_in_Release(string scenario, string output) =>
        SampleAssert.Clean(program.Run(scenario, "Release"), $"{scenario} {output}");

    // Thread kinds only where they are certain: the caller's code before its first await runs on the main
    // thread; after an await that suspends, on an "async continuation".
    public static TheoryData<string, string, string?, string?> Misuses => new()
    {
        { "racy-flows", "FlowShared", "async continuation", "async continuation" },
        { "racy-read-before-await", "ReadBeforeAwait", "async continuation", "main" },
        { "racy-write-before-await", "WriteBeforeAwait", "async continuation", "main" },
        { "racy-write-after-set-result", "AfterSet", null, null },
        { "racy-fire-and-forget", "Forgotten", "async continuation", "async continuation" },
        { "racy-when-any-loser", "WhenAnyLoser", null, null },
    };

    [Theory]
    [MemberData(nameof(Misuses))]
    public void Misuse_is_reported_on_the_marked_lines_in_Debug(string scenario, string member, string? kind, string? otherKind) =>
        ScenarioAssert.Racy(program.Run(scenario, "Debug"), scenario, member, kind is null ? null : [kind, otherKind!]);

    [Theory]
    [MemberData(nameof(Misuses))]
    public void Misuse_is_reported_on_the_marked_lines_in_Release(string scenario, string member, string? kind, string? otherKind) =>
        ScenarioAssert.Racy(program.Run(scenario, "Release"), scenario, member, kind is null ? null : [kind, otherKind!]);
}
