using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>
/// <c>racedetector test</c> on real test projects (samples/Inventory.XunitTests on xunit v2, samples/Inventory.XunitV3Tests
/// on xunit.v3, tests/Programs/FailingTests, NUnitTests and MSTestTests): the race, the test on each side, the exit codes,
/// suppressions. Which tests are ordered with which is in <see cref="TestOrderTests"/>.
/// </summary>
public class TestCommandTests
{
    public static TheoryData<string> Frameworks => new() { "v2", "v3" };

    static TestCommandRun Run(string framework) => framework == "v2" ? InventoryRuns.XunitV2 : InventoryRuns.XunitV3;

    [Theory]
    [MemberData(nameof(Frameworks))]
    public void Racy_test_is_named_on_both_sides_with_exact_lines_and_exit_code_66(string framework)
    {
        var run = Run(framework);

        Assert.True(run.Process.ExitCode == 66, run.Process.ToString());
        var race = Assert.Single(run.Report.Races);
        Assert.Equal("Inventory.StockCounter._onHand", race.Display);
        Assert.Equal("write-write", race.Kind);
        foreach (var side in new[] { race.Current, race.Previous })
        {
            Assert.Equal(InventoryRuns.RacyTest, side.Test);
            Assert.Equal("Inventory.StockCounter.ReceiveUnsynchronized(Int32)", side.Top.Method);
            Assert.Equal(Path.GetFullPath(InventoryRuns.LibrarySource), Path.GetFullPath(side.Top.File!));
            Assert.Equal(InventoryRuns.RacyLine, side.Top.Line);
        }
        Assert.Equal(["receiver-1", "receiver-2"], new[] { race.Current.ThreadName, race.Previous.ThreadName }.Order());
        Assert.Equal([InventoryRuns.RacyTest], run.Report.Tests);
        Assert.Equal(66, run.Report.ExitCode);
    }

    [Theory]
    [MemberData(nameof(Frameworks))]
    public void Output_has_the_test_run_the_text_report_with_its_test_and_the_summary_line(string framework)
    {
        var run = Run(framework);

        Assert.Contains("Passed!  - Failed:     0, Passed:     6", run.Process.StandardOutput);
        Assert.Contains($"(in test {InventoryRuns.RacyTest}):", run.Process.StandardError);
        Assert.Contains($"StockCounter.cs:line {InventoryRuns.RacyLine}", run.Process.StandardError);
        Assert.EndsWith("RaceDetector: 1 data race(s) in 1 test(s)", run.Process.StandardError.TrimEnd());
        // Stacks end at the outermost instrumented frame, not in the test framework's dozens of frames.
        Assert.DoesNotContain("Xunit.Sdk", run.Process.StandardError);
    }

    [Theory]
    [InlineData("Inventory.XunitTests")]
    [InlineData("Inventory.XunitV3Tests")]
    public void With_the_racy_test_filtered_out_the_run_is_clean_and_exits_0(string sample)
    {
        var run = TestCommandRun.Of(Repo.Sample(sample), "--", "--filter", "FullyQualifiedName!~Unsynchronized");

        Assert.True(run.Process.ExitCode == 0, run.Process.ToString());
        Assert.Empty(run.Report.Races);
        Assert.Contains("Passed!  - Failed:     0, Passed:     5", run.Process.StandardOutput);
        Assert.EndsWith("RaceDetector: 0 data race(s) in 0 test(s)", run.Process.StandardError.TrimEnd());
    }

    [Fact]
    public void A_suppressed_race_is_counted_and_the_run_exits_0()
    {
        using var temp = new TempDirectory("rd-supp");
        File.WriteAllLines(temp.File("races.supp"), ["# the counter is fuzzy by design", "race_top:Inventory.StockCounter.ReceiveUnsynchronized"]);

        var run = TestCommandRun.Of(Repo.Sample("Inventory.XunitTests"), "--suppressions", temp.File("races.supp"));

        Assert.True(run.Process.ExitCode == 0, run.Process.ToString());
        Assert.Empty(run.Report.Races);
        Assert.Equal(1, run.Report.Suppressed);
        Assert.EndsWith("RaceDetector: 0 data race(s) in 0 test(s), 1 suppressed", run.Process.StandardError.TrimEnd());
    }

