using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>
/// Report paths are checked before anything is built or run: a run must never find races and then lose them
/// because its <c>--json</c> or <c>--sarif</c> file cannot be written.
/// </summary>
public class ReportPathTests
{
    static string LostUpdate => Path.Combine(Repo.Root, "samples", "LostUpdate");

    public static TheoryData<string, string> Unwritable => new()
    {
        { "--json", "under a file" },
        { "--sarif", "under a file" },
        { "--json", "a folder" },
        { "--sarif", "a folder" },
    };

    [Theory]
    [MemberData(nameof(Unwritable))]
    public void An_unwritable_report_path_is_refused_before_the_program_runs(string option, string where)
    {
        using var temp = new TempDirectory("rd-report-path");
        string file = temp.File("plain.txt");
        File.WriteAllText(file, "not a folder");
        string report = where == "a folder" ? temp.Path : Path.Combine(file, "report.json");

        var cli = ProcessRunner.Cli("run", LostUpdate, option, report);

        Assert.True(cli.ExitCode == 2, $"expected exit code 2 (bad input)\n{cli}");
        var lines = cli.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr\n{cli}");
        Assert.StartsWith($"racedetector: error: {report}: cannot write the report", lines[0]);
        Assert.DoesNotContain("count =", cli.StandardOutput); // the program never ran
        Assert.Equal("not a folder", File.ReadAllText(file));
    }

    [Fact]
    public void A_report_in_a_folder_that_does_not_exist_yet_is_written_there_with_its_race()
    {
        using var temp = new TempDirectory("rd-report-path");
        string json = Path.Combine(temp.Path, "new", "nested", "races.json");

        var cli = ProcessRunner.Cli("run", LostUpdate, "--json", json);

        Assert.True(cli.ExitCode == 66, cli.ToString());
        var report = RaceReportJson.Load(json);
        Assert.Equal(1, report.SummaryRaces);
        Assert.Equal("count", Assert.Single(report.Races).Member);
        Assert.Equal(["races.json"], Directory.GetFiles(Path.GetDirectoryName(json)!).Select(Path.GetFileName));
    }
}
