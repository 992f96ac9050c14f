using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>samples/StoreBuffering: litmus test SB with plain static fields.</summary>
public class StoreBufferingTests
{
    [Fact]
    public void Each_thread_write_races_with_the_other_thread_read_with_exit_66()
    {
        var run = SampleRun.Of("StoreBuffering");

        SampleAssert.Racy(run, "Litmus", "static-field", "x", "y");

        var (writeX, readX) = SampleAssert.WriteAndRead(run, SampleAssert.Single(run, "x"));
        SampleAssert.At(run, writeX, "T1", "Litmus.Thread1()", SampleAssert.MarkedLine(run, "x", "x = 1"));
        SampleAssert.At(run, readX, "T2", "Litmus.Thread2()", SampleAssert.MarkedLine(run, "x", "R2 = x"));
        var (writeY, readY) = SampleAssert.WriteAndRead(run, SampleAssert.Single(run, "y"));
        SampleAssert.At(run, writeY, "T2", "Litmus.Thread2()", SampleAssert.MarkedLine(run, "y", "y = 1"));
        SampleAssert.At(run, readY, "T1", "Litmus.Thread1()", SampleAssert.MarkedLine(run, "y", "R1 = y"));

        Assert.Matches(@"^r1 \(y\) = [01], r2 \(x\) = [01]; r1 == 0 && r2 == 0 is allowed$", Assert.Single(SampleAssert.OutputLines(run)));
    }
}
