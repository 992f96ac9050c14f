using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

public sealed class CancellationProgram() : ScenarioProgram("Cancellation");

/// <summary>
/// tests/Programs/Cancellation: Cancel, CancelAsync, CancelAfter (and a linked source's parent) happen before
/// the callbacks registered on the token, the catch of the OperationCanceledException an awaited or waited
/// task throws, and a wait on the token's WaitHandle; writes after the cancel race with them.
/// </summary>
public class CancellationTests(CancellationProgram program) : IClassFixture<CancellationProgram>
{
    [Theory]
    [InlineData("register-cancel", "4")]
    [InlineData("cancel-returns", "3")]
    [InlineData("register-cancel-after", "5")]
    [InlineData("register-cancel-async", "7")]
    [InlineData("register-linked", "7")]
    [InlineData("await-canceled-delay", "shutdown")]
    [InlineData("await-canceled-read", "closing")]
    [InlineData("wait-canceled-task", "8")]
    [InlineData("wait-handle", "9")]
    public void Race_free_scenario_runs_clean(string scenario, string output) =>
        SampleAssert.Clean(program.Run(scenario), $"{scenario} {output}");

    [Theory]
    [InlineData("racy-write-after-cancel-after", "Late", "callback", "main")]
    [InlineData("racy-write-after-cancel", "LateReason", "async continuation", "main")]
    public void Misuse_is_reported_on_the_marked_lines(string scenario, string member, string kind, string otherKind) =>
        ScenarioAssert.Racy(program.Run(scenario), scenario, member, [kind, otherKind]);
}
