using Xunit.Sdk;
using static RaceDetector.Tests.Support.SampleAssert;

namespace RaceDetector.Tests.Support;

/// <summary>
/// One side of an expected race: the thread's name (null for unnamed threads such as main, or
/// <see cref="AnyThread"/>), a code fragment that picks its line among the lines marked
/// <c>// RACE: member</c>, its operation, whether it is atomic, and optionally its method.
/// </summary>
public sealed record RaceSide(string? Thread, string Code, string Operation, bool Volatile = false, string? Method = null)
{
    /// <summary>Matches any thread: for accesses that may run on a thread-pool thread.</summary>
    public const string AnyThread = "*";

    public static RaceSide Write(string? thread, string code) => new(thread, code, "write");

    public static RaceSide Read(string? thread, string code) => new(thread, code, "read");

    /// <summary>The same side, as a volatile/Volatile/Interlocked access.</summary>
    public RaceSide Atomic => this with { Volatile = true };

    public RaceSide In(string method) => this with { Method = method };

    public override string ToString() =>
        $"{(Volatile ? "atomic " : "")}{Operation} by '{Thread ?? "(unnamed)"}' at '{Code}'{(Method is null ? "" : " in " + Method)}";
}

/// <summary>
/// Assertions for the primitive matrix and happens-before table programs (tests/Programs/Primitives,
/// Collections, LazyAndLocals, HappensBeforeTable), whose scenarios may hold several races, each between
/// two lines marked <c>// RACE: member (read|write)</c>.
/// </summary>
public static class MatrixAssert
{
    /// <summary>No race at all, exit code 0, and exactly <paramref name="output"/> on stdout.</summary>
    public static void Clean(SampleRun run, params string[] output)
    {
        SampleAssert.Clean(run);
        Output(run, output);
    }

    /// <summary>
    /// Exactly one race on each of <paramref name="members"/> and nothing else, exit code 66 (CLI and
    /// JSON), one text report per race, and exactly <paramref name="output"/> on stdout. Every race is
    /// between two threads, has a write, names its sides' operations in its kind, and both its sides'
    /// top frames are in the program's source on a line marked <c>// RACE: member (operation)</c> with the
    /// side's operation.
    /// </summary>
    public static void Races(SampleRun run, string[] members, params string[] output)
    {
        var reported = run.Report.Races.Select(r => r.Member).Order(StringComparer.Ordinal).ToList();
        Check(reported.SequenceEqual(members.Order(StringComparer.Ordinal)), run,
            $"expected one race on each of [{string.Join(", ", members)}], got races on [{string.Join(", ", reported)}]");
        Check(run.Process.ExitCode == 66, run, $"expected exit code 66 from the CLI, got {run.Process.ExitCode}");
        Check(run.Report.ExitCode == 66, run, $"expected exit code 66 in the JSON summary, got {run.Report.ExitCode}");
        Check(run.Report.SummaryRaces == members.Length, run, $"JSON summary counts {run.Report.SummaryRaces} race(s)");
        Check(CountOf(run.Process.StandardError, "WARNING: DATA RACE") == members.Length, run, "expected one text report per race on stderr");
        Check(run.Process.StandardError.Contains($"RaceDetector: {members.Length} data race(s) reported"), run, "stderr lacks the final summary");
        foreach (var race in run.Report.Races)
        {
            string what = $"race on {race.Member}";
            Check(race.Kind == $"{race.Previous.Operation}-{race.Current.Operation}", run, $"{what}: kind {race.Kind} does not match its sides");
            Check(race.Current.Operation == "write" || race.Previous.Operation == "write", run, $"{what}: neither side writes");
            // Two logical threads (task bodies, callbacks) may run on one OS thread; they are still two threads of execution.
            Check(race.Current.ThreadId != race.Previous.ThreadId || race.Current.LogicalId != race.Previous.LogicalId, run,
                $"{what}: both sides on thread {race.Current.ThreadId}");
            var source = File.ReadAllLines(run.Source);
            foreach (var side in new[] { race.Current, race.Previous })
            {
                Check(side.Stack.Count > 0 && side.Top.File is { } file && Path.GetFullPath(file) == Path.GetFullPath(run.Source), run,
                    $"{what}: top frame {side.Stack.FirstOrDefault()} is not in {run.Source}");
                string marker = $"// RACE: {race.Member} ({side.Operation})";
                Check(side.Top.Line <= source.Length && source[side.Top.Line - 1].TrimEnd().EndsWith(marker, StringComparison.Ordinal), run,
                    $"{what}: line {side.Top.Line} ({side.Operation}) is not marked '{marker}'");
            }
        }
        Output(run, output);
    }

    /// <summary>
    /// The race on <paramref name="member"/> is between <paramref name="first"/> and
    /// <paramref name="second"/>: in that order (previous, current) when <paramref name="ordered"/>, else in
    /// either order. Returns the race for further checks.
    /// </summary>
    public static Race Between(SampleRun run, string member, RaceSide first, RaceSide second, bool ordered = false)
    {
        var race = SampleAssert.Single(run, member);
        bool inOrder = Matches(run, member, race.Previous, first) && Matches(run, member, race.Current, second);
        bool reversed = !ordered && Matches(run, member, race.Previous, second) && Matches(run, member, race.Current, first);
        Check(inOrder || reversed, run, $"race on {member}: expected {first} {(ordered ? "then" : "and")} {second}; got previous "
            + $"{Describe(race.Previous)}, current {Describe(race.Current)}");
        return race;
    }

    /// <summary>Exactly <paramref name="output"/> on stdout, line by line.</summary>
    public static void Output(SampleRun run, params string[] output)
    {
        var lines = SampleAssert.OutputLines(run);
        Check(lines.SequenceEqual(output), run, $"expected stdout [{string.Join(" | ", output)}], got [{string.Join(" | ", lines)}]");
    }

    static bool Matches(SampleRun run, string member, Access access, RaceSide side) =>
        (side.Thread == RaceSide.AnyThread || access.ThreadName == side.Thread)
        && access.Operation == side.Operation
        && access.Volatile == side.Volatile
        && access.Top.Line == SampleAssert.MarkedLine(run, member, side.Code)
        && (side.Method is null || access.Top.Method == side.Method);

    static string Describe(Access access) =>
        $"{(access.Volatile ? "atomic " : "")}{access.Operation} by '{access.ThreadName ?? "(unnamed)"}' (thread {access.ThreadId}) "
        + $"at {access.Top.Method} line {access.Top.Line}";
}
