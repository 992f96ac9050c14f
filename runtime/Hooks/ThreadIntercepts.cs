using System.ComponentModel;
using System.Diagnostics;
using RaceDetector.Runtime.Detection;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime;

/// <summary>Replacements for <see cref="Thread"/> start and join: the fork and join edges.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[StackTraceHidden]
public static class ThreadIntercepts
{
    const string ThreadType = "System.Threading.Thread";

    /// <summary>Replaces <see cref="Thread.Start()"/>.</summary>
    [Intercept(ThreadType, "Start")]
    public static void Start(Thread thread, int site)
    {
        Starting(thread, site);
        thread.Start();
    }

    /// <summary>Replaces <see cref="Thread.Start(object)"/>.</summary>
    [Intercept(ThreadType, "Start")]
    public static void Start(Thread thread, object? parameter, int site)
    {
        Starting(thread, site);
        thread.Start(parameter);
    }

    /// <summary>Replaces <see cref="Thread.UnsafeStart()"/>.</summary>
    [Intercept(ThreadType, "UnsafeStart")]
    public static void UnsafeStart(Thread thread, int site)
    {
        Starting(thread, site);
        thread.UnsafeStart();
    }

    /// <summary>Replaces <see cref="Thread.UnsafeStart(object)"/>.</summary>
    [Intercept(ThreadType, "UnsafeStart")]
    public static void UnsafeStart(Thread thread, object? parameter, int site)
    {
        Starting(thread, site);
        thread.UnsafeStart(parameter);
    }

    /// <summary>Replaces <see cref="Thread.Join()"/>.</summary>
    [Intercept(ThreadType, "Join")]
    public static void Join(Thread thread, int site)
    {
        Sync.Interrupts.Observing(thread, static t => { t.Join(); return true; });
        Joined(thread, true);
    }

    /// <summary>Replaces <see cref="Thread.Join(int)"/>.</summary>
    [Intercept(ThreadType, "Join")]
    public static bool Join(Thread thread, int millisecondsTimeout, int site) =>
        Joined(thread, Sync.Interrupts.Observing((thread, millisecondsTimeout), static a => a.thread.Join(a.millisecondsTimeout)));

    /// <summary>Replaces <see cref="Thread.Join(TimeSpan)"/>.</summary>
    [Intercept(ThreadType, "Join")]
    public static bool Join(Thread thread, TimeSpan timeout, int site) =>
        Joined(thread, Sync.Interrupts.Observing((thread, timeout), static a => a.thread.Join(a.timeout)));

    /// <summary>Replaces <see cref="Thread.Interrupt"/>: it happens before the interrupted thread's ThreadInterruptedException.</summary>
    [Intercept(ThreadType, "Interrupt")]
    public static void Interrupt(Thread thread, int site)
    {
        Sync.Interrupts.Interrupting(thread);
        thread.Interrupt();
    }

    /// <summary>Replaces <see cref="Thread.Sleep(int)"/>, which is where interrupts usually land.</summary>
    [Intercept(ThreadType, "Sleep")]
    public static void Sleep(int millisecondsTimeout, int site)
    {
        Sync.Interrupts.Observing(millisecondsTimeout, static ms => { Thread.Sleep(ms); return true; });
    }

    /// <summary>Replaces <see cref="Thread.Sleep(TimeSpan)"/>.</summary>
    [Intercept(ThreadType, "Sleep")]
    public static void Sleep(TimeSpan timeout, int site)
    {
        Sync.Interrupts.Observing(timeout, static t => { Thread.Sleep(t); return true; });
    }

    static void Starting(Thread thread, int site)
    {
        if (DetectorRuntime.Enabled && thread is not null)
            Guard.Run((thread, site), static a => ThreadRegistry.OnStarting(ThreadRegistry.Current, a.thread, a.site));
    }

    static bool Joined(Thread thread, bool joined)
    {
        if (joined && DetectorRuntime.Enabled)
            Guard.Run(thread, static t => ThreadRegistry.OnJoined(ThreadRegistry.Current, t));
        return joined;
    }
}
