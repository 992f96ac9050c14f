using System.Runtime.CompilerServices;
using RaceDetector.Runtime.Detection;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.Sync;

/// <summary>
/// A barrier's clocks, one per phase: every participant releases into the phase it signals, and acquires
/// it once the phase is over. A clock per phase keeps a fast participant's next-phase work from
/// leaking into slow participants' current phase. Old phases are dropped.
/// </summary>
internal sealed class BarrierPhases
{
    const int PhasesKept = 4;

    static readonly ConditionalWeakTable<object, BarrierPhases> s_barriers = new();

    readonly Dictionary<long, SyncClock> _phases = new();

    public static void Arriving(object barrier, long phase) =>
        Apply(barrier, phase, static (clock, thread) => clock.Release(thread));

    public static void Departed(object barrier, long phase) =>
        Apply(barrier, phase, static (clock, thread) => clock.Acquire(thread));

    static void Apply(object barrier, long phase, Action<SyncClock, TrackedThread> action)
    {
        if (!DetectorRuntime.Enabled)
            return;
        Guard.Run((barrier, phase, action), static a =>
        {
            var phases = s_barriers.GetValue(a.barrier, static _ => new BarrierPhases());
            SyncClock clock;
            lock (phases)
            {
                if (!phases._phases.TryGetValue(a.phase, out clock!))
                {
                    phases._phases[a.phase] = clock = new SyncClock();
                    foreach (var old in phases._phases.Keys.Where(p => p < a.phase - PhasesKept).ToList())
                        phases._phases.Remove(old);
                }
            }
            a.action(clock, ThreadRegistry.Current);
        });
    }
}
