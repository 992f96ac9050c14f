using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>samples/MessagePassingVolatile: litmus test MP with Volatile.Write/Volatile.Read on the flag.</summary>
public class MessagePassingVolatileTests
{
    [Theory]
    [InlineData("Debug")]
    [InlineData("Release")]
    public void Volatile_flag_orders_the_plain_payload_and_reports_no_race(string configuration)
    {
        var run = SampleRun.Of("MessagePassingVolatile", configuration);

        SampleAssert.Clean(run, "T2 saw the flag, then x = 1");
    }
}
