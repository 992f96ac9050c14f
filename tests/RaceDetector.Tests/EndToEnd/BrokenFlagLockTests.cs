using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>samples/BrokenFlagLock: the broken flag fixed with a lock.</summary>
public class BrokenFlagLockTests
{
    [Theory]
    [InlineData("Debug")]
    [InlineData("Release")]
    public void Flag_and_data_under_one_lock_report_no_race(string configuration)
    {
        var run = SampleRun.Of("BrokenFlagLock", configuration);

        SampleAssert.Clean(run, "reader saw data = 42");
    }
}
