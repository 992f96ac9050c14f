using System.Collections.Concurrent;
using RaceDetector.Tests.Support;
using Xunit.Sdk;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>
/// tests/Programs/RealWorld, a workload over real NuGet libraries. Used as a class fixture: each configuration
/// is built once (<see cref="ProgramBuilds"/>), instrumented once with <c>racedetector instrument</c> (default
/// assembly selection, so the NuGet dependencies are rewritten too), and run once plain and once instrumented.
/// </summary>
public sealed class RealWorldProgram : IDisposable
{
    /// <summary>The NuGet libraries the workload references, by assembly name.</summary>
    public static readonly string[] Libraries = ["Newtonsoft.Json", "Markdig", "Humanizer", "Serilog", "Polly.Core"];

    public const string AssemblyName = "RealWorld";

    readonly ProgramBuilds _builds = new(AssemblyName);
    readonly TempDirectory _temp = new("rd-realworld");
    readonly ConcurrentDictionary<string, Lazy<RealWorldBuild>> _instrumented = new();

    public static string Project { get; } = Path.Combine(Repo.Root, "tests", "Programs", AssemblyName);

    /// <summary>The <paramref name="configuration"/> build, plain and instrumented.</summary>
    public RealWorldBuild Build(string configuration) =>
        _instrumented.GetOrAdd(configuration, c => new Lazy<RealWorldBuild>(
            () => RealWorldBuild.Instrument(_builds.Output(c, "build", "-c", c), Path.Combine(_temp.Path, c)))).Value;

    public void Dispose()
    {
        _temp.Dispose();
        _builds.Dispose();
    }
}

/// <summary>
/// One configuration of the RealWorld program: its build output, the instrumented copy and what
/// <c>racedetector instrument</c> printed, and (on first use) its plain and instrumented runs.
/// </summary>
public sealed class RealWorldBuild
{
    readonly Lazy<RealWorldRuns> _runs;

    RealWorldBuild(string plainDirectory, string folder, ProcessResult instrumentation)
    {
        PlainDirectory = plainDirectory;
        Folder = folder;
        Instrumentation = instrumentation;
        _runs = new Lazy<RealWorldRuns>(() => RealWorldRuns.Create(this));
    }

    public string PlainDirectory { get; }

    /// <summary>Where the instrumented copy, the documents and the report go.</summary>
    public string Folder { get; }

    public string InstrumentedDirectory => InstrumentedIn(Folder);

    /// <summary>The output of <c>racedetector instrument</c>: one line per assembly.</summary>
    public ProcessResult Instrumentation { get; }

    public RealWorldRuns Runs => _runs.Value;

    public string PlainAssembly(string name) => Path.Combine(PlainDirectory, name + ".dll");

    public string InstrumentedAssembly(string name) => Path.Combine(InstrumentedDirectory, name + ".dll");

    public static RealWorldBuild Instrument(string plainDirectory, string folder)
    {
        var instrumentation = ProcessRunner.Cli("instrument", plainDirectory, "-o", InstrumentedIn(folder));
        if (instrumentation.ExitCode != 0)
            throw new XunitException($"instrumenting {plainDirectory} failed: {instrumentation}");
        return new RealWorldBuild(plainDirectory, folder, instrumentation);
    }

    static string InstrumentedIn(string folder) => Path.Combine(folder, "instrumented");
}

/// <summary>The plain and the instrumented run of the four-worker workload, each writing its documents to a folder.</summary>
public sealed record RealWorldRuns(ProcessResult Plain, string PlainDocuments, ProcessResult Instrumented, string InstrumentedDocuments,
    RaceReportJson Report)
{
    public static RealWorldRuns Create(RealWorldBuild build)
    {
        string plainDocuments = Path.Combine(build.Folder, "documents-plain");
        string instrumentedDocuments = Path.Combine(build.Folder, "documents-instrumented");
        string json = Path.Combine(build.Folder, "races.json");
        var plain = ProcessRunner.Dotnet([build.PlainAssembly(RealWorldProgram.AssemblyName), plainDocuments]);
        var instrumented = ProcessRunner.Dotnet([build.InstrumentedAssembly(RealWorldProgram.AssemblyName), instrumentedDocuments],
            environment: InstrumentedProgram.ReportTo(json));
        if (!File.Exists(json))
            throw new XunitException("the instrumented RealWorld wrote no JSON report: " + instrumented);
        return new RealWorldRuns(plain, plainDocuments, instrumented, instrumentedDocuments, RaceReportJson.Load(json));
    }
}
