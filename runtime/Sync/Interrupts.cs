using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.Sync;

/// <summary>
/// Thread.Interrupt happens before the interrupted thread's ThreadInterruptedException. The interrupt
/// releases into a clock keyed by the target Thread; the replaced blocking calls acquire it in an
/// exception filter, which observes the exception without catching it.
/// </summary>
internal static class Interrupts
{
    sealed class Key
    {
    }

    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Thread, Key> s_keys = new();

    public static void Interrupting(Thread target) => Signals.Release(s_keys.GetValue(target, static _ => new Key()));

    /// <summary>Runs a blocking wait; an interrupt it throws is observed (acquired) on its way out.</summary>
    public static TResult Observing<TState, TResult>(TState state, Func<TState, TResult> wait)
    {
        try
        {
            return wait(state);
        }
        catch (ThreadInterruptedException) when (Observed())
        {
            throw;
        }
    }

    /// <summary>For <c>catch (ThreadInterruptedException) when (Interrupts.Observed())</c>: acquires, never catches.</summary>
    public static bool Observed()
    {
        if (s_keys.TryGetValue(Thread.CurrentThread, out var key))
            Signals.Acquire(key);
        return false;
    }
}
