using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>samples/BrokenFlagVolatile: the broken flag fixed with a volatile flag.</summary>
public class BrokenFlagVolatileTests
{
    [Theory]
    [InlineData("Debug")]
    [InlineData("Release")]
    public void Volatile_flag_orders_the_plain_data_accesses_and_reports_no_race(string configuration)
    {
        var run = SampleRun.Of("BrokenFlagVolatile", configuration);

        SampleAssert.Clean(run, "reader saw data = 42");
    }
}
