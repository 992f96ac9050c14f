using RaceDetector.Tests.Support;
using Xunit;
using static RaceDetector.Tests.Support.RaceSide;

namespace RaceDetector.Tests.EndToEnd;

public sealed class DependencyInjectionProgram() : ScenarioProgram("DependencyInjection");

/// <summary>
/// tests/Programs/DependencyInjection: Microsoft.Extensions.DependencyInjection and Options build an object on
/// one thread and hand it to another through their own locks, which are framework code. What the factory,
/// configuration action or constructor wrote to the object is published with it; later races on it are not.
/// </summary>
public class DependencyInjectionTests(DependencyInjectionProgram program) : IClassFixture<DependencyInjectionProgram>
{
    [Fact]
    public void A_singleton_factorys_writes_are_published_with_the_object() =>
        MatrixAssert.Clean(program.Run("singleton-factory"), "seen=factory,factory");

    [Fact]
    public void A_keyed_singleton_factorys_writes_are_published_with_the_object() =>
        MatrixAssert.Clean(program.Run("keyed-factory"), "seen=main,main");

    [Fact]
    public void An_options_configuration_actions_writes_are_published_with_the_options() =>
        MatrixAssert.Clean(program.Run("options"), "seen=5,5");

    [Fact]
    public void A_constructor_and_the_private_methods_it_calls_publish_a_singleton_the_container_builds() =>
        MatrixAssert.Clean(program.Run("constructor-helper"), "seen=a,a");

    [Fact]
    public void Threads_updating_a_published_singleton_still_race()
    {
        var run = program.Run("singleton-misuse");
        MatrixAssert.Races(run, ["Visits"], "seen=1,2");
        MatrixAssert.Between(run, "Visits", Write("first", "++Visits"), Write("second", "++Visits"), ordered: true);
    }
}
