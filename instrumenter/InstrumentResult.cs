namespace RaceDetector.Instrumenter;

/// <summary>What happened to one assembly of the app.</summary>
public enum AssemblyAction
{
    /// <summary>Rewritten with hooks.</summary>
    Instrumented,

    /// <summary>Copied unchanged; <see cref="AssemblyOutcome.Reason"/> says why.</summary>
    Copied,
}

/// <summary>The outcome for one assembly file.</summary>
public sealed record AssemblyOutcome(string FileName, AssemblyAction Action, string? Reason, int Sites);

/// <summary>The result of instrumenting an app folder.</summary>
public sealed record InstrumentResult(
    string OutputDirectory,
    string? EntryAssembly,
    string RuntimeFlavor,
    IReadOnlyList<AssemblyOutcome> Assemblies);
