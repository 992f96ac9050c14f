using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>samples/StoreBufferingVolatile: litmus test SB with volatile static fields.</summary>
public class StoreBufferingVolatileTests
{
    [Fact]
    public void Volatile_accesses_never_race_even_though_SB_is_not_forbidden()
    {
        var run = SampleRun.Of("StoreBufferingVolatile");

        SampleAssert.Clean(run);
        Assert.Matches(@"^r1 \(y\) = [01], r2 \(x\) = [01]; r1 == 0 && r2 == 0 is still allowed$", Assert.Single(SampleAssert.OutputLines(run)));
    }
}
