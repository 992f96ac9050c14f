namespace RaceDetector.Tests.Support;

/// <summary>A sample run through <c>racedetector run --json</c>: the CLI's outcome and the JSON report.</summary>
public sealed record SampleRun(ProcessResult Process, RaceReportJson Report, string Source)
{
    /// <summary>Builds and runs <c>samples/&lt;name&gt;</c> under the detector.</summary>
    public static SampleRun Of(string name, string configuration = "Debug", params string[] extra)
    {
        using var temp = new TempDirectory("rd-sample");
        string json = temp.File("report.json");
        var result = ProcessRunner.Cli(["run", Repo.Sample(name), "--json", json, "-c", configuration, .. extra]);
        if (!File.Exists(json))
            throw new InvalidOperationException($"no JSON report for sample {name}: {result}");
        return new SampleRun(result, RaceReportJson.Load(json), Path.Combine(Repo.Sample(name), "Program.cs"));
    }

    public int Line(string marker) => SourceMarkers.Line(Source, marker);

    /// <summary>Builds and runs the test program <c>tests/Programs/&lt;name&gt;</c> under the detector.</summary>
    public static SampleRun OfProgram(string name, params string[] extra)
    {
        using var temp = new TempDirectory("rd-program");
        string json = temp.File("report.json");
        string project = Path.Combine(Repo.Root, "tests", "Programs", name);
        var result = ProcessRunner.Cli(["run", project, "--json", json, .. extra]);
        if (!File.Exists(json))
            throw new InvalidOperationException($"no JSON report for program {name}: {result}");
        return new SampleRun(result, RaceReportJson.Load(json), Path.Combine(project, "Program.cs"));
    }
}
