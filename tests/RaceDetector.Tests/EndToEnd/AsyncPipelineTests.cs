using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>
/// samples/AsyncPipeline: a bounded Channel of orders, consumers with <c>await foreach</c>, a SemaphoreSlim
/// throttle, Interlocked/ConcurrentDictionary/lock aggregation, Task.WhenAll and Parallel.ForEachAsync.
/// Every shared access is ordered by the modelled primitives, so nothing may be reported.
/// </summary>
public class AsyncPipelineTests
{
    /// <summary>What the pipeline prints; the racy one prints the same after its own first line.</summary>
    internal static readonly string[] ExpectedOutput =
    [
        "orders processed: 60 (120 lines)",
        "Contoso: 12 orders, 184.75",
        "Fabrikam: 12 orders, 301.75",
        "Northwind: 12 orders, 273.75",
        "Tailspin: 12 orders, 243.25",
        "Wingtip: 12 orders, 312.75",
        "largest order: #41 (48.93)",
        "total revenue: 1316.25",
    ];

    [Theory]
    [InlineData("Debug")]
    [InlineData("Release")]
    public void Channel_semaphore_and_parallel_pipeline_reports_no_race_with_exit_0(string configuration)
    {
        var run = SampleRun.Of("AsyncPipeline", configuration);

        SampleAssert.Clean(run, ExpectedOutput);
        // Detection must stay on for the whole run: an internal error would hide races.
        Assert.False(run.Process.StandardError.Contains("RaceDetector: internal error", StringComparison.Ordinal), run.Process.ToString());
        Assert.Equal(ExpectedOutput, SampleAssert.OutputLines(run));
    }
}
