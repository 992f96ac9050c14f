using RaceDetector.Tests.Support;
using Xunit;
using static RaceDetector.Tests.Support.RaceSide;

namespace RaceDetector.Tests.EndToEnd;

public sealed class LazyAndLocalsProgram() : ScenarioProgram("LazyAndLocals");

/// <summary>
/// tests/Programs/LazyAndLocals: Lazy&lt;T&gt; and LazyInitializer publish the value they create;
/// ThreadLocal, [ThreadStatic] and AsyncLocal values are per thread or flow. All tests run the same
/// program, built once by the class fixture.
/// </summary>
public class LazyAndLocalsTests(LazyAndLocalsProgram program) : IClassFixture<LazyAndLocalsProgram>
{
    SampleRun Run(string scenario) => program.Run(scenario);

    [Fact]
    public void Lazy_value_creation_happens_before_every_reader_in_every_thread_safe_mode() =>
        MatrixAssert.Clean(Run("lazy"), "readers=21730,21730,21730");

    [Fact]
    public void Readers_mutating_a_Lazy_value_race_with_each_other()
    {
        var run = Run("lazy-mutate-misuse");
        MatrixAssert.Races(run, ["LazyHits"], "done");
        MatrixAssert.Between(run, "LazyHits", Write("reader-0", "LazyHits++"), Write("reader-1", "LazyHits++"));
    }

    [Fact]
    public void Lazy_in_mode_None_is_not_modelled_so_its_factorys_writes_race_with_other_threads()
    {
        var run = Run("lazy-none-misuse");
        MatrixAssert.Races(run, ["UnguardedPort"], "done");
        // The reader waits for IsValueCreated, so the factory's write always comes first.
        MatrixAssert.Between(run, "UnguardedPort", Write("creator", "config.UnguardedPort = 80").In("Lazies.CreateUnguarded()"),
            Read("reader", "sink = unguarded.Value.UnguardedPort"), ordered: true);
    }

    [Fact]
    public void Lazy_and_LazyInitializer_of_a_value_type_publish_their_factorys_writes() =>
        MatrixAssert.Clean(Run("lazy-value-type"), "values=94,94");

    [Fact]
    public void LazyInitializer_creation_happens_before_every_caller_in_all_overloads() =>
        MatrixAssert.Clean(Run("lazy-initializer"), "ports=16296,16296");

    [Fact]
    public void Callers_mutating_a_LazyInitializer_value_race_with_each_other()
    {
        var run = Run("lazy-initializer-misuse");
        MatrixAssert.Races(run, ["InitializerHits"], "done");
        MatrixAssert.Between(run, "InitializerHits", Write("initializer-0", "InitializerHits++"), Write("initializer-1", "InitializerHits++"));
    }

    [Fact]
    public void ThreadLocal_values_are_per_thread() => MatrixAssert.Clean(Run("thread-local"), "numbers=1000,1000 tallies=2000");

    [Fact]
    public void ThreadLocal_values_sharing_one_object_race_on_it()
    {
        var run = Run("thread-local-misuse");
        MatrixAssert.Races(run, ["Ticks"], "done");
        MatrixAssert.Between(run, "Ticks", Write("local-0", "Ticks++"), Write("local-1", "Ticks++"));
    }

    [Fact]
    public void ThreadStatic_fields_are_per_thread() => MatrixAssert.Clean(Run("thread-static"), "depths=2000,2000");

    [Fact]
    public void ThreadStatic_field_pointing_at_a_shared_object_races_on_it()
    {
        var run = Run("thread-static-misuse");
        MatrixAssert.Races(run, ["Visits"], "done");
        MatrixAssert.Between(run, "Visits", Write("static-0", "Visits++"), Write("static-1", "Visits++"));
    }

    [Fact]
    public void AsyncLocal_values_are_per_flow() => MatrixAssert.Clean(Run("async-local"), "flows=1001,1002");

    [Fact]
    public void AsyncLocal_value_inherited_by_two_flows_races_on_it()
    {
        var run = Run("async-local-misuse");
        MatrixAssert.Races(run, ["Steps"], "done");
        MatrixAssert.Between(run, "Steps", Write("flow-0", "Steps++"), Write("flow-1", "Steps++"));
    }

    [Fact]
    public void Compiler_method_group_delegate_caches_are_not_reported() =>
        MatrixAssert.Clean(Run("method-group-cache"), "sums=2000,2000 lengths=4000,4000");
}
