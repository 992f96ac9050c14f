using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

public sealed class ThreadPoolAndTimersProgram() : ScenarioProgram("ThreadPoolAndTimers");

/// <summary>
/// tests/Programs/ThreadPoolAndTimers: QueueUserWorkItem, UnsafeQueueUserWorkItem (delegates and IThreadPoolWorkItem),
/// RegisterWaitForSingleObject, SynchronizationContext.Post, Progress&lt;T&gt;, System.Threading.Timer (creation and Change) and System.Timers.Timer (Elapsed, Start)
/// fork their callbacks; timer callbacks are not ordered with each other.
/// </summary>
public class ThreadPoolAndTimersTests(ThreadPoolAndTimersProgram program) : IClassFixture<ThreadPoolAndTimersProgram>
{
    [Theory]
    [InlineData("queue-work-item", "4 13 15")]
    [InlineData("unsafe-queue-work-item", "24 12 20")]
    [InlineData("register-wait", "5 8")]
    [InlineData("timer", "7 42")]
    [InlineData("timer-change", "11 12 13")]
    [InlineData("time-provider-timer", "21 7")]
    [InlineData("timer-dispose-wait", "1")]
    [InlineData("timer-periodic", "5 15")]
    [InlineData("timers-timer", "8")]
    [InlineData("sync-context-post", "42")]
    [InlineData("progress", "42")]
    public void Race_free_scenario_runs_clean(string scenario, string output) =>
        SampleAssert.Clean(program.Run(scenario), $"{scenario} {output}");

    [Theory]
    [InlineData("racy-write-after-queue", "AfterQueue", "work item", "main")]
    [InlineData("racy-write-after-queue-work-item", "AfterWorkItem", "work item", "main")]
    [InlineData("racy-two-work-items", "TwoItems", "work item", "work item")]
    [InlineData("racy-read-before-done", "BeforeDone", "work item", "main")]
    [InlineData("racy-register-wait", "RegisterWaitLate", "work item", "main")]
    [InlineData("racy-timer-callbacks", "TimerShared", "timer callback", "timer callback")]
    [InlineData("racy-write-after-timer", "AfterTimer", "timer callback", "main")]
    [InlineData("racy-write-after-change", "AfterChange", "timer callback", "main")]
    [InlineData("racy-write-after-timers-start", "AfterStart", "timer callback", "main")]
    [InlineData("racy-timers-handlers", "ElapsedShared", "timer callback", "timer callback")]
    [InlineData("racy-write-after-post", "AfterPost", "work item", "main")]
    [InlineData("racy-write-after-report", "AfterReport", "progress handler", "main")]
    public void Misuse_is_reported_on_the_marked_lines(string scenario, string member, string kind, string otherKind) =>
        ScenarioAssert.Racy(program.Run(scenario), scenario, member, [kind, otherKind]);
}
