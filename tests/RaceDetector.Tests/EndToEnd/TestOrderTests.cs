using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>
/// <c>racedetector test</c> orders the tests a framework runs one after another, and no others. Each racy pair below
/// writes after an await, whose continuation is a logical thread of its own, and runs one after the other in real
/// time only: the race is reported whatever the timing, because no serial group holds both tests, and would be
/// hidden if one did.
/// <list type="bullet">
/// <item>tests/Programs/SerialTests (xunit v2) and SerialTestsV3 (xunit.v3): async tests of one class, async setup and
/// teardown, two classes of one collection sharing an async collection fixture do not race, although each await
/// resumes on another thread and xunit awaits the tests in code that is not instrumented; the same write from tests
/// of two collections, which xunit runs in parallel, does.</item>
/// <item>tests/Programs/NUnitTests: fixtures whose tests run one at a time do not race (no attribute, <c>[Parallelizable]</c>
/// alone, <c>[NonParallelizable]</c> under a parallel namespace); tests of a <c>ParallelScope.Children</c> fixture,
/// of a fixture that inherits it from a <c>[SetUpFixture]</c>, and of one fixture type built twice do.</item>
/// <item>tests/Programs/MSTestTests (<c>ExecutionScope.ClassLevel</c>): async tests of one class do not race; tests of two
/// classes do.</item>
/// <item>tests/Programs/MSTestMethodLevel (<c>ExecutionScope.MethodLevel</c>): two methods of one class race.</item>
/// </list>
/// </summary>
public class TestOrderTests
{
    [Theory]
    [InlineData("SerialTests")]
    [InlineData("SerialTestsV3")]
    public void Xunit_reports_only_the_race_between_two_collections(string program)
    {
        var report = Races(program, passed: 9, races: 1);

        AssertRace(report, "SerialTests", "Tests.cs", "Counter", "SerialTests.CrossCollection.Counter",
            "SerialTests.LeftTests.Left", "SerialTests.RightTests.Right");
        Assert.Equal(["SerialTests.LeftTests.Left", "SerialTests.RightTests.Right"], report.Tests!.Order());
    }

    [Fact]
    public void NUnit_reports_the_races_between_tests_it_may_run_in_parallel_only()
    {
        // Besides the race inside one test (TestCommandTests): none in SerialAsyncTests, SelfTests, NonParallelizableTests.
        var report = Races("NUnitTests", passed: 14, races: 4);

        string[] pair = ["NUnitTests.WritingPair.First", "NUnitTests.WritingPair.Second"];
        AssertRace(report, "NUnitTests", "Parallel.cs", "s_children", "NUnitTests.ChildrenTests.s_children", pair);
        AssertRace(report, "NUnitTests", "Parallel.cs", "s_inherited",
            "NUnitTests.InParallel.InheritedChildrenTests.s_inherited", pair);
        AssertRace(report, "NUnitTests", "Parallel.cs", "s_twiceBuilt",
            "NUnitTests.TwiceBuiltTests.s_twiceBuilt", "NUnitTests.TwiceBuiltTests.Write", "NUnitTests.TwiceBuiltTests.Write");
    }

    [Fact]
    public void MSTest_at_class_level_reports_the_race_between_two_classes_only()
    {
        // Besides the race inside one test (TestCommandTests): none in SerialAsyncTests.
        var report = Races("MSTestTests", passed: 6, races: 2);

        AssertRace(report, "MSTestTests", "Tests.cs", "Counter", "MSTestTests.CrossClass.Counter",
            "MSTestTests.LeftTests.Left", "MSTestTests.RightTests.Right");
    }

    [Fact]
    public void MSTest_at_method_level_reports_the_race_between_two_methods_of_one_class()
    {
        var report = Races("MSTestMethodLevel", passed: 2, races: 1);

        AssertRace(report, "MSTestMethodLevel", "Tests.cs", "s_counter", "MSTestMethodLevel.PairTests.s_counter",
            "MSTestMethodLevel.PairTests.Left", "MSTestMethodLevel.PairTests.Right");
    }

    /// <summary>The report of tests/Programs/<paramref name="program"/>, whose tests all passed, with exactly <paramref name="races"/> races.</summary>
    static RaceReportJson Races(string program, int passed, int races)
    {
        var run = ProgramTestRuns.Of(program);
        Assert.True(run.Process.ExitCode == 66, run.Process.ToString());
        Assert.Contains($"Passed!  - Failed:     0, Passed:{passed,6}", run.Process.StandardOutput);
        Assert.True(run.Report.Races.Count == races, run.Process.ToString());
        return run.Report;
    }

    /// <summary>
    /// <paramref name="report"/> has one race on <paramref name="member"/>: on <paramref name="display"/>, at the line of
    /// <paramref name="file"/> in tests/Programs/<paramref name="program"/> marked <c>// RACE: <paramref name="member"/></c>
    /// on both sides, between <paramref name="tests"/> (in either order).
    /// </summary>
    static void AssertRace(RaceReportJson report, string program, string file, string member, string display, params string[] tests)
    {
        var race = Assert.Single(report.On(member));
        Assert.Equal(display, race.Display);
        int line = SourceMarkers.Line(Path.Combine(ProgramTestRuns.Folder(program), file), "// RACE: " + member);
        Assert.Equal((line, line), race.Lines);
        Assert.Equal(tests.Order(), new[] { race.Current.Test!, race.Previous.Test! }.Order());
    }
}
