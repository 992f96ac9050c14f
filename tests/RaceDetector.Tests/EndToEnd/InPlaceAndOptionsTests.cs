using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>
/// <c>instrument --in-place</c> with stored runtime options, <c>RACEDETECTOR_OPTIONS</c> taking precedence over them,
/// <c>report</c> on the per-process files, and <c>restore</c>: on samples/LostUpdate, built into a temporary folder.
/// </summary>
public class InPlaceAndOptionsTests
{
    [Fact]
    public void In_place_app_reports_with_its_stored_options_until_restored()
    {
        using var temp = new TempDirectory("rd-inplace");
        string app = temp.File("app");
        var build = ProcessRunner.Dotnet(["build", Repo.Sample("LostUpdate"), "-o", app, "--nologo", "-v", "q"]);
        Assert.True(build.ExitCode == 0, build.ToString());
        var original = FolderSnapshot.Of(app);
        string reports = temp.File("reports");

        var instrument = ProcessRunner.Cli("instrument", app, "--in-place",
            "--runtime-options", $"json=\"{reports}/race-%p.json\" log=\"{reports}/race-%p.log\" exit_code=5");

        Assert.True(instrument.ExitCode == 0, instrument.ToString());
        Assert.Contains("instrumented LostUpdate.dll", instrument.StandardOutput);
        Assert.True(File.Exists(Path.Combine(app, "RaceDetector.Runtime.dll")));
        Assert.True(File.Exists(Path.Combine(app, "RaceDetector.Runtime.options")));

        // Started like any program: the options stored beside the runtime apply.
        Directory.CreateDirectory(reports);
        var stored = ProcessRunner.Dotnet([Path.Combine(app, "LostUpdate.dll")]);
        Assert.True(stored.ExitCode == 5, stored.ToString());
        string json = Assert.Single(Directory.GetFiles(reports, "race-*.json"));
        Assert.Single(RaceReportJson.Load(json).Races);
        Assert.Contains("WARNING: DATA RACE", File.ReadAllText(Path.ChangeExtension(json, ".log")));

        // The environment variable wins over the stored options; a bad option is a warning, not a failure.
        var fromEnvironment = ProcessRunner.Dotnet([Path.Combine(app, "LostUpdate.dll")],
            environment: new Dictionary<string, string> { ["RACEDETECTOR_OPTIONS"] = $"halt_on_error=maybe json={temp.File("env.json")}" });
        Assert.True(fromEnvironment.ExitCode == 66, fromEnvironment.ToString());
        Assert.Contains("RaceDetector: warning: RACEDETECTOR_OPTIONS: ignoring 'halt_on_error=maybe': unknown option or bad value", fromEnvironment.StandardError);
        Assert.Single(RaceReportJson.Load(temp.File("env.json")).Races);
        Assert.Single(Directory.GetFiles(reports, "race-*.json"));

        // `report` merges the per-process files and shows them like `test` does.
        var report = ProcessRunner.Cli("report", reports, "--json", temp.File("merged.json"));
        Assert.True(report.ExitCode == 66, report.ToString());
        Assert.Contains("WARNING: DATA RACE", report.StandardError);
        Assert.EndsWith("RaceDetector: 1 data race(s) in 0 test(s)", report.StandardError.TrimEnd());
        Assert.Single(RaceReportJson.Load(temp.File("merged.json")).Races);

        var restore = ProcessRunner.Cli("restore", app);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Equal(original, FolderSnapshot.Of(app));
        Assert.False(Directory.Exists(app + ".racedetector-backup"));
        Assert.StartsWith("nothing to restore", ProcessRunner.Cli("restore", app).StandardOutput);
    }

    [Theory]
    [InlineData(false, "racedetector: error: name the output folder with --output (or instrument the folder itself with --in-place)")]
    [InlineData(true, "racedetector: error: give either --output or --in-place, not both")]
    public void Instrument_needs_exactly_one_destination(bool both, string error)
    {
        string[] arguments = both ? ["instrument", Repo.Sample("LostUpdate"), "-o", "/tmp/x", "--in-place"] : ["instrument", Repo.Sample("LostUpdate")];

        var result = ProcessRunner.Cli(arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(error, result.StandardError.Trim());
    }
}
