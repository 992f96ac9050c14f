using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

public class StaticConstructorTests
{
    [Fact]
    public void Static_constructor_effects_are_ordered_before_every_use_of_the_type_and_nothing_else()
    {
        var run = SampleRun.OfProgram("StaticInit");

        // The deliberate race on Late.Value and the write before Unrelated's constructor; nothing from Settings' constructor.
        Assert.Equal(["Seen", "Value"], run.Report.Races.Select(r => r.Member).Order());
        foreach (var race in run.Report.Races)
        {
            var racyLines = SourceMarkers.Lines(run.Source, "RACE: " + race.Member);
            Assert.Equal(racyLines.Order(), new[] { race.Current.Top.Line, race.Previous.Top.Line }.Order());
        }
        Assert.Equal("static-field", run.Report.Races.Single(r => r.Member == "Value").LocationKind);
        Assert.Equal(66, run.Process.ExitCode);
        Assert.Equal(3, run.Process.StandardOutput.Split('\n').Count(l => l.Trim() == "50"));
    }
}

public class FaultInjectionTests
{
    [Fact]
    public void Internal_fault_turns_detection_off_with_one_warning_and_the_program_finishes()
    {
        using var temp = new TempDirectory();
        string project = Path.Combine(Repo.Root, "tests", "Programs", "FaultInjection");
        var build = ProcessRunner.Dotnet(["build", project, "-o", temp.File("app"), "--nologo", "-v", "q"]);
        Assert.True(build.ExitCode == 0, build.ToString());
        var instrument = ProcessRunner.Cli("instrument", temp.File("app"), "-o", temp.File("out"));
        Assert.True(instrument.ExitCode == 0, instrument.ToString());

        var run = ProcessRunner.Dotnet([temp.File("out/FaultInjection.dll")],
            environment: new Dictionary<string, string> { ["RACEDETECTOR_OPTIONS"] = $"inject_fault_after=1 json={temp.File("r.json")}" });

        Assert.Equal(3, run.ExitCode); // the program's own exit code: no race could be reported
        Assert.Equal("finished", run.StandardOutput.Trim());
        var warnings = run.StandardError.Split('\n').Where(l => l.Contains("internal error")).ToList();
        var warning = Assert.Single(warnings);
        Assert.Contains("race detection is off", warning);
        Assert.DoesNotContain("   at ", run.StandardError); // no stack dump
        Assert.Empty(RaceReportJson.Load(temp.File("r.json")).Races);
    }
}

public class RunCommandInputTests
{
    [Fact]
    public void Project_that_fails_to_build_gets_one_line_and_a_non_zero_exit()
    {
        var result = ProcessRunner.Cli("run", Path.Combine(Repo.Root, "tests", "Programs", "BuildFailure"));

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("racedetector: error: ", line);
        Assert.Contains("BuildFailure.csproj: build failed", line);
        Assert.Contains("undefinedVariable", line);
    }

    [Fact]
    public void Missing_target_gets_one_line_and_a_non_zero_exit()
    {
        var result = ProcessRunner.Cli("run", "/no/such/app.dll");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("racedetector: error: /no/such/app.dll: no such file or folder", result.StandardError.Trim());
    }
}
