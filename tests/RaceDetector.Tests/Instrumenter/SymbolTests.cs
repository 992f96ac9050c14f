
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Mono.Cecil;
using SiteRecord = RaceDetector.Runtime.Abi.SiteRecord;
using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.Instrumenter;

/// <summary>
/// Source lines survive instrumentation: the site table names the line of each access (found in the
/// fixture's source by <c>// SITE:</c> marker comments), the rewritten PDB matches the rewritten
/// assembly and keeps every sequence point, and stack traces inside instrumented code show the right line.
/// </summary>
public class SymbolTests
{
    const string ProbeMethod = "RaceDetector.Tests.Fixtures.SymbolProbe.Probe()";
    const string ThrowingMethod = "RaceDetector.Tests.Fixtures.SymbolProbe.Throwing()";
    static readonly string SymbolsSource = FixtureApp.Source(Path.Combine("Scenarios", "Symbols.cs"));

    [Fact]
    public void Site_table_gives_marked_source_lines() => AssertProbeSiteLines(FixtureApp.BuiltDirectory);

    [Fact]
    public void Stack_traces_in_instrumented_code_show_the_source_line() => AssertStackTraceLines(FixtureApp.BuiltDirectory);

    [Fact]
    public void Rewritten_pdb_matches_the_assembly_and_keeps_every_sequence_point()
    {
        using var temp = new TempDirectory("rd-pdb");
        string output = Path.Combine(temp.Path, "out");
        FixtureApp.Instrument(FixtureApp.BuiltDirectory, output);
        string plain = FixtureApp.DebugAssembly;
        string instrumented = FixtureApp.AssemblyIn(output);

        var before = SequencePointsByMethod(plain);
        var after = SequencePointsByMethod(instrumented);

        Assert.True(before.Count > 300, $"only {before.Count} methods with sequence points in the plain fixture");
        var lost = before.Keys.Where(k => !after.ContainsKey(k)).ToList();
        Assert.True(lost.Count == 0, "methods without sequence points after instrumentation:\n  " + string.Join("\n  ", lost.Take(20)));
        var changed = before.Where(p => after[p.Key] != p.Value).Select(p => $"{p.Key}\n    before: {p.Value}\n    after:  {after[p.Key]}").ToList();
        Assert.True(changed.Count == 0, $"{changed.Count} method(s) lost or moved source lines:\n  " + string.Join("\n  ", changed.Take(10)));
    }

    /// <summary>Instruments <paramref name="fixtureDirectory"/> and checks the probe's sites against the marker lines.</summary>
    internal static void AssertProbeSiteLines(string fixtureDirectory)
    {
        using var temp = new TempDirectory("rd-sites");
        string output = Path.Combine(temp.Path, "out");
        FixtureApp.Instrument(fixtureDirectory, output);
        var sites = ReadSites(FixtureApp.AssemblyIn(output));

        var probe = sites.Where(s => s.Method == ProbeMethod).ToList();
        Assert.True(probe.Count >= 8, $"{probe.Count} sites in {ProbeMethod}:\n" + Describe(probe));
        Assert.All(probe, s => Assert.EndsWith("Symbols.cs", s.File ?? "<no file>"));

        AssertSite(probe, "write", "instance-field", "Field", "SITE: probe-write");
        AssertSite(probe, "read", "instance-field", "Field", "SITE: probe-static");
        AssertSite(probe, "write", "static-field", "Static", "SITE: probe-static");
        AssertSite(probe, "read", "static-field", "Static", "SITE: probe-element");
        AssertSite(probe, "write", "array-element", "Slots", "SITE: probe-element");
        AssertSite(probe, "atomic-update", "instance-field", "Field", "SITE: probe-atomic");
        AssertSite(probe, "lock", "sync", null, "SITE: probe-lock");
        AssertSite(probe, "call", "call", ".ctor", "SITE: probe-call");

        var throwing = sites.Where(s => s.Method == ThrowingMethod).ToList();
        AssertSite(throwing, "read", "array-element", "Slots", "SITE: probe-throw");

        // Every site of the probe lies inside the probe's own lines.
        int first = SourceMarkers.Line(SymbolsSource, "SITE: probe-call");
        int last = SourceMarkers.Line(SymbolsSource, "SITE: probe-stacktrace");
        Assert.All(probe, s => Assert.InRange(s.Line, first, last + 1));
    }

