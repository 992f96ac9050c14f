using System.Runtime.CompilerServices;
using RaceDetector.Runtime.Detection;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.Sync;

/// <summary>
/// Clocks of objects that signal (events, wait handles, countdown events, mutexes, interrupts): a signal
/// releases into the object's clock, a wait that saw the signal acquires it. Kept apart from lock clocks,
/// which skip their internal lock because the program's lock serializes them.
/// </summary>
internal static class Signals
{
    static readonly ConditionalWeakTable<object, SyncClock> s_clocks = new();

    public static void Release(object? signaller)
    {
        if (signaller is null || !DetectorRuntime.Enabled)
            return;
        Guard.Run(signaller, static s => ClockOf(s).Release(ThreadRegistry.Current));
    }

    public static void Acquire(object? signaller)
    {
        if (signaller is null || !DetectorRuntime.Enabled)
            return;
        Guard.Run(signaller, static s => ClockOf(s).Acquire(ThreadRegistry.Current));
    }

    /// <summary>Acquires when <paramref name="signalled"/>; returns it, for wait methods that report success.</summary>
    public static bool AcquireIf(object? signaller, bool signalled)
    {
        if (signalled)
            Acquire(signaller);
        return signalled;
    }

    internal static SyncClock ClockOf(object signaller) => s_clocks.GetValue(signaller, static _ => new SyncClock());
}
