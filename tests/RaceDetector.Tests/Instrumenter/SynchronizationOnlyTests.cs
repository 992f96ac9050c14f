using System.Text.RegularExpressions;
using Mono.Cecil;
using Mono.Cecil.Cil;
using RaceDetector.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RaceDetector.Tests.Instrumenter;

/// <summary>tests/Programs/LibraryCallbacks, built once and instrumented once with the default selection.</summary>
public sealed class SynchronizationOnlyApp : IDisposable
{
    /// <summary>The program's NuGet libraries: System.* and Microsoft.* ones, so instrumented for synchronization only by default.</summary>
    public static readonly string[] Libraries =
    [
        "System.Reactive", "Microsoft.Extensions.Caching.Memory", "Microsoft.Extensions.Caching.Abstractions",
        "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.DependencyInjection.Abstractions",
        "Microsoft.Extensions.Logging.Abstractions", "Microsoft.Extensions.Options", "Microsoft.Extensions.Primitives",
    ];

    public const string AssemblyName = "LibraryCallbacks";

    readonly ProgramBuilds _builds = new(AssemblyName);
    readonly TempDirectory _temp = new("rd-synconly");

    public SynchronizationOnlyApp()
    {
        PlainDirectory = _builds.Output("Debug", "build");
        InstrumentedDirectory = _temp.File("instrumented");
        Instrumentation = Instrument();
    }

    public string PlainDirectory { get; }

    public string InstrumentedDirectory { get; }

    /// <summary>What <c>racedetector instrument</c> printed: one line per assembly.</summary>
    public ProcessResult Instrumentation { get; }

    /// <summary>Instruments the build into a folder of its own with more <paramref name="options"/>; returns the listing.</summary>
    public ProcessResult Instrument(string output, params string[] options)
    {
        var result = ProcessRunner.Cli(["instrument", PlainDirectory, "-o", output, .. options]);
        return result.ExitCode == 0 ? result : throw new XunitException($"instrumenting {PlainDirectory} failed: {result}");
    }

    ProcessResult Instrument() => Instrument(InstrumentedDirectory);

    public void Dispose()
    {
        _temp.Dispose();
        _builds.Dispose();
    }
}

/// <summary>
/// Libraries instrumented for synchronization only: listed as such, rewritten with the synchronization passes alone
/// (no access hook, no shadow call stack, shadows only for the locations of atomic operations), and every method of
/// every one of them still compiles.
/// </summary>
public class SynchronizationOnlyTests(SynchronizationOnlyApp app, ITestOutputHelper output) : IClassFixture<SynchronizationOnlyApp>
{
    /// <summary>The hooks of the passes that check accesses and keep the shadow call stack.</summary>
    static readonly HashSet<string> AccessHooks =
    [
        "Read", "Write", "ReadStatic", "WriteStatic", "ReadElement", "WriteElement", "FixedLayoutSlot",
        "SpanSource", "ReadSpanElement", "WriteSpanElement", "CallsEnter", "Calling", "Returned", "FilterStarting", "FilterEnded",
    ];

    static string SyncOnlyLine(string assembly, string glob) =>
        $@"(?m)^sync-only    {Regex.Escape(assembly)}\.dll \([1-9][0-9]* sites\): synchronization only, by default for {Regex.Escape(glob)}; use --include to check its accesses$";

    [Fact]
    public void System_and_Microsoft_libraries_are_instrumented_for_synchronization_only_by_default()
    {
        string listing = app.Instrumentation.StandardOutput;
        Assert.Matches($@"(?m)^instrumented {SynchronizationOnlyApp.AssemblyName}\.dll \([1-9][0-9]* sites\)$", listing);
        foreach (var library in SynchronizationOnlyApp.Libraries)
            Assert.Matches(SyncOnlyLine(library, library.StartsWith("System.", StringComparison.Ordinal) ? "System.*" : "Microsoft.*"), listing);
    }

    [Fact]
    public void Include_instruments_a_library_fully_and_exclude_leaves_it_alone()
    {
        using var temp = new TempDirectory("rd-synconly-options");
        string included = app.Instrument(temp.File("included"), "--include", "System.Reactive", "--include", SynchronizationOnlyApp.AssemblyName).StandardOutput;
        Assert.Matches(@"(?m)^instrumented System\.Reactive\.dll \([1-9][0-9]* sites\)$", included);
        Assert.Matches(SyncOnlyLine("Microsoft.Extensions.Caching.Memory", "Microsoft.*"), included);

        string excluded = app.Instrument(temp.File("excluded"), "--exclude", "System.Reactive").StandardOutput;
        Assert.Matches(@"(?m)^copied       System\.Reactive\.dll: excluded by --exclude System\.Reactive$", excluded);
    }

    [Fact]
    public void Synchronization_only_libraries_check_no_access_and_shadow_only_the_locations_of_atomic_operations()
    {
        foreach (var library in SynchronizationOnlyApp.Libraries)
        {
            using var module = ModuleDefinition.ReadModule(Path.Combine(app.InstrumentedDirectory, library + ".dll"));
            var hooks = Calls(module).Where(c => c.DeclaringType.Namespace.StartsWith("RaceDetector.Runtime", StringComparison.Ordinal)).ToList();
            Assert.Empty(hooks.Where(h => h.DeclaringType.Name == "Hooks" && AccessHooks.Contains(h.Name)).Select(h => h.Name));
            Assert.Contains(hooks, h => h.Name == "RegisterModule");

            var shadows = module.GetTypes().SelectMany(t => t.Fields).Where(f => f.FieldType.Name == "VarState").ToList();
            var used = module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody).SelectMany(m => m.Body.Instructions)
                .Where(i => i.OpCode.Code is Code.Ldflda or Code.Ldsflda).Select(i => ((FieldReference)i.Operand).Resolve()).ToHashSet();
            Assert.All(shadows, shadow => Assert.Contains(shadow, used));
            output.WriteLine($"{library}: {hooks.Count} hook calls, {shadows.Count} shadow fields "
                             + $"(of {module.GetTypes().Sum(t => t.Fields.Count(f => !f.IsLiteral))} fields)");
        }
    }

    /// <summary>The plain assemblies first, as a control: the check must pass there, and must reach as many methods.</summary>
    [Fact]
    public void Every_method_of_every_synchronization_only_library_compiles()
    {
        foreach (var library in SynchronizationOnlyApp.Libraries)
        {
            var plain = JitCheck.PrepareAll(Path.Combine(app.PlainDirectory, library + ".dll"));
            Assert.True(plain.Failures.Count == 0, $"the JIT check fails on the plain {library}, so it proves nothing: " + plain.Describe());
            var instrumented = JitCheck.PrepareAll(Path.Combine(app.InstrumentedDirectory, library + ".dll"));
            Assert.Contains(instrumented.Assembly.GetReferencedAssemblies(), name => name.Name == "RaceDetector.Runtime");
            Assert.True(instrumented.Failures.Count == 0, $"{library}: " + instrumented.Describe());
            Assert.True(instrumented.Prepared >= plain.Prepared && instrumented.Skipped == plain.Skipped,
                $"{library}: {instrumented.Prepared} methods compiled and {instrumented.Skipped} skipped instrumented, {plain.Prepared} and {plain.Skipped} plain");
            output.WriteLine($"{library}: {instrumented.Prepared} methods compiled, {instrumented.Skipped} skipped");
        }
    }

    static IEnumerable<MethodReference> Calls(ModuleDefinition module) =>
        module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody).SelectMany(m => m.Body.Instructions)
            .Select(i => i.Operand).OfType<MethodReference>();
}
