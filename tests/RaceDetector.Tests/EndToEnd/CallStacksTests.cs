using RaceDetector.Tests.Support;
using Xunit;
using static RaceDetector.Tests.Support.SampleAssert;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>tests/Programs/CallStacks, built once.</summary>
public sealed class CallStacksProgram() : ScenarioProgram("CallStacks");

/// <summary>
/// tests/Programs/CallStacks: the previous access of a race is reported with its full stack, rebuilt from the
/// shadow call stack: every instrumented caller with the line of its call, in the JSON report and the text one.
/// Where both threads took the same path, the previous stack equals the current one, which is the real stack.
/// </summary>
public class CallStacksTests(CallStacksProgram program) : IClassFixture<CallStacksProgram>
{
    [Fact]
    public void The_previous_access_shows_every_caller_with_the_line_of_its_call()
    {
        var (run, race) = Single("racy-nested", "2");
        StackStarts(run, race.Current, ("<Racy>b__1()", "ACCESS: nested-second"));
        StackStarts(run, race.Previous, ("Ledger.Apply(Account, Int32)", "ACCESS: apply"), ("Ledger.Post(", "CALL: apply"),
            ("Teller.Deposit(", "CALL: post"), ("<Racy>b__0()", "CALL: deposit"));
        // Below the scenario's lambda: the thread's body in the shared helpers, and nothing of the thread that started it.
        var outer = race.Previous.Stack[^1];
        Check(race.Previous.Stack.Count == 5 && outer.File?.EndsWith("Scenarios.cs", StringComparison.Ordinal) == true
            && outer.Method.Contains("InOrder", StringComparison.Ordinal), run,
            $"expected 5 frames ending in the InOrder thread body of Shared/Scenarios.cs, got {Frames(race.Previous)}");

        int post = SourceMarkers.Line(run.Source, "CALL: post");
        Check(run.Process.StandardError.Contains($"    at Teller.Deposit(Account, Int32) in {run.Source}:line {post}"), run,
            "the text report lacks the Teller.Deposit frame of the previous access");
    }

    [Fact]
    public void Through_the_same_calls_the_previous_stack_reads_as_the_current_one()
    {
        var (run, race) = Single("racy-same-path", "2");
        int line = SourceMarkers.Line(run.Source, "ACCESS: apply");
        Check(race.Current.Top.Line == line && race.Previous.Top.Line == line, run, $"expected both accesses at line {line}");
        // The scenario's lambdas differ (b__0, b__1); every other frame, file and line must match.
        static IEnumerable<(string, string?, int)> Comparable(Access access) =>
            access.Stack.Select(f => (f.Method.Contains("<SamePath>", StringComparison.Ordinal) ? "lambda" : f.Method, f.File, f.Line));
        Check(Comparable(race.Previous).SequenceEqual(Comparable(race.Current)), run,
            $"previous stack {Frames(race.Previous)} differs from current stack {Frames(race.Current)}");
        Check(race.Previous.Stack.Count == 5, run, $"expected 5 frames, got {Frames(race.Previous)}");
    }

    [Fact]
    public void Calls_an_exception_unwound_leave_the_stack_of_the_method_that_caught_it()
    {
        var (run, race) = Single("racy-after-catch", "-1");
        StackStarts(run, race.Previous, ("AfterCatch.Mark(Account)", "ACCESS: mark"), ("AfterCatch.Recover(Account)", "CALL: mark"),
            ("<Racy>b__0()", "CALL: recover"));
        Check(race.Previous.Stack.Count == 4, run, $"expected 4 frames, got {Frames(race.Previous)}");
        // The real stack of the same write agrees but for the line of Recover's frame, which .NET gives as the
        // line of the try block's call inside a catch block.
        StackStarts(run, race.Current, ("AfterCatch.Mark(Account)", "ACCESS: mark"));
        Check(race.Current.Stack.Count == 4 && race.Current.Stack[1].Method == "AfterCatch.Recover(Account)", run,
            $"current stack: {Frames(race.Current)}");
    }

    [Fact]
    public void A_filter_that_makes_calls_leaves_the_stack_of_the_finally_blocks_after_it()
    {
        var (run, race) = Single("racy-filter-finally", "2");
        StackStarts(run, race.Previous, ("FilterThenFinally.Risky(Account)", "ACCESS: finally"),
            ("FilterThenFinally.Guarded(Account)", "CALL: risky"), ("<Racy>b__0()", "CALL: guarded"));
        Check(race.Previous.Stack.Count == 4, run, $"expected 4 frames, got {Frames(race.Previous)}");
    }

    [Fact]
    public void A_write_at_the_bottom_of_a_recursion_shows_each_level()
    {
        var (run, race) = Single("racy-recursion", "2");
        StackStarts(run, race.Previous, ("Recursion.Descend(Account, Int32)", "ACCESS: bottom"));
        int descend = SourceMarkers.Line(run.Source, "CALL: descend");
        var levels = race.Previous.Stack.Skip(1).TakeWhile(f => f.Method == "Recursion.Descend(Account, Int32)").ToList();
        Check(levels.Count == 40 && levels.All(f => f.Line == descend), run,
            $"expected 40 recursive calls at line {descend}, got {levels.Count}: {Frames(race.Previous)}");
        Check(race.Previous.Stack[41].Method.Contains("<Racy>b__0()", StringComparison.Ordinal), run, $"frame 41: {race.Previous.Stack[41]}");
    }

