
using Mono.Cecil;
using RaceDetector.Instrumenter;
using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.Instrumenter;

/// <summary>
/// Instrumenting an instrumented app with the same options copies it (the marker says so) instead of instrumenting
/// twice; other options are refused, as what they would leave alone can no longer be told from the output.
/// </summary>
public class IdempotenceTests
{
    const string AlreadyInstrumented = "already instrumented by this RaceDetector version";

    [Fact]
    public void Instrumenting_instrumented_output_again_copies_it_unchanged()
    {
        using var temp = new TempDirectory("rd-twice");
        string once = Path.Combine(temp.Path, "once");
        string twice = Path.Combine(temp.Path, "twice");
        FixtureApp.Instrument(FixtureApp.BuiltDirectory, once);

        var result = FixtureApp.Instrument(once, twice);

        var outcome = result.Assemblies.Single(a => a.FileName == FixtureApp.AssemblyName + ".dll");
        Assert.Equal(AssemblyAction.Copied, outcome.Action);
        Assert.Equal(AlreadyInstrumented, outcome.Reason);
        Assert.DoesNotContain(result.Assemblies, a => a.Action == AssemblyAction.Instrumented);
        Assert.Equal(File.ReadAllBytes(FixtureApp.AssemblyIn(once)), File.ReadAllBytes(FixtureApp.AssemblyIn(twice)));

        using (var assembly = AssemblyDefinition.ReadAssembly(FixtureApp.AssemblyIn(twice)))
        {
            var module = assembly.MainModule;
            Assert.Single(module.Types, t => t.Name == "<RaceDetectorModule>");
            Assert.Single(module.Resources, r => r.Name == RaceDetector.Runtime.Abi.SiteRecord.ResourceName);
            var doubled = module.GetTypes().SelectMany(t => t.Fields).Where(f => f.Name.EndsWith(">rd>rd", StringComparison.Ordinal)).ToList();
            Assert.Empty(doubled);
        }

        // The copy still runs, and runs instrumented (its JSON report exists).
        string json = Path.Combine(temp.Path, "r.json");
        var run = FixtureApp.Run(FixtureApp.AssemblyIn(twice), json, ["generic class int", "interlocked instance fields"]);
        var plain = FixtureApp.Run(FixtureApp.DebugAssembly, null, ["generic class int", "interlocked instance fields"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(plain.StandardOutput, run.StandardOutput);
        Assert.Equal(0, RaceReportJson.Load(json).SummaryRaces);
    }

    [Fact]
    public void Cli_says_an_instrumented_assembly_is_copied_as_already_instrumented()
    {
        using var temp = new TempDirectory("rd-twice-cli");
        string once = Path.Combine(temp.Path, "once");
        FixtureApp.Instrument(FixtureApp.BuiltDirectory, once);
        string again = Path.Combine(temp.Path, "again");

        var cli = ProcessRunner.Cli("instrument", FixtureApp.AssemblyIn(once), "-o", again, "--include", FixtureApp.AssemblyName);

        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Contains($"copied       {FixtureApp.AssemblyName}.dll: {AlreadyInstrumented}", cli.StandardOutput);
        Assert.DoesNotContain($"instrumented {FixtureApp.AssemblyName}.dll", cli.StandardOutput);
        Assert.Equal(File.ReadAllBytes(FixtureApp.AssemblyIn(once)), File.ReadAllBytes(FixtureApp.AssemblyIn(again)));
    }

    [Theory]
    [InlineData("", "already instrumented with other options (--include RaceDetector.Tests.Fixtures)")]
    [InlineData("--include Other", "already instrumented, but now not matched by any --include")]
    [InlineData("--exclude RaceDetector.Tests.Fixtures", "already instrumented, but now excluded by --exclude RaceDetector.Tests.Fixtures")]
    public void Instrumenting_instrumented_output_with_other_options_is_refused(string options, string reason)
    {
        using var temp = new TempDirectory("rd-twice-other");
        string once = temp.File("once");
        FixtureApp.Instrument(FixtureApp.BuiltDirectory, once);
        string again = temp.File("again");

        var cli = ProcessRunner.Cli(["instrument", once, "-o", again, .. options.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);

        Assert.True(cli.ExitCode == 2, cli.ToString());
        string line = Assert.Single(cli.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"racedetector: error: {FixtureApp.AssemblyIn(once)}: {reason}; instrument the original build instead", line.TrimEnd('\r'));
        Assert.False(Directory.Exists(again));
    }

    [Fact]
    public void The_detector_runtime_in_an_instrumented_output_is_never_instrumented()
    {
        using var temp = new TempDirectory("rd-twice-all");
        string once = temp.File("once");
        var first = ProcessRunner.Cli("instrument", FixtureApp.BuiltDirectory, "-o", once, "--include", "*");
        Assert.True(first.ExitCode == 0, first.ToString());

        var cli = ProcessRunner.Cli("instrument", once, "-o", temp.File("again"), "--include", "*");

        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.DoesNotContain(cli.StandardOutput.Split('\n'), line => line.StartsWith("instrumented ", StringComparison.Ordinal));
        Assert.Contains("copied       RaceDetector.Runtime.dll: the detector's runtime, replaced by this version's", cli.StandardOutput);
        Assert.Equal(File.ReadAllBytes(Path.Combine(once, "RaceDetector.Runtime.dll")), File.ReadAllBytes(temp.File("again/RaceDetector.Runtime.dll")));
    }

    [Fact]
    public void Running_an_apphost_again_runs_the_cached_instrumented_app()
    {
        using var temp = new TempDirectory("rd-apphost");
        string apphost = Path.Combine(FixtureApp.CopyBuild(temp.Path), FixtureApp.AssemblyName); // a dotted name, no extension
        var environment = new Dictionary<string, string> { ["RACEDETECTOR_CACHE"] = temp.File("cache") };

        foreach (var attempt in new[] { "first (instruments)", "second (from the cache)" })
        {
            var run = ProcessRunner.Dotnet([Repo.Cli, "run", apphost, "--", "generic class int"], environment: environment);
            Assert.True(run.ExitCode == 0, $"{attempt}: {run}");
            Assert.Contains("generic class int: ", run.StandardOutput);
        }
    }
}
