using RaceDetector.Tests.Support;
using Xunit;
using static RaceDetector.Tests.Support.RaceSide;

namespace RaceDetector.Tests.EndToEnd;

public sealed class LibraryCallbacksProgram() : ScenarioProgram("LibraryCallbacks");

/// <summary>
/// tests/Programs/LibraryCallbacks: NuGet copies of Microsoft.Extensions.Caching.Memory, System.Reactive and
/// Microsoft.Extensions.DependencyInjection call user code back on other threads. Instrumented for synchronization
/// only (the default for System.* and Microsoft.* libraries), the tasks, locks and concurrent dictionaries they hand
/// the work over with order that code as it really runs; left alone (<c>--exclude</c>), the same correct program is
/// reported. Races in the user code are still reported.
/// </summary>
public class LibraryCallbacksTests(LibraryCallbacksProgram program) : IClassFixture<LibraryCallbacksProgram>
{
    /// <summary>Leaves every NuGet library of the program alone, as before the synchronization-only level.</summary>
    static readonly string[] LibrariesExcluded = ["--exclude", "System.*", "--exclude", "Microsoft.*"];

    [Fact]
    public void A_cached_value_built_by_a_GetOrCreate_factory_is_ordered_before_other_threads_reading_it() =>
        MatrixAssert.Clean(program.Run("cache-factory"), "cache-factory seen=42,42");

    [Fact]
    public void An_eviction_callback_runs_after_the_code_that_set_its_entry_up() =>
        MatrixAssert.Clean(program.Run("cache-eviction"), "cache-eviction seen=set up");

    [Fact]
    public void Work_scheduled_on_the_Rx_task_pool_runs_after_the_code_that_scheduled_it() =>
        MatrixAssert.Clean(program.Run("rx-scheduler"), "rx-scheduler seen=set up");

    [Fact]
    public void Items_observed_on_the_Rx_task_pool_are_ordered_after_their_producer_and_each_other() =>
        MatrixAssert.Clean(program.Run("rx-observe-on"), "rx-observe-on sum=20100");

    [Fact]
    public void A_singleton_factorys_writes_are_published_by_a_container_instrumented_for_synchronization_only() =>
        MatrixAssert.Clean(program.Run("container-singleton"), "container-singleton seen=factory,factory");

    /// <summary>The false reports the synchronization-only level prevents: nothing orders the callbacks without the libraries' edges.</summary>
    [Theory]
    [InlineData("cache-factory", "Price")]
    [InlineData("cache-eviction", "Text")]
    [InlineData("rx-scheduler", "Text")]
    public void Left_alone_the_libraries_order_nothing_and_the_correct_program_is_reported(string scenario, string member)
    {
        var run = program.Run(scenario, options: LibrariesExcluded);
        Assert.True(run.Process.ExitCode == 66, $"expected the race exit code with the libraries excluded: {run.Process}");
        Assert.Contains(run.Report.Races, race => race.Member == member);
    }

    [Fact]
    public void Changing_a_cached_value_after_the_cache_published_it_still_races_with_a_reader()
    {
        var run = program.Run("racy-cache-mutation");
        MatrixAssert.Races(run, ["Price"], "racy-cache-mutation seen=43");
        MatrixAssert.Between(run, "Price", Write("first", ".Price = 43"), Read("second", ".Price)"), ordered: true);
    }

    [Fact]
    public void Rx_work_and_the_thread_that_scheduled_it_still_race_on_what_they_both_write_after() =>
        ScenarioAssert.Racy(program.Run("racy-rx-scheduler"), "racy-rx-scheduler", "Seen", ["main", "task"], type: "Total",
            locationKind: "instance-field");
}
