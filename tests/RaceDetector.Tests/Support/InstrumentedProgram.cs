using System.Diagnostics;
using Xunit.Sdk;

namespace RaceDetector.Tests.Support;

/// <summary>
/// A program of <c>tests/Programs</c> built once and instrumented once (<c>racedetector instrument</c>), then started
/// directly with <c>dotnet</c>, plain or instrumented, as a user would: for tests that compare the two runs, watch
/// the files a run leaves, or end the process themselves. Used as a class fixture.
/// </summary>
public abstract class InstrumentedProgram : IDisposable
{
    readonly ProgramBuilds _builds;
    readonly TempDirectory _instrumented = new("rd-instrumented");
    readonly Lazy<string> _instrumentedAssembly;

    protected InstrumentedProgram(string name)
    {
        _builds = new ProgramBuilds(name);
        _instrumentedAssembly = new(Instrument);
    }

    public string Source => Path.Combine(_builds.Project, "Program.cs");

    /// <summary>The plain build's entry assembly.</summary>
    public string PlainAssembly => _builds.Assembly("Debug", "build");

    /// <summary>The instrumented copy's entry assembly.</summary>
    public string InstrumentedAssembly => _instrumentedAssembly.Value;

    /// <summary>Runs the plain build with <paramref name="arguments"/>.</summary>
    public ProcessResult RunPlain(params string[] arguments) => ProcessRunner.Dotnet([PlainAssembly, .. arguments]);

    /// <summary>Runs the instrumented copy, its JSON report going to <paramref name="json"/>.</summary>
    public ProcessResult RunInstrumented(string json, params string[] arguments) =>
        ProcessRunner.Dotnet([InstrumentedAssembly, .. arguments], environment: ReportTo(json));

    /// <summary>Starts the instrumented copy and leaves it running; the caller disposes it.</summary>
    public Process StartInstrumented(string json, params string[] arguments) =>
        ProcessRunner.Start([InstrumentedAssembly, .. arguments], environment: ReportTo(json));

    /// <summary>The environment that asks the runtime for a JSON report at <paramref name="json"/>.</summary>
    public static Dictionary<string, string> ReportTo(string json) => new() { ["RACEDETECTOR_OPTIONS"] = $"json=\"{json}\"" };

    string Instrument()
    {
        string output = _instrumented.File("out");
        var instrument = ProcessRunner.Cli("instrument", PlainAssembly, "-o", output);
        if (instrument.ExitCode != 0)
            throw new XunitException($"instrumenting {_builds.Name} failed: {instrument}");
        return Path.Combine(output, Path.GetFileName(PlainAssembly));
    }

    public void Dispose()
    {
        _instrumented.Dispose();
        _builds.Dispose();
    }
}
