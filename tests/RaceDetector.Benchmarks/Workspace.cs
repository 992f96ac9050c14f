using System.Diagnostics;
using RaceDetector.Instrumenter;

namespace RaceDetector.Benchmarks;

/// <summary>
/// The plain and the instrumented copy of the workloads app, side by side in a scratch folder. The
/// workloads app is a project reference, so the build copies it (with its runtimeconfig and deps files)
/// next to the harness in every configuration; it is copied from there into a folder of its own, because
/// the instrumenter takes a whole app folder and the harness's folder also holds the instrumenter.
/// </summary>
internal sealed record Workspace(string PlainEntry, string InstrumentedEntry, string InstrumentedDirectory, string Flavor, int Sites,
    TimeSpan InstrumentTime)
{
    public const string AppName = "RaceDetector.Benchmarks.Workloads";

    /// <summary>The runtime beside the instrumented app, loaded as a startup hook like <c>racedetector run</c> does.</summary>
    public string RuntimePath => Path.Combine(InstrumentedDirectory, "RaceDetector.Runtime.dll");

    public static Workspace Create(string scratch)
    {
        string plain = Path.Combine(scratch, "plain");
        Directory.CreateDirectory(plain);
        foreach (string extension in new[] { ".dll", ".runtimeconfig.json", ".deps.json", ".pdb" })
        {
            string source = Path.Combine(AppContext.BaseDirectory, AppName + extension);
            if (File.Exists(source))
                File.Copy(source, Path.Combine(plain, AppName + extension));
            else if (extension is ".dll" or ".runtimeconfig.json")
                throw new InvalidOperationException($"{source} is missing; build tests/RaceDetector.Benchmarks (it builds the workloads too)");
        }

        string instrumented = Path.Combine(scratch, "instrumented");
        var stopwatch = Stopwatch.StartNew();
        var result = AppInstrumenter.Instrument(plain, instrumented, new InstrumentOptions());
        stopwatch.Stop();
        var app = result.Assemblies.SingleOrDefault(a => a.FileName == AppName + ".dll");
        if (app is null || app.Action != AssemblyAction.Instrumented || app.Sites == 0 || result.EntryAssembly is null)
            throw new InvalidOperationException($"{AppName}.dll was not instrumented: {app?.Reason ?? "not in the result"}");
        return new Workspace(Path.Combine(plain, AppName + ".dll"), result.EntryAssembly, result.OutputDirectory, result.RuntimeFlavor,
            app.Sites, stopwatch.Elapsed);
    }
}

/// <summary>A temporary folder, deleted on dispose unless asked to keep it.</summary>
internal sealed class ScratchFolder : IDisposable
{
    readonly bool _keep;

    public ScratchFolder(bool keep)
    {
        _keep = keep;
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rd-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        if (_keep)
            return;
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}