    /// <summary>Runs the instrumented fixture's two stack-trace scenarios in a child process.</summary>
    internal static void AssertStackTraceLines(string fixtureDirectory)
    {
        using var temp = new TempDirectory("rd-stack");
        string output = Path.Combine(temp.Path, "out");
        FixtureApp.Instrument(fixtureDirectory, output);
        var run = FixtureApp.Run(FixtureApp.AssemblyIn(output), Path.Combine(temp.Path, "r.json"), ["stack trace line", "exception line"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = FixtureApp.ScenarioLines(run.StandardOutput);

        int stackLine = SourceMarkers.Line(SymbolsSource, "SITE: probe-stacktrace");
        int throwLine = SourceMarkers.Line(SymbolsSource, "SITE: probe-throw");
        Assert.Equal($"stack trace line: Symbols.cs:{stackLine} 43", lines["stack trace line"]);
        Assert.Equal($"exception line: Symbols.cs:{throwLine} probe 42", lines["exception line"]);
    }

    internal static SiteRecord[] ReadSites(string assemblyPath)
    {
        using var assembly = Mono.Cecil.AssemblyDefinition.ReadAssembly(assemblyPath);
        var resources = assembly.MainModule.Resources.OfType<EmbeddedResource>().Where(r => r.Name == SiteRecord.ResourceName).ToList();
        Assert.Single(resources);
        using var stream = resources[0].GetResourceStream();
        var sites = SiteRecord.Deserialize(stream);
        Assert.NotNull(sites);
        return sites;
    }

    static void AssertSite(List<SiteRecord> sites, string operation, string kind, string? member, string marker)
    {
        int line = SourceMarkers.Line(SymbolsSource, marker);
        var matching = sites.Where(s => s.Operation == operation && s.LocationKind == kind && (member is null || s.Member == member)).ToList();
        Assert.True(matching.Count > 0, $"no {operation} site on {kind} {member}; sites:\n" + Describe(sites));
        Assert.True(matching.Any(s => s.Line == line),
            $"{operation} of {kind} {member}: expected line {line} ({marker}), site lines {string.Join(",", matching.Select(s => s.Line))}; sites:\n" + Describe(sites));
    }

    static string Describe(IEnumerable<SiteRecord> sites) =>
        string.Join("\n", sites.Select(s => $"  IL_{s.ILOffset:x4} {s.Operation} {s.LocationKind} {s.Member} at {Path.GetFileName(s.File)}:{s.Line}:{s.Column}"));

    /// <summary>
    /// Reads the assembly's portable PDB with System.Reflection.Metadata (not Cecil, which wrote it):
    /// checks that it is the PDB the assembly's debug directory asks for, that every sequence point
    /// starts an instruction of the rewritten body, and returns each method's visible source spans.
    /// </summary>
    static Dictionary<string, string> SequencePointsByMethod(string assemblyPath)
    {
        using var peStream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(peStream);
        var metadata = pe.GetMetadataReader();
        var codeView = pe.ReadDebugDirectory().Single(e => e.Type == DebugDirectoryEntryType.CodeView);
        var codeViewData = pe.ReadCodeViewDebugDirectoryData(codeView);
        string pdbPath = Path.Combine(Path.GetDirectoryName(assemblyPath)!, Path.GetFileName(codeViewData.Path));
        Assert.True(File.Exists(pdbPath), $"{pdbPath}: the PDB named by {assemblyPath} is missing");

        using var pdbStream = File.OpenRead(pdbPath);
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdbStream);
        var pdb = provider.GetMetadataReader();
        var pdbGuid = new Guid(pdb.DebugMetadataHeader!.Id.AsSpan(0, 16));
        Assert.Equal(codeViewData.Guid, pdbGuid);

        using var cecil = Mono.Cecil.AssemblyDefinition.ReadAssembly(assemblyPath, new ReaderParameters { ReadSymbols = false });
        var methodsByToken = cecil.MainModule.GetTypes().SelectMany(t => t.Methods).ToDictionary(m => m.MetadataToken.ToInt32());

        var result = new Dictionary<string, List<string>>();
        foreach (var handle in pdb.MethodDebugInformation)
        {
            var info = pdb.GetMethodDebugInformation(handle);
            if (info.SequencePointsBlob.IsNil)
                continue;
            var definition = handle.ToDefinitionHandle();
            var method = methodsByToken[MetadataTokens.GetToken(definition)];
            var starts = method.HasBody ? method.Body.Instructions.Select(i => i.Offset).ToHashSet() : [];
            int bodySize = pe.GetMethodBody(metadata.GetMethodDefinition(definition).RelativeVirtualAddress).Size;
            var spans = new List<string>();
            int previous = -1;
            foreach (var point in info.GetSequencePoints())
            {
                Assert.True(point.Offset > previous || (point.Offset == previous && point.IsHidden),
                    $"{method.FullName}: sequence points out of order at IL_{point.Offset:x4}");
                Assert.True(point.Offset < bodySize, $"{method.FullName}: sequence point IL_{point.Offset:x4} beyond the {bodySize}-byte body");
                Assert.True(starts.Contains(point.Offset), $"{method.FullName}: sequence point IL_{point.Offset:x4} is not at an instruction");
                previous = point.Offset;
                if (point.IsHidden)
                    continue;
                string document = pdb.GetString(pdb.GetDocument(point.Document).Name);
                spans.Add($"{Path.GetFileName(document)}:{point.StartLine}.{point.StartColumn}-{point.EndLine}.{point.EndColumn}");
            }
            string key = method.FullName;
            if (!result.TryGetValue(key, out var list))
                result[key] = list = new();
            list.AddRange(spans);
        }
        return result.ToDictionary(p => p.Key, p => string.Join(" ", p.Value.Order(StringComparer.Ordinal)));
    }
}
