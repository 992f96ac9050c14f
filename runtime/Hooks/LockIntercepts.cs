#if NET9_0_OR_GREATER
using System.ComponentModel;
using System.Diagnostics;
using RaceDetector.Runtime.Sync;

namespace RaceDetector.Runtime;

// The Lock is passed as an object only as an identity key for its clock; nothing monitor-locks it.
#pragma warning disable CS9216

/// <summary>
/// Replacements for <see cref="System.Threading.Lock"/> (the C# 13 <c>lock</c> on a Lock instance uses
/// <c>EnterScope</c> and the scope's <c>Dispose</c>). Scopes are released in LIFO order, as <c>using</c> guarantees.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[StackTraceHidden]
public static class LockIntercepts
{
    const string LockType = "System.Threading.Lock";
    const string ScopeType = "System.Threading.Lock/Scope";

    [ThreadStatic] static Stack<Lock>? t_scopes;

    /// <summary>Replaces <see cref="Lock.Enter"/>.</summary>
    [Intercept(LockType, "Enter")]
    public static void Enter(Lock @lock, int site)
    {
        @lock.Enter();
        LockModel.Acquired(@lock, site);
    }

    /// <summary>Replaces <see cref="Lock.TryEnter()"/>.</summary>
    [Intercept(LockType, "TryEnter")]
    public static bool TryEnter(Lock @lock, int site) => Acquired(@lock, @lock.TryEnter(), site);

    /// <summary>Replaces <see cref="Lock.TryEnter(int)"/>.</summary>
    [Intercept(LockType, "TryEnter")]
    public static bool TryEnter(Lock @lock, int millisecondsTimeout, int site) =>
        Acquired(@lock, @lock.TryEnter(millisecondsTimeout), site);

    /// <summary>Replaces <see cref="Lock.TryEnter(TimeSpan)"/>.</summary>
    [Intercept(LockType, "TryEnter")]
    public static bool TryEnter(Lock @lock, TimeSpan timeout, int site) => Acquired(@lock, @lock.TryEnter(timeout), site);

    /// <summary>Replaces <see cref="Lock.Exit"/>.</summary>
    [Intercept(LockType, "Exit")]
    public static void Exit(Lock @lock, int site)
    {
        // Exit of a lock the thread does not hold throws instead: it must not become an edge.
        if (@lock?.IsHeldByCurrentThread == true)
            LockModel.Releasing(@lock);
        @lock!.Exit(); // a null lock throws here, as the call it replaces
    }

    /// <summary>Replaces <see cref="Lock.EnterScope"/>.</summary>
    [Intercept(LockType, "EnterScope")]
    public static Lock.Scope EnterScope(Lock @lock, int site)
    {
        var scope = @lock.EnterScope();
        (t_scopes ??= new()).Push(@lock);
        LockModel.Acquired(@lock, site);
        return scope;
    }

    /// <summary>Replaces <see cref="Lock.Scope.Dispose"/>.</summary>
    [Intercept(ScopeType, "Dispose")]
    public static void DisposeScope(ref Lock.Scope scope, int site)
    {
        if (t_scopes is { Count: > 0 } scopes)
            LockModel.Releasing(scopes.Pop());
        scope.Dispose();
    }

    static bool Acquired(Lock @lock, bool taken, int site)
    {
        if (taken)
            LockModel.Acquired(@lock, site);
        return taken;
    }
}
#endif
