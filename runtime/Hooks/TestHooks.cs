using System.ComponentModel;
using RaceDetector.Runtime.Detection;
using RaceDetector.Runtime.TestRuns;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime;

/// <summary>
/// Hooks around test methods and the setup and teardown methods a test framework runs around them, which
/// order the tests the framework runs one after another (see <see cref="SerialGroup"/>). Part of the ABI with
/// instrumented code, like <see cref="Hooks"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TestHooks
{
    /// <summary>
    /// On entry: <paramref name="instance"/> is <c>this</c> (null in static methods, whose group is
    /// <paramref name="declaringType"/>'s); <paramref name="role"/> is a <c>PhaseRole</c>. Returns the phase,
    /// for the exit hooks.
    /// </summary>
    public static object? PhaseStarting(object? instance, RuntimeTypeHandle declaringType, int role)
    {
        if (!DetectorRuntime.Enabled)
            return null;
        try
        {
            var phase = TestPhases.For(instance?.GetType() ?? Type.GetTypeFromHandle(declaringType)!, (PhaseRole)role);
            phase.Starting(ThreadRegistry.Current);
            return phase;
        }
        catch (Exception ex)
        {
            DetectorRuntime.Fault(ex);
            return null;
        }
    }

    /// <summary>Before a method that returns no task returns.</summary>
    public static void PhaseEnded(object? phase)
    {
        if (phase is TestPhase started && DetectorRuntime.Enabled)
            Guard.Run(started, static p => p.Ended(ThreadRegistry.Current));
    }

    /// <summary>Before a method returns <paramref name="task"/> (a <c>Task</c>, or null).</summary>
    public static void PhaseReturned(object? task, object? phase)
    {
        if (task is Task returned)
            PhaseReturnedValueTask(new ValueTask(returned), phase);
        else
            PhaseEnded(phase);
    }

    /// <summary>Before a method returns a <c>ValueTask</c>.</summary>
    public static void PhaseReturnedValueTask(ValueTask task, object? phase)
    {
        if (phase is TestPhase started && DetectorRuntime.Enabled)
            Guard.Run((started, task), static a => a.started.Returned(a.task, ThreadRegistry.Current));
    }
}
