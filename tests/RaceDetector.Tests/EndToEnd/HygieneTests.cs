using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>tests/Programs/Hygiene, built and instrumented once.</summary>
public sealed class HygieneProgram() : InstrumentedProgram("Hygiene");

/// <summary>
/// The runtime leaves the program's world alone: its culture, console encoding, working directory and
/// exceptions are what they are in a plain run, and nothing is written but the report files it was given.
/// </summary>
public class HygieneTests(HygieneProgram program) : IClassFixture<HygieneProgram>
{
    [Fact]
    public void Program_sees_the_same_culture_encoding_directory_and_exceptions_as_a_plain_run()
    {
        using var temp = new TempDirectory("rd-hygiene");
        var plain = program.RunPlain();
        var instrumented = program.RunInstrumented(temp.File("r.json"));

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.True(instrumented.ExitCode == 66, instrumented.ToString());
        Assert.Contains("same directory True", plain.StandardOutput);
        Assert.Contains("lock: CustomException 'in a lock' at Thrower.Throw", plain.StandardOutput);
        Assert.Contains("work item: CustomException 'in a work item' at Thrower.Throw", plain.StandardOutput);
        Assert.Equal(Lines(plain.StandardOutput), Lines(instrumented.StandardOutput));
        var race = Assert.Single(RaceReportJson.Load(temp.File("r.json")).Races);
        Assert.Equal("Value", race.Member);
    }

    [Fact]
    public void Runtime_writes_nothing_but_the_report_files_it_was_given()
    {
        using var temp = new TempDirectory("rd-hygiene");
        string[] folders = ["work", "tmp", "home"];
        foreach (var folder in folders)
            Directory.CreateDirectory(temp.File(folder));
        string app = Path.GetDirectoryName(program.InstrumentedAssembly)!;
        var appBefore = FolderSnapshot.Of(app);

        // Relative report paths: they are resolved against the working directory, which must hold them and nothing else.
        var run = ProcessRunner.Dotnet([program.InstrumentedAssembly], workingDirectory: temp.File("work"), environment: new Dictionary<string, string>
        {
            ["RACEDETECTOR_OPTIONS"] = "json=races.json log=races.log",
            ["TMPDIR"] = temp.File("tmp"),
            ["HOME"] = temp.File("home"),
        });

        Assert.True(run.ExitCode == 66, run.ToString());
        Assert.Equal(["races.json", "races.log"], Directory.GetFileSystemEntries(temp.File("work")).Select(Path.GetFileName).Order());
        Assert.Empty(Directory.GetFileSystemEntries(temp.File("tmp")));
        Assert.Empty(Directory.GetFileSystemEntries(temp.File("home")));
        Assert.Equal(appBefore, FolderSnapshot.Of(app));
        Assert.Single(RaceReportJson.Load(temp.File("work/races.json")).Races);
    }

    static string[] Lines(string output) => output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
}
