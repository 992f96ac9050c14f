using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Timers;
using RaceDetector.Runtime.Tasks;
using Timer = System.Timers.Timer;

namespace RaceDetector.Runtime;

/// <summary>
/// Replacements for <see cref="System.Timers.Timer"/>: subscribing, starting and changing the timer
/// happen before the Elapsed handlers it then runs; handler runs are not ordered with each other.
/// Handlers are wrapped, and unsubscribing maps a handler back to its wrapper.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[StackTraceHidden]
public static class TimersIntercepts
{
    const string Type = "System.Timers.Timer";

    static readonly ConditionalWeakTable<Timer, Dictionary<ElapsedEventHandler, ElapsedEventHandler>> s_handlers = new();

    /// <summary>Replaces <c>Elapsed +=</c>.</summary>
    [Intercept(Type, "add_Elapsed")]
    public static void AddElapsed(Timer timer, ElapsedEventHandler handler, int site)
    {
        var scope = TaskHooks.BeginFork((int)ForkKind.Timer, site, null);
        TaskHooks.ForkResult(timer, scope);
        var wrapped = ForkWrappers.Wrap(handler, scope)!;
        if (!ReferenceEquals(wrapped, handler))
        {
            var handlers = s_handlers.GetValue(timer, static _ => new());
            lock (handlers)
                handlers[handler] = wrapped;
        }
        timer.Elapsed += wrapped;
    }

    /// <summary>Replaces <c>Elapsed -=</c>.</summary>
    [Intercept(Type, "remove_Elapsed")]
    public static void RemoveElapsed(Timer timer, ElapsedEventHandler handler, int site)
    {
        var wrapped = handler;
        if (s_handlers.TryGetValue(timer, out var handlers))
        {
            lock (handlers)
            {
                if (handlers.Remove(handler, out var found))
                    wrapped = found;
            }
        }
        timer.Elapsed -= wrapped;
    }

    /// <summary>Replaces <see cref="Timer.Start"/>.</summary>
    [Intercept(Type, "Start")]
    public static void Start(Timer timer, int site)
    {
        TaskHooks.Refork(timer);
        timer.Start();
    }

    /// <summary>Replaces the <see cref="Timer.Enabled"/> setter.</summary>
    [Intercept(Type, "set_Enabled")]
    public static void SetEnabled(Timer timer, bool enabled, int site)
    {
        TaskHooks.Refork(timer);
        timer.Enabled = enabled;
    }

    /// <summary>Replaces the <see cref="Timer.Interval"/> setter.</summary>
    [Intercept(Type, "set_Interval")]
    public static void SetInterval(Timer timer, double interval, int site)
    {
        TaskHooks.Refork(timer);
        timer.Interval = interval;
    }
}
