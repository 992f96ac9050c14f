using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>
/// <c>racedetector test</c> on tests/Programs/SerialTests (xunit v2) and SerialTestsV3 (xunit.v3): what xunit runs one
/// after another (async tests of one class, async setup and teardown, two classes of one collection sharing an async
/// collection fixture) does not race, although each await resumes on another thread and xunit awaits the tests in
/// code that is not instrumented; the same write from tests of two collections, which xunit runs in parallel, does.
/// NUnit and MSTest async tests with async setup are in <see cref="TestCommandTests"/>.
/// </summary>
public class TestOrderTests
{
    [Theory]
    [InlineData("SerialTests")]
    [InlineData("SerialTestsV3")]
    public void Only_the_race_between_two_collections_is_reported(string program)
    {
        var run = TestCommandRun.Of(Path.Combine(Repo.Root, "tests", "Programs", program));

        Assert.True(run.Process.ExitCode == 66, run.Process.ToString());
        Assert.Contains("Passed!  - Failed:     0, Passed:     9", run.Process.StandardOutput);
        var race = Assert.Single(run.Report.Races);
        Assert.Equal("SerialTests.CrossCollection.Counter", race.Display);
        int line = SourceMarkers.Line(Path.Combine(Repo.Root, "tests", "Programs", "SerialTests", "Tests.cs"), "// RACE: Counter");
        Assert.Equal((line, line), race.Lines);
        Assert.Equal(["SerialTests.LeftTests.Left", "SerialTests.RightTests.Right"], new[] { race.Current.Test!, race.Previous.Test! }.Order());
        Assert.Equal(["SerialTests.LeftTests.Left", "SerialTests.RightTests.Right"], run.Report.Tests!.Order());
    }
}
