using Xunit.Sdk;
using static RaceDetector.Tests.Support.SampleAssert;

namespace RaceDetector.Tests.Support;

/// <summary>
/// A test program of <c>tests/Programs</c> that runs one scenario per process (the scenario name is its first
/// argument). Used as a class fixture: each configuration is built once (<see cref="ProgramBuilds"/>), and every
/// scenario runs that build with <c>racedetector run app.dll --json FILE -- scenario</c>.
/// </summary>
public abstract class ScenarioProgram : IDisposable
{
    readonly ProgramBuilds _builds;
    readonly HashSet<string> _prepared = new();

    protected ScenarioProgram(string name) => _builds = new ProgramBuilds(name);

    public string Name => _builds.Name;

    public string Project => _builds.Project;

    /// <summary>
    /// Runs <paramref name="scenario"/> of the <paramref name="configuration"/> build under the detector, with more
    /// <c>racedetector run</c> <paramref name="options"/> (an <c>--exclude</c>) if given.
    /// </summary>
    public SampleRun Run(string scenario, string configuration = "Debug", params string[] options)
    {
        string app = App(configuration);
        using var temp = new TempDirectory("rd-scenario");
        string json = temp.File("report.json");
        var result = ProcessRunner.Cli(["run", app, "--json", json, .. options, "--", scenario]);
        if (!File.Exists(json))
            throw new XunitException($"no JSON report for {Name} {scenario} ({configuration}): {result}");
        return new SampleRun(result, RaceReportJson.Load(json), Path.Combine(Project, "Program.cs"));
    }

    /// <summary>Runs <paramref name="scenario"/> of the <paramref name="configuration"/> build without the detector.</summary>
    public ProcessResult RunPlain(string scenario, string configuration = "Debug")
    {
        string app = App(configuration);
        return ProcessRunner.Dotnet(["exec", app, scenario], workingDirectory: Path.GetDirectoryName(app));
    }

    /// <summary>The program's assembly as built (once) in <paramref name="configuration"/>, after <see cref="AfterBuild"/>.</summary>
    public string App(string configuration)
    {
        string app = _builds.Assembly(configuration, "build", "-c", configuration);
        lock (_prepared)
        {
            if (_prepared.Add(configuration))
                AfterBuild(app);
        }
        return app;
    }

    /// <summary>Changes the built assembly before any scenario runs it (say, IL that C# cannot write).</summary>
    protected virtual void AfterBuild(string app)
    {
    }

    public void Dispose() => _builds.Dispose();
}

