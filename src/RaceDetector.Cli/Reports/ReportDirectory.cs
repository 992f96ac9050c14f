namespace RaceDetector.Cli.Reports;

/// <summary>
/// Where every instrumented process of one run (each test host) writes its own <c>race-PID.json</c>
/// and <c>race-PID.log</c>, as races are found: a test host killed right after the run loses nothing.
/// </summary>
internal sealed class ReportDirectory : IDisposable
{
    /// <summary>A fresh temporary folder, deleted on dispose.</summary>
    public ReportDirectory()
    {
        FullPath = Path.Combine(Path.GetTempPath(), $"racedetector-{Guid.NewGuid():N}");
        Directory.CreateDirectory(FullPath);
    }

    public string FullPath { get; }

    public string JsonPattern => Path.Combine(FullPath, "race-%p.json");

    public string LogPattern => Path.Combine(FullPath, "race-%p.log");

    public MergedReport Merge() => MergedReport.FromFolder(FullPath);

    public void Dispose()
    {
        if (Directory.Exists(FullPath))
            Directory.Delete(FullPath, recursive: true);
    }
}
