using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>samples/DoubleCheckedLockingVolatile: double-checked locking on a volatile static field.</summary>
public class DoubleCheckedLockingVolatileTests
{
    [Fact]
    public void Volatile_instance_field_makes_double_checked_locking_race_free()
    {
        var run = SampleRun.Of("DoubleCheckedLockingVolatile");

        SampleAssert.Clean(run, "constructed 1 time(s); same instance everywhere: True", "settings: answer = 42");
    }
}
