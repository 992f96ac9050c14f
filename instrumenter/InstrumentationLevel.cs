namespace RaceDetector.Instrumenter;

/// <summary>How much of an assembly the instrumenter rewrites.</summary>
public enum InstrumentationLevel
{
    /// <summary>Every data access is checked and every synchronization is modelled: races in the assembly are reported.</summary>
    Full,

    /// <summary>
    /// Synchronization only: locks, atomics, thread, task and thread-pool forks and joins, async methods, concurrent
    /// collections and the other edges are modelled, but no data access is checked, so no race is reported in the
    /// assembly. The work it hands to other threads, user callbacks included, is then ordered as it really is. For
    /// libraries whose own races are not the user's to fix (Microsoft's System.* and Microsoft.* packages).
    /// </summary>
    SynchronizationOnly,
}

/// <summary>
/// What the options make of one assembly: the <see cref="InstrumentationLevel"/> it is instrumented at, or null when it
/// is left alone; <see cref="Reason"/> says why, unless it is instrumented fully.
/// </summary>
public sealed record AssemblySelection(InstrumentationLevel? Level, string? Reason)
{
    /// <summary>Instrumented fully.</summary>
    public static AssemblySelection Full { get; } = new(InstrumentationLevel.Full, null);

    /// <summary>Instrumented for synchronization only, for <paramref name="reason"/>.</summary>
    public static AssemblySelection SynchronizationOnly(string reason) => new(InstrumentationLevel.SynchronizationOnly, reason);

    /// <summary>Not instrumented, for <paramref name="reason"/>.</summary>
    public static AssemblySelection LeftAlone(string reason) => new(null, reason);
}
