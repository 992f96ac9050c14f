using System.ComponentModel;
using System.Diagnostics;
using RaceDetector.Runtime.Sync;

namespace RaceDetector.Runtime;

/// <summary>
/// Replacements for events and wait handles: <c>Set</c> (and <c>ReleaseMutex</c>, <c>Signal</c>) happens
/// before a wait that returns true. Waiting on a <see cref="Semaphore"/> takes a permit instead.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[StackTraceHidden]
public static class SignalIntercepts
{
    const string Slim = "System.Threading.ManualResetEventSlim";
    const string Handle = "System.Threading.WaitHandle";
    const string Countdown = "System.Threading.CountdownEvent";

    /// <summary>Replaces <see cref="EventWaitHandle.Set"/> (ManualResetEvent, AutoResetEvent).</summary>
    [Intercept("System.Threading.EventWaitHandle", "Set")]
    public static bool Set(EventWaitHandle handle, int site)
    {
        Signals.Release(handle);
        return handle.Set();
    }

    /// <summary>Replaces <see cref="Mutex.ReleaseMutex"/>.</summary>
    [Intercept("System.Threading.Mutex", "ReleaseMutex")]
    public static void ReleaseMutex(Mutex mutex, int site)
    {
        Signals.Release(mutex);
        mutex.ReleaseMutex();
    }

    /// <summary>Replaces <see cref="WaitHandle.WaitOne()"/>.</summary>
    [Intercept(Handle, "WaitOne")]
    public static bool WaitOne(WaitHandle handle, int site) => Waited(handle, Interrupts.Observing(handle, static h => h.WaitOne()));

    /// <summary>Replaces <see cref="WaitHandle.WaitOne(int)"/>.</summary>
    [Intercept(Handle, "WaitOne")]
    public static bool WaitOne(WaitHandle handle, int millisecondsTimeout, int site) =>
        Waited(handle, Interrupts.Observing((handle, millisecondsTimeout), static a => a.handle.WaitOne(a.millisecondsTimeout)));

    /// <summary>Replaces <see cref="WaitHandle.WaitOne(TimeSpan)"/>.</summary>
    [Intercept(Handle, "WaitOne")]
    public static bool WaitOne(WaitHandle handle, TimeSpan timeout, int site) =>
        Waited(handle, Interrupts.Observing((handle, timeout), static a => a.handle.WaitOne(a.timeout)));

    /// <summary>Replaces <see cref="WaitHandle.WaitOne(int, bool)"/>.</summary>
    [Intercept(Handle, "WaitOne")]
    public static bool WaitOne(WaitHandle handle, int millisecondsTimeout, bool exitContext, int site) =>
        Waited(handle, Interrupts.Observing((handle, millisecondsTimeout, exitContext), static a => a.handle.WaitOne(a.millisecondsTimeout, a.exitContext)));

    /// <summary>Replaces <see cref="WaitHandle.WaitOne(TimeSpan, bool)"/>.</summary>
    [Intercept(Handle, "WaitOne")]
    public static bool WaitOne(WaitHandle handle, TimeSpan timeout, bool exitContext, int site) =>
        Waited(handle, Interrupts.Observing((handle, timeout, exitContext), static a => a.handle.WaitOne(a.timeout, a.exitContext)));

    /// <summary>Replaces <see cref="WaitHandle.WaitAll(WaitHandle[])"/>.</summary>
    [Intercept(Handle, "WaitAll")]
    public static bool WaitAll(WaitHandle[] handles, int site) =>
        WaitedAll(handles, Interrupts.Observing(handles, static h => WaitHandle.WaitAll(h)));

    /// <summary>Replaces <see cref="WaitHandle.WaitAll(WaitHandle[], int)"/>.</summary>
    [Intercept(Handle, "WaitAll")]
    public static bool WaitAll(WaitHandle[] handles, int millisecondsTimeout, int site) =>
        WaitedAll(handles, Interrupts.Observing((handles, millisecondsTimeout), static a => WaitHandle.WaitAll(a.handles, a.millisecondsTimeout)));

    /// <summary>Replaces <see cref="WaitHandle.WaitAll(WaitHandle[], TimeSpan)"/>.</summary>
    [Intercept(Handle, "WaitAll")]
    public static bool WaitAll(WaitHandle[] handles, TimeSpan timeout, int site) => WaitedAll(handles, WaitHandle.WaitAll(handles, timeout));

    /// <summary>Replaces <see cref="WaitHandle.WaitAny(WaitHandle[])"/>.</summary>
    [Intercept(Handle, "WaitAny")]
    public static int WaitAny(WaitHandle[] handles, int site) =>
        WaitedAny(handles, Interrupts.Observing(handles, static h => WaitHandle.WaitAny(h)));

    /// <summary>Replaces <see cref="WaitHandle.WaitAny(WaitHandle[], int)"/>.</summary>
    [Intercept(Handle, "WaitAny")]
    public static int WaitAny(WaitHandle[] handles, int millisecondsTimeout, int site) =>
        WaitedAny(handles, WaitHandle.WaitAny(handles, millisecondsTimeout));

    /// <summary>Replaces <see cref="WaitHandle.WaitAny(WaitHandle[], TimeSpan)"/>.</summary>
    [Intercept(Handle, "WaitAny")]
    public static int WaitAny(WaitHandle[] handles, TimeSpan timeout, int site) => WaitedAny(handles, WaitHandle.WaitAny(handles, timeout));

