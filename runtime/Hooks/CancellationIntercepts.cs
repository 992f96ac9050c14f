using System.ComponentModel;
using System.Diagnostics;
using RaceDetector.Runtime.Sync;
using RaceDetector.Runtime.Tasks;

namespace RaceDetector.Runtime;

/// <summary>
/// Replacements for <see cref="CancellationTokenSource"/> and <see cref="CancellationToken"/>: asking a
/// source to cancel happens before the callbacks registered on its token, before an
/// <see cref="OperationCanceledException"/> carrying the token is caught, and before a wait on the
/// token's WaitHandle returns (see <see cref="Cancellations"/>). Callbacks run as logical threads that
/// start after their registration and end before the Cancel that ran them returns (or CancelAsync's task completes).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[StackTraceHidden]
public static class CancellationIntercepts
{
    const string Source = "System.Threading.CancellationTokenSource";
    const string Token = "System.Threading.CancellationToken";

    // A source made with a timeout is released as soon as it exists: nobody can observe it before that.

    /// <summary>Replaces <c>new CancellationTokenSource(int)</c>.</summary>
    [Intercept(Source, ".ctor")]
    public static CancellationTokenSource Create(int millisecondsDelay, int site) => Requested(new CancellationTokenSource(millisecondsDelay));

    /// <summary>Replaces <c>new CancellationTokenSource(TimeSpan)</c>.</summary>
    [Intercept(Source, ".ctor")]
    public static CancellationTokenSource Create(TimeSpan delay, int site) => Requested(new CancellationTokenSource(delay));

    /// <summary>Replaces <c>new CancellationTokenSource(TimeSpan, TimeProvider)</c>.</summary>
    [Intercept(Source, ".ctor")]
    public static CancellationTokenSource Create(TimeSpan delay, TimeProvider timeProvider, int site) =>
        Requested(new CancellationTokenSource(delay, timeProvider));

    /// <summary>Replaces <see cref="CancellationTokenSource.Cancel()"/>.</summary>
    [Intercept(Source, "Cancel")]
    public static void Cancel(CancellationTokenSource source, int site)
    {
        bool wasCancelled = source.IsCancellationRequested;
        Cancellations.Cancelling(source);
        try { source.Cancel(); }
        finally { Cancellations.CallbacksRan(source, wasCancelled); }
    }

    /// <summary>Replaces <see cref="CancellationTokenSource.Cancel(bool)"/>.</summary>
    [Intercept(Source, "Cancel")]
    public static void Cancel(CancellationTokenSource source, bool throwOnFirstException, int site)
    {
        bool wasCancelled = source.IsCancellationRequested;
        Cancellations.Cancelling(source);
        try { source.Cancel(throwOnFirstException); }
        finally { Cancellations.CallbacksRan(source, wasCancelled); }
    }

    /// <summary>Replaces <see cref="CancellationTokenSource.CancelAsync"/>.</summary>
    [Intercept(Source, "CancelAsync")]
    public static Task CancelAsync(CancellationTokenSource source, int site)
    {
        Cancellations.Cancelling(source);
        return Cancellations.CallbacksRunning(source.CancelAsync(), source);
    }

    /// <summary>Replaces <see cref="CancellationTokenSource.CancelAfter(int)"/>.</summary>
    [Intercept(Source, "CancelAfter")]
    public static void CancelAfter(CancellationTokenSource source, int millisecondsDelay, int site)
    {
        Cancellations.Cancelling(source);
        source.CancelAfter(millisecondsDelay);
    }

    /// <summary>Replaces <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/>.</summary>
    [Intercept(Source, "CancelAfter")]
    public static void CancelAfter(CancellationTokenSource source, TimeSpan delay, int site)
    {
        Cancellations.Cancelling(source);
        source.CancelAfter(delay);
    }

    /// <summary>Replaces <see cref="CancellationTokenSource.CreateLinkedTokenSource(CancellationToken)"/>.</summary>
    [Intercept(Source, "CreateLinkedTokenSource")]
    public static CancellationTokenSource CreateLinkedTokenSource(CancellationToken token, int site) =>
        Cancellations.Linked(CancellationTokenSource.CreateLinkedTokenSource(token), [token]);

    /// <summary>Replaces <see cref="CancellationTokenSource.CreateLinkedTokenSource(CancellationToken, CancellationToken)"/>.</summary>
    [Intercept(Source, "CreateLinkedTokenSource")]
    public static CancellationTokenSource CreateLinkedTokenSource(CancellationToken token1, CancellationToken token2, int site) =>
        Cancellations.Linked(CancellationTokenSource.CreateLinkedTokenSource(token1, token2), [token1, token2]);