    [Fact]
    public void Failing_tests_without_races_give_the_test_runs_exit_code()
    {
        var run = TestCommandRun.Of(FailingTests, "--", "--filter", "FullyQualifiedName~Fails");

        Assert.True(run.Process.ExitCode == 1, run.Process.ToString());
        Assert.Empty(run.Report.Races);
        Assert.Contains("Failed!  - Failed:     1", run.Process.StandardOutput);
    }

    [Fact]
    public void Races_win_over_test_failures_and_exit_code_is_configurable()
    {
        var run = TestCommandRun.Of(FailingTests, "--exit-code", "9");

        Assert.True(run.Process.ExitCode == 9, run.Process.ToString());
        var race = Assert.Single(run.Report.Races);
        Assert.Equal("FailingTests.Tests.s_shared", race.Display);
        Assert.Equal(SourceMarkers.Line(Path.Combine(FailingTests, "Tests.cs"), "// RACE: s_shared"), race.Current.Top.Line);
        Assert.Equal("FailingTests.Tests.Races", race.Current.Test);
        Assert.Equal(9, run.Report.ExitCode);
    }

    [Fact]
    public void Halt_on_error_stops_the_test_host_and_the_race_written_before_survives()
    {
        var run = TestCommandRun.Of(FailingTests, "--halt-on-error", "--", "--filter", "FullyQualifiedName~Races");

        Assert.True(run.Process.ExitCode == 66, run.Process.ToString());
        var race = Assert.Single(run.Report.Races);
        Assert.Equal("FailingTests.Tests.s_shared", race.Display);
    }

    [Fact]
    public void A_solution_runs_every_test_project_and_merges_their_reports()
    {
        using var temp = new TempDirectory("rd-sln");
        Assert.Equal(0, ProcessRunner.Dotnet(["new", "sln", "-n", "Both", "-o", temp.Path]).ExitCode);
        string solution = Directory.GetFiles(temp.Path, "Both.sln*").Single();
        var add = ProcessRunner.Dotnet(["sln", solution, "add",
            Path.Combine(Repo.Sample("Inventory.XunitTests"), "Inventory.XunitTests.csproj"),
            Path.Combine(Repo.Sample("Inventory.XunitV3Tests"), "Inventory.XunitV3Tests.csproj")]);
        Assert.True(add.ExitCode == 0, add.ToString());

        var run = TestCommandRun.Of(solution);

        Assert.True(run.Process.ExitCode == 66, run.Process.ToString());
        Assert.Contains("Inventory.XunitTests.dll", run.Process.StandardOutput);
        Assert.Contains("Inventory.XunitV3Tests.dll", run.Process.StandardOutput);
        // The same race in both test assemblies has the same stable id: reported once.
        var race = Assert.Single(run.Report.Races);
        Assert.Equal(InventoryRuns.RacyTest, race.Current.Test);
    }

    [Theory]
    [InlineData("NUnitTests")]
    [InlineData("MSTestTests")]
    public void NUnit_and_MSTest_tests_are_named_too(string program)
    {
        var run = ProgramTestRuns.Of(program);

        Assert.True(run.Process.ExitCode == 66, run.Process.ToString());
        var race = Assert.Single(run.Report.On("_count"));
        Assert.Equal($"{program}.CounterTests._count", race.Display);
        int line = SourceMarkers.Line(Path.Combine(ProgramTestRuns.Folder(program), "Tests.cs"), "// RACE: _count");
        Assert.Equal((line, line), race.Lines);
        Assert.Equal($"{program}.CounterTests.Racy_increments", race.Current.Test);
        Assert.Equal($"{program}.CounterTests.Racy_increments", race.Previous.Test);
        Assert.Contains($"(in test {program}.CounterTests.Racy_increments):", run.Process.StandardError);
    }

    static string FailingTests => Path.Combine(Repo.Root, "tests", "Programs", "FailingTests");
}
