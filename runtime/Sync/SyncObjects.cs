using System.Runtime.CompilerServices;

namespace RaceDetector.Runtime.Sync;

/// <summary>Clocks of objects used as locks (Monitor, System.Threading.Lock, synchronized methods), held weakly.</summary>
internal static class SyncObjects
{
    static readonly ConditionalWeakTable<object, SyncClock> s_clocks = new();

    public static SyncClock ClockOf(object lockObject) =>
        s_clocks.GetValue(lockObject, static _ => new SyncClock());
}