    /// <summary>Replaces <see cref="CancellationTokenSource.CreateLinkedTokenSource(CancellationToken[])"/>.</summary>
    [Intercept(Source, "CreateLinkedTokenSource")]
    public static CancellationTokenSource CreateLinkedTokenSource(CancellationToken[] tokens, int site) =>
        Cancellations.Linked(CancellationTokenSource.CreateLinkedTokenSource(tokens), tokens);

#if NET9_0_OR_GREATER
    /// <summary>Replaces <see cref="CancellationTokenSource.CreateLinkedTokenSource(ReadOnlySpan{CancellationToken})"/>.</summary>
    [Intercept(Source, "CreateLinkedTokenSource")]
    public static CancellationTokenSource CreateLinkedTokenSource(ReadOnlySpan<CancellationToken> tokens, int site) =>
        Cancellations.Linked(CancellationTokenSource.CreateLinkedTokenSource(tokens), tokens);
#endif

    /// <summary>Replaces <see cref="CancellationToken.WaitHandle"/>.</summary>
    [Intercept(Token, "get_WaitHandle")]
    public static WaitHandle WaitHandle(ref CancellationToken token, int site) => Cancellations.HandleOf(token, token.WaitHandle);

    /// <summary>Replaces <see cref="CancellationToken.Register(Action)"/>.</summary>
    [Intercept(Token, "Register")]
    public static CancellationTokenRegistration Register(ref CancellationToken token, Action callback, int site) =>
        token.Register(ForkWrappers.Wrap(callback, Registering(token, site))!);

    /// <summary>Replaces <see cref="CancellationToken.Register(Action, bool)"/>.</summary>
    [Intercept(Token, "Register")]
    public static CancellationTokenRegistration Register(ref CancellationToken token, Action callback, bool useSynchronizationContext, int site) =>
        token.Register(ForkWrappers.Wrap(callback, Registering(token, site))!, useSynchronizationContext);

    /// <summary>Replaces <see cref="CancellationToken.Register(Action{object}, object)"/>.</summary>
    [Intercept(Token, "Register")]
    public static CancellationTokenRegistration Register(ref CancellationToken token, Action<object?> callback, object? state, int site) =>
        token.Register(ForkWrappers.Wrap(callback, Registering(token, site))!, state);

    /// <summary>Replaces <see cref="CancellationToken.Register(Action{object}, object, bool)"/>.</summary>
    [Intercept(Token, "Register")]
    public static CancellationTokenRegistration Register(ref CancellationToken token, Action<object?> callback, object? state,
        bool useSynchronizationContext, int site) =>
        token.Register(ForkWrappers.Wrap(callback, Registering(token, site))!, state, useSynchronizationContext);

    /// <summary>Replaces <see cref="CancellationToken.Register(Action{object, CancellationToken}, object)"/>.</summary>
    [Intercept(Token, "Register")]
    public static CancellationTokenRegistration Register(ref CancellationToken token, Action<object?, CancellationToken> callback, object? state, int site) =>
        token.Register(ForkWrappers.Wrap(callback, Registering(token, site))!, state);

    /// <summary>Replaces <see cref="CancellationToken.UnsafeRegister(Action{object}, object)"/>.</summary>
    [Intercept(Token, "UnsafeRegister")]
    public static CancellationTokenRegistration UnsafeRegister(ref CancellationToken token, Action<object?> callback, object? state, int site) =>
        token.UnsafeRegister(ForkWrappers.Wrap(callback, Registering(token, site))!, state);

    /// <summary>Replaces <see cref="CancellationToken.UnsafeRegister(Action{object, CancellationToken}, object)"/>.</summary>
    [Intercept(Token, "UnsafeRegister")]
    public static CancellationTokenRegistration UnsafeRegister(ref CancellationToken token, Action<object?, CancellationToken> callback, object? state,
        int site) =>
        token.UnsafeRegister(ForkWrappers.Wrap(callback, Registering(token, site))!, state);

    /// <summary>The callback starts after its registration and after the requests to cancel the token's source.</summary>
    static ForkScope? Registering(CancellationToken token, int site) =>
        TaskHooks.BeginFork((int)ForkKind.Callback, site, Cancellations.SourceOf(token));

    static CancellationTokenSource Requested(CancellationTokenSource source)
    {
        Cancellations.Cancelling(source);
        return source;
    }
}