/// <summary>Assertions on scenario runs whose sides may be logical threads (tasks, work items, continuations...).</summary>
public static class ScenarioAssert
{
    /// <summary>
    /// The scenario reported exactly one race, on <paramref name="member"/> of <paramref name="type"/>, exit code 66:
    /// both sides are the lines marked <c>// RACE: member (operation)</c> in Program.cs, each with the marked
    /// operation; the sides ran on two different threads of execution, of the kinds in
    /// <paramref name="threadKinds"/> when given (see <see cref="ThreadKind"/>), in either order.
    /// The program ran to its end (it printed a line starting with <paramref name="scenario"/>). A null
    /// <paramref name="type"/> accepts any type (a closure class, whose name the compiler picks).
    /// </summary>
    public static void Racy(SampleRun run, string scenario, string member, string[]? threadKinds = null,
        string? type = "Data", string locationKind = "static-field")
    {
        Check(run.Report.Races.Count == 1, run,
            $"expected one race (on {member}), got {run.Report.Races.Count}: " + string.Join(", ", run.Report.Races.Select(Describe)));
        var race = run.Report.Races[0];
        Check(race.Member == member, run, $"expected the race on {member}, got {Describe(race)}");
        Check(run.Process.ExitCode == 66, run, $"expected exit code 66 from the CLI, got {run.Process.ExitCode}");
        Check(run.Report.ExitCode == 66, run, $"expected exit code 66 in the JSON summary, got {run.Report.ExitCode}");
        Check(run.Report.SummaryRaces == 1, run, $"JSON summary counts {run.Report.SummaryRaces} race(s)");
        Check(run.Process.StandardError.Contains("RaceDetector: 1 data race(s) reported"), run, "stderr lacks the final summary");
        Check(SampleAssert.OutputLines(run).Any(l => l.StartsWith(scenario + " ", StringComparison.Ordinal)), run,
            $"the program did not print its '{scenario} ...' line");

        Check(race.LocationKind == locationKind, run, $"location kind {race.LocationKind}, expected {locationKind}");
        Check(type is null || race.Type == type, run, $"type {race.Type}, expected {type}");
        Check(race.Display == $"{race.Type}.{member}", run, $"display {race.Display}");
        Check(race.Kind == $"{race.Previous.Operation}-{race.Current.Operation}", run, $"kind {race.Kind} does not match its sides");
        Check(!race.Current.Volatile && !race.Previous.Volatile, run, "a side is marked volatile");

        var marked = Markers(run.Source, member);
        Check(marked.Count is 1 or 2, run, $"test bug: {marked.Count} lines marked 'RACE: {member}'");
        foreach (var side in new[] { race.Current, race.Previous })
        {
            string where = $"{side.Operation} at {side.Top.Method} line {side.Top.Line}";
            Check(side.Top.File is { } file && Path.GetFullPath(file) == Path.GetFullPath(run.Source), run, $"{where}: not in {run.Source}");
            Check(marked.TryGetValue(side.Top.Line, out var operation), run,
                $"{where}: not a line marked 'RACE: {member}' ({string.Join(", ", marked.Keys)})");
            Check(operation == side.Operation, run, $"{where}: the line is marked as a {operation}");
        }
        var lines = new[] { race.Current.Top.Line, race.Previous.Top.Line }.ToHashSet();
        Check(lines.SetEquals(marked.Keys), run, $"the sides are at lines {string.Join(", ", lines)}, marked are {string.Join(", ", marked.Keys)}");

        var (current, previous) = Threads(run, member);
        Check(current != previous, run, $"both sides on '{current}'");
        if (threadKinds is not null)
        {
            var kinds = new[] { ThreadKind(current), ThreadKind(previous) }.Order().ToList();
            Check(kinds.SequenceEqual(threadKinds.Order()), run,
                $"the sides ran on '{current}' and '{previous}', expected kinds {string.Join(" and ", threadKinds)}");
        }
    }

    /// <summary>
    /// The kind of a thread as the text report describes it: "main" (<c>thread 1 (main)</c>), "thread" (another
    /// OS thread), or the logical kind ("task", "continuation", "work item", "parallel body", "parallel source",
    /// "timer callback", "async continuation") of <c>task #3 on thread 7</c>.
    /// </summary>
    public static string ThreadKind(string description)
    {
        int hash = description.IndexOf(" #", StringComparison.Ordinal);
        if (hash > 0)
            return description[..hash];
        return description == "thread 1 (main)" ? "main" : "thread";
    }

    /// <summary>The threads of execution of the current and previous access of the text report on <paramref name="member"/>.</summary>
    static (string Current, string Previous) Threads(SampleRun run, string member)
    {
        var lines = run.Process.StandardError.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        string? current = null, previous = null;
        foreach (var line in lines)
        {
            if (current is null && (line.StartsWith("Read of ", StringComparison.Ordinal) || line.StartsWith("Write of ", StringComparison.Ordinal))
                && line.Contains($".{member} (", StringComparison.Ordinal))
                current = Between(line, ") by ");
            else if (previous is null && line.StartsWith("Previous ", StringComparison.Ordinal) && line.Contains($".{member} by ", StringComparison.Ordinal))
                previous = Between(line, $".{member} by ");
        }
        Check(current is not null && previous is not null, run, $"no text report on {member} on stderr");
        return (current!, previous!);

        static string Between(string line, string after)
        {
            int start = line.IndexOf(after, StringComparison.Ordinal) + after.Length;
            return line[start..^1]; // drops the trailing ':'
        }
    }

    /// <summary>Lines marked <c>// RACE: member (operation)</c>, with their operations.</summary>
    static Dictionary<int, string> Markers(string source, string member)
    {
        var result = new Dictionary<int, string>();
        var lines = File.ReadAllLines(source);
        for (int i = 0; i < lines.Length; i++)
        {
            foreach (var operation in new[] { "read", "write" })
                if (lines[i].TrimEnd().EndsWith($"// RACE: {member} ({operation})", StringComparison.Ordinal))
                    result.Add(i + 1, operation);
        }
        return result;
    }

    static string Describe(Race race) => $"{race.Kind} on {race.Display} (lines {race.Lines})";
}
