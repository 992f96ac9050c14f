using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

public sealed class ParallelLoopsProgram() : ScenarioProgram("ParallelLoops");

/// <summary>
/// tests/Programs/ParallelLoops: Parallel.For, ForEach, Invoke and ForEachAsync fork every iteration from the
/// call and join them all after it; iterations are not ordered with each other. A lazily produced source is
/// enumerated after the call and each item before the iteration that receives it. PLINQ queries fork their
/// delegates when they run and join them at the terminal operator (or at each item of a foreach).
/// </summary>
public class ParallelLoopsTests(ParallelLoopsProgram program) : IClassFixture<ParallelLoopsProgram>
{
    [Theory]
    [InlineData("for", "85536 360 325")]
    [InlineData("for-local-state", "4950")]
    [InlineData("for-each", "526 4950")]
    [InlineData("invoke", "22 24 13")]
    [InlineData("for-each-async", "68 75")]
    [InlineData("for-async", "60 24")]
    [InlineData("for-each-lazy", "1435 210")]
    [InlineData("for-each-consuming", "210")]
    [InlineData("for-each-async-streamed", "1490")]
    [InlineData("plinq", "1260 2460 820 27 940")]
    public void Race_free_scenario_runs_clean(string scenario, string output) =>
        SampleAssert.Clean(program.Run(scenario), $"{scenario} {output}");

    [Fact]
    public void Parallel_ForEachAsync_runs_clean_in_Release() =>
        SampleAssert.Clean(program.Run("for-each-async", "Release"), "for-each-async 68 75");

    [Theory]
    [InlineData("racy-for-counter", "Counter", "parallel body", "parallel body")]
    [InlineData("racy-for-neighbour", "Neighbour", "parallel body", "parallel body")]
    [InlineData("racy-invoke", "Invoked", "parallel body", "parallel body")]
    [InlineData("racy-for-each", "LastItem", "parallel body", "parallel body")]
    [InlineData("racy-for-each-async", "AsyncLast", "async continuation", "async continuation")]
    [InlineData("racy-for-async", "ForAsyncLast", "async continuation", "async continuation")]
    [InlineData("racy-for-each-lazy", "LazyLast", "parallel body", "parallel body")]
    [InlineData("racy-for-each-async-lazy", "AsyncLazyLast", "async continuation", "async continuation")]
    [InlineData("racy-plinq-select", "QueryLast", "query body", "query body")]
    [InlineData("racy-plinq-concurrent-write", "QueryLate", "query body", "main")]
    public void Misuse_is_reported_on_the_marked_lines(string scenario, string member, string kind, string otherKind) =>
        ScenarioAssert.Racy(program.Run(scenario), scenario, member, [kind, otherKind]);

    [Fact]
    public void An_item_changed_by_the_source_after_it_was_produced_races_with_its_iteration() =>
        ScenarioAssert.Racy(program.Run("racy-for-each-after-yield"), "racy-for-each-after-yield", "Weight",
            ["parallel body", "parallel source"], type: "Parcel", locationKind: "instance-field");

    [Fact]
    public void Parallel_ForEachAsync_misuse_is_reported_in_Release() =>
        ScenarioAssert.Racy(program.Run("racy-for-each-async", "Release"), "racy-for-each-async", "AsyncLast",
            ["async continuation", "async continuation"]);
}
