using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>tests/Programs/ProcessEnd, built and instrumented once.</summary>
public sealed class ProcessEndProgram() : InstrumentedProgram("ProcessEnd");

/// <summary>
/// Reports survive every way a process ends (return, <c>Environment.Exit</c>, an unhandled exception,
/// <c>FailFast</c>, SIGKILL): the JSON file holds the race and is valid JSON. Without a race the exit code is the
/// plain run's; with one it is 66 where exit handlers run, and the crash's own code where none do.
/// </summary>
public class ProcessEndTests(ProcessEndProgram program) : IClassFixture<ProcessEndProgram>
{
    [Theory]
    [InlineData("return", 5)]
    [InlineData("exit", 3)]
    [InlineData("throw", null)]
    [InlineData("fail-fast", null)]
    public void Without_a_race_the_exit_code_is_the_plain_runs(string ending, int? summaryExitCode)
    {
        var (plain, instrumented, report) = RunBoth(ending);

        Assert.NotEqual(0, plain.ExitCode);
        Assert.Equal(plain.ExitCode, instrumented.ExitCode);
        Assert.Empty(report.Races);
        // Exit handlers run on return and Exit; a crash leaves the exit code unknown (null).
        Assert.Equal(summaryExitCode, report.ExitCode);
    }

    [Theory]
    [InlineData("racy-return", 66)]
    [InlineData("racy-exit", 66)]
    [InlineData("racy-throw", null)]
    [InlineData("racy-fail-fast", null)]
    public void After_a_race_the_report_holds_it_however_the_process_ends(string scenario, int? exitCode)
    {
        var (plain, instrumented, report) = RunBoth(scenario);

        Assert.Contains("raced", instrumented.StandardOutput);
        Assert.Equal(exitCode ?? plain.ExitCode, instrumented.ExitCode);
        AssertTheRace(report);
        Assert.Equal(exitCode, report.ExitCode);
    }

    [Fact]
    public void Killed_after_a_race_the_report_holds_it()
    {
        using var temp = new TempDirectory("rd-end");
        using var process = program.StartInstrumented(temp.File("r.json"), "racy-wait");
        try
        {
            // The race is written when it is found, before the program says it is waiting.
            for (string? line = ""; line != "waiting";)
                line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the program ended: " + process.StandardError.ReadToEnd());
        }
        finally
        {
            process.Kill(); // SIGKILL on Unix: nothing runs in the process after it
            process.WaitForExit();
        }

        AssertTheRace(RaceReportJson.Load(temp.File("r.json")));
        Assert.Equal(["r.json"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("exit", 3)]
    [InlineData("racy-exit", 66)]
    public void Run_command_keeps_the_exit_code_or_makes_it_66(string scenario, int exitCode)
    {
        using var temp = new TempDirectory("rd-end");

        var run = ProcessRunner.Cli("run", program.PlainAssembly, "--json", temp.File("r.json"), "--", scenario);

        Assert.True(run.ExitCode == exitCode, run.ToString());
        Assert.Equal(exitCode, RaceReportJson.Load(temp.File("r.json")).ExitCode);
    }

    /// <summary>Runs <paramref name="scenario"/> plain and instrumented; the report is read back (so it is valid JSON).</summary>
    (ProcessResult Plain, ProcessResult Instrumented, RaceReportJson Report) RunBoth(string scenario)
    {
        using var temp = new TempDirectory("rd-end");
        var plain = program.RunPlain(scenario);
        var instrumented = program.RunInstrumented(temp.File("r.json"), scenario);
        return (plain, instrumented, RaceReportJson.Load(temp.File("r.json")));
    }

    void AssertTheRace(RaceReportJson report)
    {
        var race = Assert.Single(report.Races);
        Assert.Equal(("Data", "Value", "write-write"), (race.Type, race.Member, race.Kind));
        int line = SourceMarkers.Line(program.Source, "// RACE: Value");
        Assert.Equal((line, line), race.Lines);
    }
}