    [Fact]
    public void Concurrent_reads_keep_a_stack_each()
    {
        var run = program.Run("racy-shared-reads");
        Check(run.Process.ExitCode == 66 && run.Report.Races.Count == 2, run, "expected two races, one per earlier read");
        Check(OutputLines(run).SequenceEqual(["racy-shared-reads 0 1 3"]), run, "unexpected output");
        var byReader = run.Report.Races.ToDictionary(r => r.Previous.ThreadName ?? "?");
        Check(byReader.Keys.Order().SequenceEqual(["reader-1", "reader-2"]), run, $"previous readers: {string.Join(", ", byReader.Keys)}");
        foreach (var race in byReader.Values)
            StackStarts(run, race.Current, ("<Racy>b__2()", "ACCESS: writer"));
        StackStarts(run, byReader["reader-1"].Previous, ("Auditor.Check(Account)", "ACCESS: check"), ("<Racy>b__0()", "CALL: check"));
        StackStarts(run, byReader["reader-2"].Previous, ("Auditor.Summarize(Account)", "ACCESS: summarize"),
            ("Auditor.Review(", "CALL: summarize"), ("<Racy>b__1()", "CALL: review"));
    }

    [Fact]
    public void An_atomic_write_keeps_its_stack()
    {
        var (run, race) = Single("racy-atomic", "2");
        Check(race.Previous.Volatile && !race.Current.Volatile, run, "expected an atomic write, then a plain one");
        StackStarts(run, race.Previous, ("Publisher.Store(Account)", "ACCESS: store"), ("Publisher.Publish(", "CALL: store"),
            ("<Racy>b__0()", "CALL: publish"));
    }

    [Fact]
    public void A_task_shows_the_calls_that_started_it()
    {
        var (run, race) = Single("racy-task", "2", previousThread: null);
        Assert.Equal("task", race.Previous.ThreadKind);
        StackStarts(run, race.Previous, ("<RunAndWait>b__0()", "ACCESS: task-write"));
        var created = race.Previous.ThreadCreatedAt ?? [];
        Check(created.Count == 3, run, $"expected the task created at 3 frames, got {string.Join(" / ", created)}");
        FramesAre(run, created, ("Spawner.RunAndWait(Account)", "ACCESS: task-write"), ("<Racy>b__0()", "CALL: run-and-wait"));
        Check(created[2].Method.Contains("InOrder", StringComparison.Ordinal), run, $"frame 2 of the creation: {created[2]}");
    }

    /// <summary>
    /// Runs a scenario that must report one write-write race on Account.Balance, by "first" (or
    /// <paramref name="previousThread"/>, null for any) and then "second".
    /// </summary>
    (SampleRun Run, Race Race) Single(string scenario, string output, string? previousThread = "first")
    {
        var run = program.Run(scenario);
        Check(run.Process.ExitCode == 66 && run.Report.Races.Count == 1, run, "expected exactly one race");
        Check(OutputLines(run).SequenceEqual([$"{scenario} {output}"]), run, "unexpected output");
        var race = run.Report.Races[0];
        Check(race is { Kind: "write-write", Display: "Account.Balance", Current.ThreadName: "second" }
            && (previousThread is null || race.Previous.ThreadName == previousThread), run,
            $"expected a write-write race on Account.Balance by {previousThread ?? "any thread"}, then second; got {race.Kind} on {race.Display}");
        return (run, race);
    }

    /// <summary>
    /// <paramref name="access"/>'s stack starts with <paramref name="frames"/>, in order: each a method containing
    /// the given text, in the program's source, at the line with the given marker.
    /// </summary>
    static void StackStarts(SampleRun run, Access access, params (string Method, string Marker)[] frames) =>
        FramesAre(run, access.Stack, frames);

    static void FramesAre(SampleRun run, IReadOnlyList<Frame> stack, params (string Method, string Marker)[] frames)
    {
        Check(stack.Count >= frames.Length, run, $"stack too short: {Frames(stack)}");
        for (int i = 0; i < frames.Length; i++)
        {
            var frame = stack[i];
            int line = SourceMarkers.Line(run.Source, frames[i].Marker);
            Check(frame.Method.Contains(frames[i].Method, StringComparison.Ordinal) && frame.Line == line
                && frame.File is { } file && Path.GetFullPath(file) == Path.GetFullPath(run.Source), run,
                $"frame {i} is {frame.Method} line {frame.Line}, expected {frames[i].Method} line {line}; stack: {Frames(stack)}");
        }
    }

    static string Frames(Access access) => Frames(access.Stack);

    static string Frames(IReadOnlyList<Frame> stack) => string.Join(" / ", stack.Select(f => $"{f.Method}:{f.Line}"));
}
