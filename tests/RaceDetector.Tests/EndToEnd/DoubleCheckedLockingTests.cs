using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>samples/DoubleCheckedLocking: double-checked locking on a non-volatile static field.</summary>
public class DoubleCheckedLockingTests
{
    [Fact]
    public void Unlocked_read_of_instance_races_with_the_write_under_the_lock_with_exit_66()
    {
        var run = SampleRun.Of("DoubleCheckedLocking");

        SampleAssert.Racy(run, "Singleton", "static-field", "instance");

        var (write, read) = SampleAssert.WriteAndRead(run, SampleAssert.Single(run, "instance"));
        Assert.StartsWith("caller-", write.ThreadName);
        Assert.StartsWith("caller-", read.ThreadName);
        Assert.NotEqual(write.ThreadName, read.ThreadName);
        SampleAssert.At(run, write, write.ThreadName!, "Singleton.GetInstance()", SampleAssert.MarkedLine(run, "instance", "instance = result"));
        SampleAssert.At(run, read, read.ThreadName!, "Singleton.GetInstance()", SampleAssert.MarkedLine(run, "instance", "result = instance"));
        // The write is made under the lock, the racing read outside it.
        Assert.Equal(["Singleton.gate"], write.Locks);
        Assert.Empty(read.Locks);

        // The constructor's writes to the singleton's own fields are published with the reference: no race on them.
        Assert.Equal(
            ["constructed 1 time(s); same instance everywhere: True", "settings: answer = 42"],
            SampleAssert.OutputLines(run));
    }
}
