using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>samples/InterlockedCounter: the lost update fixed with Interlocked.Increment.</summary>
public class InterlockedCounterTests
{
    [Fact]
    public void Interlocked_increments_and_a_read_after_join_report_no_race()
    {
        var run = SampleRun.Of("InterlockedCounter");

        SampleAssert.Clean(run, "count = 2000 (expected 2000)");
    }
}
