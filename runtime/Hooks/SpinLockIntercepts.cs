using System.ComponentModel;
using System.Diagnostics;
using RaceDetector.Runtime.Sync;

namespace RaceDetector.Runtime;

/// <summary>
/// Replacements for <see cref="SpinLock"/>, a struct used in place. Its identity (<c>key</c>) is the
/// shadow of the field or array element that holds it, which is stable while the struct moves with its
/// object. A SpinLock reached through a <c>ref</c> parameter has no known holder: all of those share one
/// key, which can add edges between them but never reports a race that is not there.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[StackTraceHidden]
public static class SpinLockIntercepts
{
    const string Type = "System.Threading.SpinLock";

    static readonly object s_unknownHolder = new();

    /// <summary>Replaces <see cref="SpinLock.Enter"/>.</summary>
    [Intercept(Type, "Enter")]
    public static void Enter(ref SpinLock spinLock, ref bool lockTaken, object? key, int site)
    {
        spinLock.Enter(ref lockTaken);
        if (lockTaken)
            LockModel.Acquired(key ?? s_unknownHolder, site);
    }

    /// <summary>Replaces <see cref="SpinLock.TryEnter(ref bool)"/>.</summary>
    [Intercept(Type, "TryEnter")]
    public static void TryEnter(ref SpinLock spinLock, ref bool lockTaken, object? key, int site)
    {
        spinLock.TryEnter(ref lockTaken);
        if (lockTaken)
            LockModel.Acquired(key ?? s_unknownHolder, site);
    }

    /// <summary>Replaces <see cref="SpinLock.TryEnter(int, ref bool)"/>.</summary>
    [Intercept(Type, "TryEnter")]
    public static void TryEnter(ref SpinLock spinLock, int millisecondsTimeout, ref bool lockTaken, object? key, int site)
    {
        spinLock.TryEnter(millisecondsTimeout, ref lockTaken);
        if (lockTaken)
            LockModel.Acquired(key ?? s_unknownHolder, site);
    }

    /// <summary>Replaces <see cref="SpinLock.TryEnter(TimeSpan, ref bool)"/>.</summary>
    [Intercept(Type, "TryEnter")]
    public static void TryEnter(ref SpinLock spinLock, TimeSpan timeout, ref bool lockTaken, object? key, int site)
    {
        spinLock.TryEnter(timeout, ref lockTaken);
        if (lockTaken)
            LockModel.Acquired(key ?? s_unknownHolder, site);
    }

    /// <summary>Replaces <see cref="SpinLock.Exit()"/>.</summary>
    [Intercept(Type, "Exit")]
    public static void Exit(ref SpinLock spinLock, object? key, int site)
    {
        LockModel.Releasing(key ?? s_unknownHolder);
        spinLock.Exit();
    }

    /// <summary>Replaces <see cref="SpinLock.Exit(bool)"/>.</summary>
    [Intercept(Type, "Exit")]
    public static void Exit(ref SpinLock spinLock, bool useMemoryBarrier, object? key, int site)
    {
        LockModel.Releasing(key ?? s_unknownHolder);
        spinLock.Exit(useMemoryBarrier);
    }
}
