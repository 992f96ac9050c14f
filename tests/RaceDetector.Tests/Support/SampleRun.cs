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
}