    /// <summary>Replaces <see cref="ManualResetEventSlim.Set"/>.</summary>
    [Intercept(Slim, "Set")]
    public static void Set(ManualResetEventSlim handle, int site)
    {
        Signals.Release(handle);
        handle.Set();
    }

    /// <summary>Replaces <see cref="ManualResetEventSlim.Wait()"/>.</summary>
    [Intercept(Slim, "Wait")]
    public static void Wait(ManualResetEventSlim handle, int site)
    {
        Interrupts.Observing(handle, static h => { h.Wait(); return true; });
        Signals.Acquire(handle);
    }

    /// <summary>Replaces <see cref="ManualResetEventSlim.Wait(int)"/>.</summary>
    [Intercept(Slim, "Wait")]
    public static bool Wait(ManualResetEventSlim handle, int millisecondsTimeout, int site) =>
        Signals.AcquireIf(handle, Interrupts.Observing((handle, millisecondsTimeout), static a => a.handle.Wait(a.millisecondsTimeout)));

    /// <summary>Replaces <see cref="ManualResetEventSlim.Wait(TimeSpan)"/>.</summary>
    [Intercept(Slim, "Wait")]
    public static bool Wait(ManualResetEventSlim handle, TimeSpan timeout, int site) =>
        Signals.AcquireIf(handle, Interrupts.Observing((handle, timeout), static a => a.handle.Wait(a.timeout)));

    /// <summary>Replaces <see cref="ManualResetEventSlim.Wait(CancellationToken)"/>.</summary>
    [Intercept(Slim, "Wait")]
    public static void Wait(ManualResetEventSlim handle, CancellationToken cancellationToken, int site)
    {
        handle.Wait(cancellationToken);
        Signals.Acquire(handle);
    }

    /// <summary>Replaces <see cref="ManualResetEventSlim.Wait(int, CancellationToken)"/>.</summary>
    [Intercept(Slim, "Wait")]
    public static bool Wait(ManualResetEventSlim handle, int millisecondsTimeout, CancellationToken cancellationToken, int site) =>
        Signals.AcquireIf(handle, handle.Wait(millisecondsTimeout, cancellationToken));

    /// <summary>Replaces <see cref="ManualResetEventSlim.Wait(TimeSpan, CancellationToken)"/>.</summary>
    [Intercept(Slim, "Wait")]
    public static bool Wait(ManualResetEventSlim handle, TimeSpan timeout, CancellationToken cancellationToken, int site) =>
        Signals.AcquireIf(handle, handle.Wait(timeout, cancellationToken));

    /// <summary>Replaces <see cref="CountdownEvent.Signal()"/>.</summary>
    [Intercept(Countdown, "Signal")]
    public static bool Signal(CountdownEvent countdown, int site)
    {
        Signals.Release(countdown);
        return countdown.Signal();
    }

    /// <summary>Replaces <see cref="CountdownEvent.Signal(int)"/>.</summary>
    [Intercept(Countdown, "Signal")]
    public static bool Signal(CountdownEvent countdown, int signalCount, int site)
    {
        Signals.Release(countdown);
        return countdown.Signal(signalCount);
    }

    /// <summary>Replaces <see cref="CountdownEvent.Wait()"/>.</summary>
    [Intercept(Countdown, "Wait")]
    public static void Wait(CountdownEvent countdown, int site)
    {
        Interrupts.Observing(countdown, static c => { c.Wait(); return true; });
        Signals.Acquire(countdown);
    }

    /// <summary>Replaces <see cref="CountdownEvent.Wait(int)"/>.</summary>
    [Intercept(Countdown, "Wait")]
    public static bool Wait(CountdownEvent countdown, int millisecondsTimeout, int site) =>
        Signals.AcquireIf(countdown, countdown.Wait(millisecondsTimeout));

    /// <summary>Replaces <see cref="CountdownEvent.Wait(TimeSpan)"/>.</summary>
    [Intercept(Countdown, "Wait")]
    public static bool Wait(CountdownEvent countdown, TimeSpan timeout, int site) => Signals.AcquireIf(countdown, countdown.Wait(timeout));

    /// <summary>Replaces <see cref="CountdownEvent.Wait(CancellationToken)"/>.</summary>
    [Intercept(Countdown, "Wait")]
    public static void Wait(CountdownEvent countdown, CancellationToken cancellationToken, int site)
    {
        countdown.Wait(cancellationToken);
        Signals.Acquire(countdown);
    }

    static bool Waited(WaitHandle handle, bool signalled)
    {
        if (handle is Semaphore)
            return Permits.TakenIf(handle, signalled);
        if (signalled)
        {
            Cancellations.HandleWaited(handle);
            CompletionHandles.Waited(handle);
        }
        return Signals.AcquireIf(handle, signalled);
    }

    static bool WaitedAll(WaitHandle[] handles, bool signalled)
    {
        if (signalled)
            foreach (var handle in handles)
                Waited(handle, true);
        return signalled;
    }

    static int WaitedAny(WaitHandle[] handles, int index)
    {
        if ((uint)index < (uint)handles.Length)
            Waited(handles[index], true);
        return index;
    }
}
