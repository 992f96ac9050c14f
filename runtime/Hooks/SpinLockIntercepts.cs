using System.ComponentModel;
using System.Diagnostics;
using RaceDetector.Runtime.Sync;

namespace RaceDetector.Runtime;

/// <summary>
/// Replacements for <see cref="SpinLock"/>, a struct used in place. Its identity is the shadow of the
/// field that holds it (passed as <c>key</c>), which is stable while the struct moves with its object.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[StackTraceHidden]
public static class SpinLockIntercepts
{
    const string Type = "System.Threading.SpinLock";

    /// <summary>Replaces <see cref="SpinLock.Enter"/>.</summary>
    [Intercept(Type, "Enter")]
    public static void Enter(ref SpinLock spinLock, ref bool lockTaken, ref VarState? key, int site)
    {
        spinLock.Enter(ref lockTaken);
        if (lockTaken)
            LockModel.Acquired(VarState.Ensure(ref key), site);
    }

    /// <summary>Replaces <see cref="SpinLock.TryEnter(ref bool)"/>.</summary>
    [Intercept(Type, "TryEnter")]
    public static void TryEnter(ref SpinLock spinLock, ref bool lockTaken, ref VarState? key, int site)
    {
        spinLock.TryEnter(ref lockTaken);
        if (lockTaken)
            LockModel.Acquired(VarState.Ensure(ref key), site);
    }

    /// <summary>Replaces <see cref="SpinLock.TryEnter(int, ref bool)"/>.</summary>
    [Intercept(Type, "TryEnter")]
    public static void TryEnter(ref SpinLock spinLock, int millisecondsTimeout, ref bool lockTaken, ref VarState? key, int site)
    {
        spinLock.TryEnter(millisecondsTimeout, ref lockTaken);
        if (lockTaken)
            LockModel.Acquired(VarState.Ensure(ref key), site);
    }

    /// <summary>Replaces <see cref="SpinLock.TryEnter(TimeSpan, ref bool)"/>.</summary>
    [Intercept(Type, "TryEnter")]
    public static void TryEnter(ref SpinLock spinLock, TimeSpan timeout, ref bool lockTaken, ref VarState? key, int site)
    {
        spinLock.TryEnter(timeout, ref lockTaken);
        if (lockTaken)
            LockModel.Acquired(VarState.Ensure(ref key), site);
    }

    /// <summary>Replaces <see cref="SpinLock.Exit()"/>.</summary>
    [Intercept(Type, "Exit")]
    public static void Exit(ref SpinLock spinLock, ref VarState? key, int site)
    {
        LockModel.Releasing(VarState.Ensure(ref key));
        spinLock.Exit();
    }

    /// <summary>Replaces <see cref="SpinLock.Exit(bool)"/>.</summary>
    [Intercept(Type, "Exit")]
    public static void Exit(ref SpinLock spinLock, bool useMemoryBarrier, ref VarState? key, int site)
    {
        LockModel.Releasing(VarState.Ensure(ref key));
        spinLock.Exit(useMemoryBarrier);
    }
}
