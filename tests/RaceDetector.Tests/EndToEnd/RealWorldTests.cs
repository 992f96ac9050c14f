using System.Text.RegularExpressions;
using RaceDetector.Tests.Instrumenter;
using RaceDetector.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>
/// tests/Programs/RealWorld: real NuGet libraries (Newtonsoft.Json, Markdig, Humanizer, Serilog, Polly), instrumented
/// with the workload that drives them. Every rewritten method compiles; the instrumented workload writes exactly
/// what the plain one writes, in Debug and Release; run from four threads it reports no race in the workload's own
/// code, and only the library races documented in README ("Races found in the wild").
/// </summary>
public class RealWorldTests(RealWorldProgram program, ITestOutputHelper output) : IClassFixture<RealWorldProgram>
{
    public static TheoryData<string> Configurations => new() { "Debug", "Release" };

    static IEnumerable<string> RewrittenAssemblies => RealWorldProgram.Libraries.Append(RealWorldProgram.AssemblyName);

    [Theory]
    [MemberData(nameof(Configurations))]
    public void The_NuGet_libraries_are_instrumented_by_default(string configuration)
    {
        var instrumentation = program.Build(configuration).Instrumentation;
        foreach (var assembly in RewrittenAssemblies)
        {
            Assert.True(Regex.IsMatch(instrumentation.StandardOutput, $@"(?m)^instrumented {Regex.Escape(assembly)}\.dll \([1-9][0-9]* sites\)$"),
                $"{assembly}.dll was not instrumented:\n{instrumentation}");
        }
    }

    /// <summary>
    /// The plain assemblies first, as a control: the check must pass there, and must reach as many methods
    /// (generic ones instantiated over int, object and the like when their constraints allow).
    /// </summary>
    [Theory]
    [MemberData(nameof(Configurations))]
    public void Every_method_of_every_rewritten_assembly_compiles(string configuration)
    {
        var build = program.Build(configuration);
        foreach (var assembly in RewrittenAssemblies)
        {
            var plain = JitCheck.PrepareAll(build.PlainAssembly(assembly));
            Assert.True(plain.Failures.Count == 0, $"the JIT check fails on the plain {assembly}, so it proves nothing: " + plain.Describe());
            var instrumented = JitCheck.PrepareAll(build.InstrumentedAssembly(assembly));
            Assert.Contains(instrumented.Assembly.GetReferencedAssemblies(), name => name.Name == "RaceDetector.Runtime");
            Assert.True(instrumented.Failures.Count == 0, $"{assembly}: " + instrumented.Describe());
            Assert.True(instrumented.Prepared >= plain.Prepared && instrumented.Skipped == plain.Skipped,
                $"{assembly}: {instrumented.Prepared} methods compiled and {instrumented.Skipped} skipped instrumented, {plain.Prepared} and {plain.Skipped} plain");
            output.WriteLine($"{assembly}: {instrumented.Prepared} methods compiled, {instrumented.Skipped} skipped "
                             + $"({instrumented.NotInstantiated.Count} generic types and methods had no instantiation their constraints allow)");
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void The_instrumented_workload_writes_exactly_what_the_plain_one_writes(string configuration)
    {
        var runs = program.Build(configuration).Runs;
        Assert.True(runs.Plain.ExitCode == 0, "the plain workload failed: " + runs.Plain);
        Assert.Contains("workers agree", runs.Plain.StandardOutput);
        Assert.True(runs.Instrumented.StandardOutput == runs.Plain.StandardOutput,
            $"stdout differs:\n--- plain ---\n{runs.Plain.StandardOutput}\n--- instrumented ---\n{runs.Instrumented}");
        Assert.DoesNotContain("internal error", runs.Instrumented.StandardError);
        Assert.Equal(runs.Report.SummaryRaces > 0 ? 66 : 0, runs.Instrumented.ExitCode);

        var documents = Directory.GetFiles(runs.PlainDocuments).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.True(documents.Count >= 10, $"the workload wrote only {documents.Count} documents");
        Assert.Equal(documents, Directory.GetFiles(runs.InstrumentedDocuments).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var name in documents)
        {
            var plain = File.ReadAllBytes(Path.Combine(runs.PlainDocuments, name!));
            var instrumented = File.ReadAllBytes(Path.Combine(runs.InstrumentedDocuments, name!));
            Assert.True(plain.AsSpan().SequenceEqual(instrumented), $"{name}: {instrumented.Length} bytes instrumented, {plain.Length} plain, or different bytes");
        }
        output.WriteLine($"{documents.Count} documents, {documents.Sum(name => new FileInfo(Path.Combine(runs.PlainDocuments, name!)).Length)} bytes, identical");
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Four_workers_race_only_inside_the_libraries_and_only_as_documented(string configuration)
    {
        var races = program.Build(configuration).Runs.Report.Races;
        var inWorkload = races.Where(RealWorldRaces.InWorkload).ToList();
        Assert.True(inWorkload.Count == 0, "races in the workload's own code:\n  " + string.Join("\n  ", inWorkload.Select(RealWorldRaces.Describe)));
        var undocumented = races.Where(race => RealWorldRaces.Find(race) is null).ToList();
        Assert.True(undocumented.Count == 0,
            "library races not documented in README (Races found in the wild):\n  " + string.Join("\n  ", undocumented.Select(RealWorldRaces.Describe)));
        foreach (var group in races.GroupBy(race => RealWorldRaces.Find(race)!.Title))
            output.WriteLine($"{group.Count()} race(s): {group.Key}");
    }

    /// <summary>The probe orders its two threads' work (without an edge the detector knows of), so every run reports the same races.</summary>
    [Fact]
    public void The_camel_case_probe_reports_exactly_the_documented_races()
    {
        var build = program.Build("Release");
        using var temp = new TempDirectory("rd-probe");
        string json = temp.File("races.json");
        var run = ProcessRunner.Dotnet([build.InstrumentedAssembly(RealWorldProgram.AssemblyName), "camel-case-probe"],
            environment: InstrumentedProgram.ReportTo(json));
        Assert.Equal(66, run.ExitCode);
        Assert.Contains("same from both threads: True", run.StandardOutput);
        var report = RaceReportJson.Load(json);
        var reported = report.Races.ToDictionary(race => race.Id);
        Assert.True(reported.Keys.ToHashSet().SetEquals(RealWorldRaces.CamelCaseProbe.Keys),
            "expected exactly the documented races; missing: " + string.Join(", ", RealWorldRaces.CamelCaseProbe.Where(p => !reported.ContainsKey(p.Key)).Select(p => $"{p.Key} ({p.Value})"))
            + "; not documented: " + string.Join(", ", report.Races.Where(r => !RealWorldRaces.CamelCaseProbe.ContainsKey(r.Id)).Select(RealWorldRaces.Describe)));
        foreach (var race in report.Races)
        {
            Assert.True(RealWorldRaces.Find(race) is not null, "not in README: " + RealWorldRaces.Describe(race));
            Assert.True(race.Display.EndsWith(RealWorldRaces.CamelCaseProbe[race.Id], StringComparison.Ordinal), RealWorldRaces.Describe(race));
            Assert.Equal(("write", "first", "read", "second"), (race.Previous.Operation, race.Previous.ThreadName, race.Current.Operation, race.Current.ThreadName));
        }
    }
}
