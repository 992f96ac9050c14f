using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>samples/DoubleCheckedLockingLazy: a singleton behind a static Lazy&lt;T&gt;.</summary>
public class DoubleCheckedLockingLazyTests
{
    [Fact]
    public void Lazy_singleton_created_in_a_static_constructor_reports_no_race()
    {
        var run = SampleRun.Of("DoubleCheckedLockingLazy");

        SampleAssert.Clean(run, "constructed 1 time(s); same instance everywhere: True", "settings: answer = 42");
    }
}
