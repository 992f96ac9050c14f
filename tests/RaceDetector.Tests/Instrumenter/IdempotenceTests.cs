
using Mono.Cecil;
using RaceDetector.Instrumenter;
using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.Instrumenter;

/// <summary>Instrumenting an instrumented app copies it (the marker says so) instead of instrumenting twice.</summary>
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

        var cli = ProcessRunner.Cli("instrument", FixtureApp.AssemblyIn(once), "-o", again);

        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Contains($"copied       {FixtureApp.AssemblyName}.dll: {AlreadyInstrumented}", cli.StandardOutput);
        Assert.DoesNotContain($"instrumented {FixtureApp.AssemblyName}.dll", cli.StandardOutput);
        Assert.Equal(File.ReadAllBytes(FixtureApp.AssemblyIn(once)), File.ReadAllBytes(FixtureApp.AssemblyIn(again)));
    }
}
