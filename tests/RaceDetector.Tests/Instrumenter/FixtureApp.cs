using System.Reflection;
using RaceDetector.Instrumenter;
using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.Instrumenter;

/// <summary>
/// The IL fixture app (tests/RaceDetector.Tests.Fixtures): where its build output is, how to instrument
/// it, and how to run it and compare a plain run with an instrumented one scenario by scenario.
/// </summary>
internal static class FixtureApp
{
    public const string AssemblyName = "RaceDetector.Tests.Fixtures";

    /// <summary>The fixture as built with the solution (same configuration as the tests), recorded at build time.</summary>
    public static string DebugAssembly { get; } = FindBuiltAssembly();

    public static string BuiltDirectory => Path.GetDirectoryName(DebugAssembly)!;

    public static string ProjectDirectory => Path.Combine(Repo.Root, "tests", AssemblyName);

    public static string ProjectFile => Path.Combine(ProjectDirectory, AssemblyName + ".csproj");

    public static string Source(string relativePath) => Path.Combine(ProjectDirectory, relativePath);

    public static string AssemblyIn(string directory) => Path.Combine(directory, AssemblyName + ".dll");

    /// <summary>A copy of the fixture's build folder in <c>app</c> under <paramref name="directory"/>, to change or spoil.</summary>
    public static string CopyBuild(string directory)
    {
        string app = Path.Combine(directory, "app");
        Directory.CreateDirectory(app);
        foreach (var file in Directory.GetFiles(BuiltDirectory))
            File.Copy(file, Path.Combine(app, Path.GetFileName(file)));
        return app;
    }

    /// <summary>Instruments the fixture's folder (only the fixture assembly itself) in process.</summary>
    public static InstrumentResult Instrument(string inputDirectory, string outputDirectory) =>
        AppInstrumenter.Instrument(inputDirectory, outputDirectory, new InstrumentOptions { Include = [AssemblyName] });

    /// <summary>Runs the fixture with <c>dotnet exec</c>; <paramref name="scenarios"/> limits the run to those names.</summary>
    public static ProcessResult Run(string assembly, string? jsonReport = null, IEnumerable<string>? scenarios = null)
    {
        var environment = new Dictionary<string, string>();
        if (jsonReport is not null)
            environment["RACEDETECTOR_OPTIONS"] = "json=" + jsonReport;
        return ProcessRunner.Dotnet(["exec", assembly, .. scenarios ?? []], workingDirectory: Path.GetDirectoryName(assembly),
            environment: environment, timeout: TimeSpan.FromMinutes(5));
    }

    /// <summary>
    /// Runs the plain and the instrumented fixture and asserts identical stdout, exit code 0 and zero races.
    /// When the instrumented process dies part way, the scenario it died in is recorded and both runs are
    /// repeated without it (scenarios share static state, so both sides always run the same list), so the
    /// failure lists every broken scenario rather than only the first.
    /// </summary>
    public static void AssertSameBehaviour(string plainAssembly, string instrumentedAssembly, string workDirectory)
    {
        var plain = Run(plainAssembly);
        Assert.True(plain.ExitCode == 0, "the plain fixture itself failed: " + plain);
        var all = ScenarioLines(plain.StandardOutput).Keys.ToList();
        Assert.True(all.Count > 50, "the plain fixture printed too few scenarios: " + plain);
        Assert.Matches(@"^done: \d+ scenarios, 0 threw$", plain.StandardOutput.TrimEnd().Split('\n')[^1]);

        string json = Path.Combine(workDirectory, "races.json");
        var instrumented = Run(instrumentedAssembly, json);
        var firstInstrumented = instrumented;
        var problems = new List<string>();
        var crashed = new List<string>();
        var expectedRun = plain;
        string lastJson = json;
        for (int attempt = 0; attempt < 20; attempt++)
        {
            var expected = ScenarioLines(expectedRun.StandardOutput);
            var actual = ScenarioLines(instrumented.StandardOutput);
            string? died = null;
            foreach (var (name, line) in expected)
            {
                if (!actual.TryGetValue(name, out var got))
                {
                    died = name;
                    break;
                }
                if (got != line && !problems.Any(p => p.StartsWith($"[{name}]", StringComparison.Ordinal)))
                    problems.Add($"[{name}] expected '{line}', instrumented printed '{got}'");
            }
            if (died is null)
                break;
            problems.Add($"[{died}] instrumented process died (exit {instrumented.ExitCode}): {FirstLines(instrumented.StandardError, 4)}");
            crashed.Add(died);
            var rest = all.Except(crashed).ToList();
            expectedRun = Run(plainAssembly, null, rest);
            lastJson = Path.Combine(workDirectory, $"retry{attempt}.json");
            instrumented = Run(instrumentedAssembly, lastJson, rest);
        }

        Assert.True(problems.Count == 0,
            $"{problems.Count} scenario(s) behave differently when instrumented:\n  " + string.Join("\n  ", problems)
            + (crashed.Count > 0 ? $"\n(after a crash, the remaining scenarios were re-run plain and instrumented without: {string.Join(", ", crashed)})" : "")
            + (File.Exists(lastJson) ? $"\nraces reported in the last instrumented run: {RaceReportJson.Load(lastJson).SummaryRaces}" : ""));
        instrumented = firstInstrumented;
        Assert.True(instrumented.StandardOutput == plain.StandardOutput, "stdout differs outside scenario lines:\n" + instrumented);
        Assert.True(instrumented.ExitCode == 0, "instrumented fixture exit code: " + instrumented);
        Assert.DoesNotContain("internal error", instrumented.StandardError);

        Assert.True(File.Exists(json), "the instrumented fixture wrote no JSON report: " + instrumented);
        var report = RaceReportJson.Load(json);
        Assert.True(report.SummaryRaces == 0,
            $"{report.SummaryRaces} race(s) reported in a single-threaded (fork/join only) program:\n  "
            + string.Join("\n  ", report.Races.Select(r => $"{r.Kind} on {r.Display} at {r.Current.Top.Method}:{r.Current.Top.Line} / {r.Previous.Top.Method}:{r.Previous.Top.Line}")));
        Assert.Equal(0, report.ExitCode);
    }

    /// <summary>Scenario name to its whole output line, for lines shaped <c>name: result</c>.</summary>
    public static Dictionary<string, string> ScenarioLines(string output)
    {
        var lines = new Dictionary<string, string>();
        foreach (var line in output.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            int colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0 && !line.StartsWith("done: ", StringComparison.Ordinal))
                lines.TryAdd(line[..colon], line);
        }
        return lines;
    }

    public static string FirstLines(string text, int count) =>
        string.Join(" | ", text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Take(count));

    static string FindBuiltAssembly()
    {
        string? path = typeof(FixtureApp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == AssemblyName)?.Value;
        if (string.IsNullOrEmpty(path))
            throw new InvalidOperationException("the test assembly does not record the fixture's build output (RecordFixtureAssemblyPath target)");
        if (!File.Exists(path))
            throw new InvalidOperationException($"{path}: the fixture app is not built; build RaceDetector.sln first");
        return path;
    }
}
