using System.ComponentModel;
using System.Diagnostics;
using RaceDetector.Runtime.Sync;

namespace RaceDetector.Runtime;

/// <summary>
/// Replacements for <see cref="Barrier.SignalAndWait()"/> and <see cref="Barrier.RemoveParticipant"/>: everything
/// every participant did before a phase's SignalAndWait (or before leaving in that phase) happens before
/// everything any participant does after it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[StackTraceHidden]
public static class BarrierIntercepts
{
    const string Type = "System.Threading.Barrier";

    /// <summary>
    /// Replaces <c>new Barrier(int, Action&lt;Barrier&gt;)</c>: the post-phase action runs after every
    /// participant arrived and before any leaves, so it acquires and releases the phase's clock.
    /// </summary>
    [Intercept(Type, ".ctor")]
    public static Barrier Create(int participantCount, Action<Barrier>? postPhaseAction, int site) =>
        new(participantCount, postPhaseAction is null ? null : [StackTraceHidden] (barrier) =>
        {
            long phase = barrier.CurrentPhaseNumber;
            BarrierPhases.Departed(barrier, phase);
            postPhaseAction(barrier);
            BarrierPhases.Arriving(barrier, phase);
        });

    /// <summary>Replaces <see cref="Barrier.SignalAndWait()"/>.</summary>
    [Intercept(Type, "SignalAndWait")]
    public static void SignalAndWait(Barrier barrier, int site)
    {
        long phase = Arriving(barrier);
        Interrupts.Observing(barrier, static b => { b.SignalAndWait(); return true; });
        BarrierPhases.Departed(barrier, phase);
    }

    /// <summary>Replaces <see cref="Barrier.SignalAndWait(int)"/>.</summary>
    [Intercept(Type, "SignalAndWait")]
    public static bool SignalAndWait(Barrier barrier, int millisecondsTimeout, int site)
    {
        long phase = Arriving(barrier);
        return Departed(barrier, phase, barrier.SignalAndWait(millisecondsTimeout));
    }

    /// <summary>Replaces <see cref="Barrier.SignalAndWait(TimeSpan)"/>.</summary>
    [Intercept(Type, "SignalAndWait")]
    public static bool SignalAndWait(Barrier barrier, TimeSpan timeout, int site)
    {
        long phase = Arriving(barrier);
        return Departed(barrier, phase, barrier.SignalAndWait(timeout));
    }

    /// <summary>Replaces <see cref="Barrier.SignalAndWait(CancellationToken)"/>.</summary>
    [Intercept(Type, "SignalAndWait")]
    public static void SignalAndWait(Barrier barrier, CancellationToken cancellationToken, int site)
    {
        long phase = Arriving(barrier);
        barrier.SignalAndWait(cancellationToken);
        BarrierPhases.Departed(barrier, phase);
    }

    /// <summary>Replaces <see cref="Barrier.SignalAndWait(int, CancellationToken)"/>.</summary>
    [Intercept(Type, "SignalAndWait")]
    public static bool SignalAndWait(Barrier barrier, int millisecondsTimeout, CancellationToken cancellationToken, int site)
    {
        long phase = Arriving(barrier);
        return Departed(barrier, phase, barrier.SignalAndWait(millisecondsTimeout, cancellationToken));
    }

    // A participant that leaves signals the current phase on its way out: what it did happens before
    // what the others do after that phase.

    /// <summary>Replaces <see cref="Barrier.RemoveParticipant"/>.</summary>
    [Intercept(Type, "RemoveParticipant")]
    public static void RemoveParticipant(Barrier barrier, int site)
    {
        Arriving(barrier);
        barrier.RemoveParticipant();
    }

    /// <summary>Replaces <see cref="Barrier.RemoveParticipants"/>.</summary>
    [Intercept(Type, "RemoveParticipants")]
    public static void RemoveParticipants(Barrier barrier, int participantCount, int site)
    {
        Arriving(barrier);
        barrier.RemoveParticipants(participantCount);
    }

    static long Arriving(Barrier barrier)
    {
        long phase = barrier.CurrentPhaseNumber;
        BarrierPhases.Arriving(barrier, phase);
        return phase;
    }

    static bool Departed(Barrier barrier, long phase, bool completed)
    {
        if (completed)
            BarrierPhases.Departed(barrier, phase);
        return completed;
    }
}
