using Xunit;
using Xunit.Sdk;

namespace RaceDetector.Tests.Support;

/// <summary>
/// Assertions shared by the end-to-end tests of the memory-model samples. Every failure message carries
/// the CLI's exit code, stdout and stderr, so a failing run explains itself.
/// </summary>
public static class SampleAssert
{
    /// <summary>
    /// The sample ran to completion without a race: exit code 0 from the CLI and in the JSON summary, no
    /// race in the report or on stderr, and every line of <paramref name="expectedOutput"/> printed.
    /// </summary>
    public static void Clean(SampleRun run, params string[] expectedOutput)
    {
        Check(run.Report.Races.Count == 0, run, $"expected no race, got {run.Report.Races.Count}: "
            + string.Join(", ", run.Report.Races.Select(r => $"{r.Kind} on {r.Display} (lines {r.Lines})")));
        Check(run.Report.SummaryRaces == 0, run, $"JSON summary counts {run.Report.SummaryRaces} race(s)");
        Check(run.Process.ExitCode == 0, run, $"expected exit code 0 from the CLI, got {run.Process.ExitCode}");
        Check(run.Report.ExitCode == 0, run, $"expected exit code 0 in the JSON summary, got {run.Report.ExitCode}");
        Check(!run.Process.StandardError.Contains("WARNING: DATA RACE"), run, "stderr has a race report");
        Check(run.Process.StandardError.Contains("RaceDetector: 0 data race(s) reported"), run, "stderr lacks the final summary");
        foreach (var line in expectedOutput)
            Check(OutputLines(run).Contains(line), run, $"stdout lacks the line '{line}'");
    }

    /// <summary>
    /// The sample reported races on exactly <paramref name="members"/> (one race per member: each member
    /// has one racy pair of sites), all of <paramref name="locationKind"/> on <paramref name="type"/>, with
    /// exit code 66 from the CLI and in the JSON summary, and a text report on stderr for each.
    /// Every race is between two plain accesses from two different threads, at least one a write, and
    /// its kind names the previous then the current operation.
    /// </summary>
    public static void Racy(SampleRun run, string type, string locationKind, params string[] members)
    {
        var reported = run.Report.Races.Select(r => r.Member).Order(StringComparer.Ordinal).ToList();
        Check(reported.SequenceEqual(members.Order(StringComparer.Ordinal)), run,
            $"expected one race on each of {{{string.Join(", ", members)}}}, got races on [{string.Join(", ", reported)}]");
        Check(run.Process.ExitCode == 66, run, $"expected exit code 66 from the CLI, got {run.Process.ExitCode}");
        Check(run.Report.ExitCode == 66, run, $"expected exit code 66 in the JSON summary, got {run.Report.ExitCode}");
        Check(run.Report.SummaryRaces == members.Length, run, $"JSON summary counts {run.Report.SummaryRaces} race(s)");
        Check(CountOf(run.Process.StandardError, "WARNING: DATA RACE") == members.Length, run, "expected one text report per race on stderr");
        Check(run.Process.StandardError.Contains($"RaceDetector: {members.Length} data race(s) reported"), run, "stderr lacks the final summary");
        foreach (var race in run.Report.Races)
        {
            string what = $"race on {race.Member}";
            Check(race.LocationKind == locationKind, run, $"{what}: location kind {race.LocationKind}, expected {locationKind}");
            Check(race.Type == type, run, $"{what}: type {race.Type}, expected {type}");
            Check(race.Display == $"{type}.{race.Member}", run, $"{what}: display {race.Display}");
            Check(race.Index is null, run, $"{what}: a field race has no index");
            Check(race.Kind == $"{race.Previous.Operation}-{race.Current.Operation}", run, $"{what}: kind {race.Kind} does not match its sides");
            Check(race.Current.Operation == "write" || race.Previous.Operation == "write", run, $"{what}: neither side writes");
            Check(!race.Current.Volatile && !race.Previous.Volatile, run, $"{what}: a side is marked volatile");
            // Two logical threads (task bodies, callbacks) may run on one OS thread; they are still two threads of execution.
            Check(race.Current.ThreadId != race.Previous.ThreadId || race.Current.LogicalId != race.Previous.LogicalId, run,
                $"{what}: both sides on thread {race.Current.ThreadId}");
            foreach (var side in new[] { race.Current, race.Previous })
                Check(side.Stack.Count > 0 && side.Top.File is { } file && Path.GetFullPath(file) == Path.GetFullPath(run.Source), run,
                    $"{what}: top frame {side.Stack.FirstOrDefault()} is not in {run.Source}");
        }
    }

    /// <summary>The only race on <paramref name="member"/>.</summary>
    public static Race Single(SampleRun run, string member)
    {
        var races = run.Report.On(member);
        Check(races.Count == 1, run, $"expected one race on {member}, got {races.Count}");
        return races[0];
    }

    /// <summary>The writing and the reading side of a write/read race (in either order).</summary>
    public static (Access Write, Access Read) WriteAndRead(SampleRun run, Race race)
    {
        Check(race.Kind is "write-read" or "read-write", run, $"race on {race.Member}: expected a write/read race, got {race.Kind}");
        return race.Current.Operation == "write" ? (race.Current, race.Previous) : (race.Previous, race.Current);
    }

    /// <summary>
    /// The line of <c>// RACE: member</c> whose code contains <paramref name="code"/>: tells apart the
    /// marked lines of one member (say its write and its read).
    /// </summary>
    public static int MarkedLine(SampleRun run, string member, string code)
    {
        var source = File.ReadAllLines(run.Source);
        var lines = SourceMarkers.Lines(run.Source, $"// RACE: {member}")
            .Where(line => source[line - 1].Contains(code, StringComparison.Ordinal)).ToList();
        if (lines.Count != 1)
            throw new InvalidOperationException($"expected one line marked 'RACE: {member}' containing '{code}' in {run.Source}, found {lines.Count}");
        return lines[0];
    }

    /// <summary>Asserts that <paramref name="access"/> ran on thread <paramref name="thread"/> at <paramref name="line"/> in <paramref name="method"/>.</summary>
    public static void At(SampleRun run, Access access, string thread, string method, int line)
    {
        string where = $"{access.Operation} by '{access.ThreadName}' at {access.Top.Method} line {access.Top.Line}";
        Check(access.ThreadName == thread, run, $"{where}: expected thread '{thread}'");
        Check(access.Top.Method == method, run, $"{where}: expected method {method}");
        Check(access.Top.Line == line, run, $"{where}: expected line {line}");
    }

    /// <summary>The program's stdout, line by line (the CLI adds nothing to stdout).</summary>
    public static IReadOnlyList<string> OutputLines(SampleRun run) =>
        run.Process.StandardOutput.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();

    /// <summary>How many times <paramref name="value"/> occurs in <paramref name="text"/>.</summary>
    internal static int CountOf(string text, string value)
    {
        int count = 0;
        for (int at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
            count++;
        return count;
    }

    /// <summary>Fails with <paramref name="message"/> and the run's output unless <paramref name="condition"/> holds.</summary>
    internal static void Check(bool condition, SampleRun run, string message)
    {
        if (!condition)
            throw new XunitException($"{message}\n{run.Process}");
    }
}
