using RaceDetector.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>tests/Programs/Stress, built and instrumented once.</summary>
public sealed class StressProgram() : InstrumentedProgram("Stress");

/// <summary>
/// Heavy race-free work under the detector: no report, no deadlock, the plain run's results, and objects with
/// shadow state collected like any others.
/// </summary>
public class StressTests(StressProgram program, ITestOutputHelper output) : IClassFixture<StressProgram>
{
    [Fact]
    public void Sixty_four_threads_under_locks_end_in_the_plain_state_with_no_report()
    {
        using var temp = new TempDirectory("rd-stress");
        var plain = program.RunPlain("locks");
        var instrumented = program.RunInstrumented(temp.File("r.json"), "locks");

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.True(instrumented.ExitCode == 0, instrumented.ToString());
        Assert.StartsWith("monitor 320000 lock ", plain.StandardOutput);
        Assert.Equal(plain.StandardOutput, instrumented.StandardOutput);
        var report = RaceReportJson.Load(temp.File("r.json"));
        Assert.Empty(report.Races);
        Assert.True(report.Threads > 64, $"threads seen: {report.Threads}");
    }

    [Fact]
    public void Objects_with_shadow_state_are_collected()
    {
        using var temp = new TempDirectory("rd-stress");
        var run = program.RunInstrumented(temp.File("r.json"), "collect");
        output.WriteLine(run.StandardOutput.Trim());

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(RaceReportJson.Load(temp.File("r.json")).Races);
        // Every sampled object, array and lock, the last ones the main thread touched included, was collected.
        Assert.Matches(@"(?m)^alive 0 of \d+$", run.StandardOutput);
        // A million objects kept alive would hold over 100 MB; what stays is the detector's own bookkeeping.
        long retainedKB = long.Parse(run.StandardOutput.Split('\n').Single(l => l.StartsWith("retainedKB ", StringComparison.Ordinal))[11..]);
        Assert.True(retainedKB < 8 * 1024, $"{retainedKB} KB above the baseline after collection");
    }
}
