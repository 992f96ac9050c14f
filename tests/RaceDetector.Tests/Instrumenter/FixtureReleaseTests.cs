using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.Instrumenter;

/// <summary>
/// A Release build of the fixture, made once for <see cref="FixtureReleaseTests"/>. This is the only
/// place tests build the fixture: concurrent builds of one project collide in its obj folder.
/// </summary>
public sealed class ReleaseFixtureBuild : IDisposable
{
    readonly TempDirectory _temp = new("rd-release");

    public ReleaseFixtureBuild()
    {
        Directory = Path.Combine(_temp.Path, "bin");
        var build = ProcessRunner.Dotnet(["build", FixtureApp.ProjectFile, "-c", "Release", "-o", Directory, "--disable-build-servers", "-nologo"],
            timeout: TimeSpan.FromMinutes(10));
        if (build.ExitCode != 0 || !File.Exists(Assembly))
            throw new InvalidOperationException("building the fixture in Release failed: " + build);
    }

    public string Directory { get; }

    public string Assembly => FixtureApp.AssemblyIn(Directory);

    public void Dispose() => _temp.Dispose();
}

/// <summary>The same checks as <see cref="FixtureDebugTests"/> and <see cref="SymbolTests"/>, on optimized IL.</summary>
public class FixtureReleaseTests(ReleaseFixtureBuild release) : IClassFixture<ReleaseFixtureBuild>
{
    /// <summary>The other tests here are only worth running on optimized IL.</summary>
    [Fact]
    public void Release_build_is_optimized()
    {
        using var module = Mono.Cecil.ModuleDefinition.ReadModule(release.Assembly);
        var debuggable = module.Assembly.CustomAttributes.Single(a => a.AttributeType.Name == "DebuggableAttribute");
        const int disableOptimizations = 256;
        Assert.Equal(0, Convert.ToInt32(debuggable.ConstructorArguments[0].Value) & disableOptimizations);
    }

    [Fact]
    public void Every_method_of_the_instrumented_release_fixture_compiles()
    {
        using var temp = new TempDirectory("rd-jit-rel");
        FixtureDebugTests.AssertEveryMethodCompiles(release.Directory, temp.Path);
    }

    [Fact]
    public void Instrumented_release_fixture_prints_the_same_as_the_plain_one_with_no_races()
    {
        using var temp = new TempDirectory("rd-behave-rel");
        string output = Path.Combine(temp.Path, "instrumented");
        FixtureApp.Instrument(release.Directory, output);
        FixtureApp.AssertSameBehaviour(release.Assembly, FixtureApp.AssemblyIn(output), temp.Path);
    }

    [Fact]
    public void Release_site_table_gives_marked_source_lines() => SymbolTests.AssertProbeSiteLines(release.Directory);

    [Fact]
    public void Release_stack_traces_in_instrumented_code_show_the_source_line() => SymbolTests.AssertStackTraceLines(release.Directory);
}
