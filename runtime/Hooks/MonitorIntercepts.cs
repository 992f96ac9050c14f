using System.ComponentModel;
using System.Diagnostics;
using RaceDetector.Runtime.Sync;

namespace RaceDetector.Runtime;

/// <summary>
/// Replacements for <see cref="Monitor"/> calls (and so for the C# <c>lock</c> statement on objects).
/// Pulse and PulseAll need no edge: the waiter re-acquires the lock the pulser releases.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[StackTraceHidden]
public static class MonitorIntercepts
{
    const string Monitor = "System.Threading.Monitor";

    /// <summary>Replaces <see cref="System.Threading.Monitor.Enter(object)"/>.</summary>
    [Intercept(Monitor, "Enter")]
    public static void Enter(object obj, int site)
    {
        System.Threading.Monitor.Enter(obj);
        LockModel.Acquired(obj, site);
    }

    /// <summary>Replaces <see cref="System.Threading.Monitor.Enter(object, ref bool)"/>, the form <c>lock</c> uses.</summary>
    [Intercept(Monitor, "Enter")]
    public static void Enter(object obj, ref bool lockTaken, int site)
    {
        System.Threading.Monitor.Enter(obj, ref lockTaken);
        if (lockTaken)
            LockModel.Acquired(obj, site);
    }

    /// <summary>Replaces <see cref="System.Threading.Monitor.TryEnter(object)"/>.</summary>
    [Intercept(Monitor, "TryEnter")]
    public static bool TryEnter(object obj, int site) => Acquired(obj, System.Threading.Monitor.TryEnter(obj), site);

    /// <summary>Replaces <see cref="System.Threading.Monitor.TryEnter(object, int)"/>.</summary>
    [Intercept(Monitor, "TryEnter")]
    public static bool TryEnter(object obj, int millisecondsTimeout, int site) =>
        Acquired(obj, System.Threading.Monitor.TryEnter(obj, millisecondsTimeout), site);

    /// <summary>Replaces <see cref="System.Threading.Monitor.TryEnter(object, TimeSpan)"/>.</summary>
    [Intercept(Monitor, "TryEnter")]
    public static bool TryEnter(object obj, TimeSpan timeout, int site) =>
        Acquired(obj, System.Threading.Monitor.TryEnter(obj, timeout), site);

    /// <summary>Replaces <see cref="System.Threading.Monitor.TryEnter(object, ref bool)"/>.</summary>
    [Intercept(Monitor, "TryEnter")]
    public static void TryEnter(object obj, ref bool lockTaken, int site)
    {
        System.Threading.Monitor.TryEnter(obj, ref lockTaken);
        Acquired(obj, lockTaken, site);
    }

    /// <summary>Replaces <see cref="System.Threading.Monitor.TryEnter(object, int, ref bool)"/>.</summary>
    [Intercept(Monitor, "TryEnter")]
    public static void TryEnter(object obj, int millisecondsTimeout, ref bool lockTaken, int site)
    {
        System.Threading.Monitor.TryEnter(obj, millisecondsTimeout, ref lockTaken);
        Acquired(obj, lockTaken, site);
    }

    /// <summary>Replaces <see cref="System.Threading.Monitor.TryEnter(object, TimeSpan, ref bool)"/>.</summary>
    [Intercept(Monitor, "TryEnter")]
    public static void TryEnter(object obj, TimeSpan timeout, ref bool lockTaken, int site)
    {
        System.Threading.Monitor.TryEnter(obj, timeout, ref lockTaken);
        Acquired(obj, lockTaken, site);
    }

    /// <summary>Replaces <see cref="System.Threading.Monitor.Exit(object)"/>.</summary>
    [Intercept(Monitor, "Exit")]
    public static void Exit(object obj, int site)
    {
        ReleasingIfHeld(obj);
        System.Threading.Monitor.Exit(obj);
    }

    /// <summary>Replaces <see cref="System.Threading.Monitor.Wait(object)"/>: release, wait, re-acquire.</summary>
    [Intercept(Monitor, "Wait")]
    public static bool Wait(object obj, int site) =>
        Waiting(obj, 0, site, static (o, _) => System.Threading.Monitor.Wait(o));

    /// <summary>Replaces <see cref="System.Threading.Monitor.Wait(object, int)"/>.</summary>
    [Intercept(Monitor, "Wait")]
    public static bool Wait(object obj, int millisecondsTimeout, int site) =>
        Waiting(obj, millisecondsTimeout, site, static (o, ms) => System.Threading.Monitor.Wait(o, ms));

    /// <summary>Replaces <see cref="System.Threading.Monitor.Wait(object, TimeSpan)"/>.</summary>
    [Intercept(Monitor, "Wait")]
    public static bool Wait(object obj, TimeSpan timeout, int site) =>
        Waiting(obj, timeout, site, static (o, t) => System.Threading.Monitor.Wait(o, t));

    /// <summary>Replaces <see cref="System.Threading.Monitor.Wait(object, int, bool)"/>.</summary>
    [Intercept(Monitor, "Wait")]
    public static bool Wait(object obj, int millisecondsTimeout, bool exitContext, int site) =>
        Waiting(obj, (millisecondsTimeout, exitContext), site, static (o, a) => System.Threading.Monitor.Wait(o, a.millisecondsTimeout, a.exitContext));

    /// <summary>Replaces <see cref="System.Threading.Monitor.Wait(object, TimeSpan, bool)"/>.</summary>
    [Intercept(Monitor, "Wait")]
    public static bool Wait(object obj, TimeSpan timeout, bool exitContext, int site) =>
        Waiting(obj, (timeout, exitContext), site, static (o, a) => System.Threading.Monitor.Wait(o, a.timeout, a.exitContext));

    /// <summary>Wait releases the lock and holds it again when it returns or throws.</summary>
    static bool Waiting<T>(object obj, T arguments, int site, Func<object, T, bool> wait)
    {
        bool held = ReleasingIfHeld(obj);
        try
        {
            return wait(obj, arguments);
        }
        catch (ThreadInterruptedException) when (Interrupts.Observed())
        {
            throw;
        }
        finally
        {
            if (held)
                LockModel.Acquired(obj, site);
        }
    }

    static bool Acquired(object obj, bool taken, int site)
    {
        if (taken)
            LockModel.Acquired(obj, site);
        return taken;
    }

    /// <summary>Exit or Wait on a monitor the thread does not hold throws instead: no edge. Returns whether it was held.</summary>
    static bool ReleasingIfHeld(object obj)
    {
        if (obj is null || !System.Threading.Monitor.IsEntered(obj))
            return false;
        LockModel.Releasing(obj);
        return true;
    }
}
