using System.Collections.Concurrent;

namespace RaceDetector.Tests.Support;

/// <summary>A <c>racedetector test</c> run with <c>--json</c> and <c>--sarif</c>: the CLI's outcome and both reports.</summary>
public sealed record TestCommandRun(ProcessResult Process, RaceReportJson Report, string JsonPath, string SarifPath)
{
    /// <summary>Reports are kept for the whole test run: several tests read the same run.</summary>
    static readonly string ReportsRoot = Path.Combine(Path.GetTempPath(), "rd-test-runs-" + Environment.ProcessId);

    public static TestCommandRun Of(string target, params string[] extra)
    {
        string folder = Path.Combine(ReportsRoot, Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        string json = Path.Combine(folder, "races.json");
        string sarif = Path.Combine(folder, "races.sarif");
        var result = ProcessRunner.Cli(["test", target, "--json", json, "--sarif", sarif, .. extra]);
        if (!File.Exists(json))
            throw new InvalidOperationException($"no JSON report from racedetector test {target}: {result}");
        return new TestCommandRun(result, RaceReportJson.Load(json), json, sarif);
    }
}

/// <summary>
/// The Inventory test samples run once each under <c>racedetector test</c>, shared by the test classes that
/// read their outcome: the runs take seconds, the assertions none.
/// </summary>
public static class InventoryRuns
{
    public const string RacyTest = "Inventory.Tests.StockCounterTests.Unsynchronized_receive_from_two_threads";

    static readonly Lazy<TestCommandRun> s_v2 = new(() => TestCommandRun.Of(Repo.Sample("Inventory.XunitTests")));
    static readonly Lazy<TestCommandRun> s_v3 = new(() => TestCommandRun.Of(Repo.Sample("Inventory.XunitV3Tests")));

    /// <summary>The xunit v2 (VSTest) sample.</summary>
    public static TestCommandRun XunitV2 => s_v2.Value;

    /// <summary>The xunit.v3 sample: the same tests, in a self-hosting test executable.</summary>
    public static TestCommandRun XunitV3 => s_v3.Value;

    /// <summary>The racy line of the library under test.</summary>
    public static string LibrarySource => Path.Combine(Repo.Sample("Inventory"), "StockCounter.cs");

    public static int RacyLine => SourceMarkers.Line(LibrarySource, "// RACE: StockCounter._onHand");
}

/// <summary>
/// The test projects of tests/Programs, run once each under <c>racedetector test</c> and shared by the test classes that
/// read their outcome.
/// </summary>
public static class ProgramTestRuns
{
    static readonly ConcurrentDictionary<string, Lazy<TestCommandRun>> s_runs = new();

    /// <summary>The folder of the test project <paramref name="program"/>.</summary>
    public static string Folder(string program) => Path.Combine(Repo.Root, "tests", "Programs", program);

    /// <summary>The run of <paramref name="program"/>, made on first use.</summary>
    public static TestCommandRun Of(string program) =>
        s_runs.GetOrAdd(program, p => new Lazy<TestCommandRun>(() => TestCommandRun.Of(Folder(p)))).Value;
}
