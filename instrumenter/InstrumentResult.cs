namespace RaceDetector.Instrumenter;

/// <summary>What happened to one assembly of the app.</summary>
public enum AssemblyAction
{
    /// <summary>Rewritten with every hook: accesses checked, synchronization modelled (<see cref="InstrumentationLevel.Full"/>).</summary>
    Instrumented,

    /// <summary>Rewritten with synchronization hooks only (<see cref="InstrumentationLevel.SynchronizationOnly"/>); <see cref="AssemblyOutcome.Reason"/> says why.</summary>
    SynchronizationOnly,

    /// <summary>Copied unchanged; <see cref="AssemblyOutcome.Reason"/> says why.</summary>
    Copied,
}

/// <summary>The outcome for one assembly file.</summary>
public sealed record AssemblyOutcome(string FileName, AssemblyAction Action, string? Reason, int Sites)
{
    /// <summary>An assembly rewritten at the level <paramref name="selection"/> chose, with <paramref name="sites"/> sites.</summary>
    internal static AssemblyOutcome Rewritten(string fileName, AssemblySelection selection, int sites) =>
        new(fileName, selection.Level == InstrumentationLevel.Full ? AssemblyAction.Instrumented : AssemblyAction.SynchronizationOnly,
            selection.Reason, sites);
}

/// <summary>The result of instrumenting an app folder.</summary>
public sealed record InstrumentResult(
    string OutputDirectory,
    string? EntryAssembly,
    string RuntimeFlavor,
    IReadOnlyList<AssemblyOutcome> Assemblies);
