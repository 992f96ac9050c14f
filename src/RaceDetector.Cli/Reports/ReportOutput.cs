namespace RaceDetector.Cli.Reports;

/// <summary>Shows a merged report: the text reports on stderr, the JSON and SARIF files, and the summary line.</summary>
internal static class ReportOutput
{
    /// <summary>
    /// Publishes <paramref name="report"/> and returns the exit code: <see cref="RaceSettings.ExitCode"/> on races, else
    /// <paramref name="exitCodeWithoutRaces"/>. With <paramref name="msbuildErrors"/>, each race first gets an MSBuild
    /// error line, and the text reports lose their "WARNING: DATA RACE" header, which MSBuild would count as a warning.
    /// </summary>
    public static int Publish(MergedReport report, RaceSettings settings, int exitCodeWithoutRaces, bool msbuildErrors = false)
    {
        int exitCode = report.Races.Count > 0 ? settings.ExitCode : exitCodeWithoutRaces;
        if (msbuildErrors)
            MsBuildErrors.Print(report.Races);
        foreach (var text in report.Texts)
            Console.Error.WriteLine(msbuildErrors ? MsBuildErrors.WithoutWarningHeaders(text) : text);
        if (settings.JsonPath is { } json)
        {
            JsonFiles.WriteAtomically(json, report.ToJson(exitCode));
            Console.Error.WriteLine($"RaceDetector: JSON report: {Path.GetFullPath(json)}");
        }
        WriteSarif(report.Races, settings);
        Console.Error.WriteLine(report.SummaryLine);
        return exitCode;
    }

    /// <summary>Writes the SARIF file, when asked for one.</summary>
    public static void WriteSarif(IReadOnlyList<System.Text.Json.Nodes.JsonObject> races, RaceSettings settings)
    {
        if (settings.SarifPath is not { } sarif)
            return;
        SarifReport.Write(sarif, races, settings.SourceRoot);
        Console.Error.WriteLine($"RaceDetector: SARIF report: {Path.GetFullPath(sarif)}");
    }
}
