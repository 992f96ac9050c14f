using System.ComponentModel;
using System.Diagnostics;

namespace RaceDetector.Runtime;

/// <summary>
/// Replacements for completing a <see cref="TaskCompletionSource"/>: everything before SetResult (or
/// SetException, SetCanceled, and their Try forms) happens before the code that observes the completion.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[StackTraceHidden]
public static class CompletionSourceIntercepts
{
    const string Source = "System.Threading.Tasks.TaskCompletionSource";
    const string SourceOfT = "System.Threading.Tasks.TaskCompletionSource`1";

    /// <summary>Replaces <see cref="TaskCompletionSource.SetResult"/>.</summary>
    [Intercept(Source, "SetResult")]
    public static void SetResult(TaskCompletionSource source, int site)
    {
        TaskHooks.AsyncCompleting(source.Task);
        source.SetResult();
    }

    /// <summary>Replaces <see cref="TaskCompletionSource.TrySetResult"/>.</summary>
    [Intercept(Source, "TrySetResult")]
    public static bool TrySetResult(TaskCompletionSource source, int site)
    {
        TaskHooks.AsyncCompleting(source.Task);
        return source.TrySetResult();
    }

    /// <summary>Replaces <see cref="TaskCompletionSource.SetException(Exception)"/>.</summary>
    [Intercept(Source, "SetException")]
    public static void SetException(TaskCompletionSource source, Exception exception, int site)
    {
        TaskHooks.AsyncCompleting(source.Task);
        source.SetException(exception);
    }

    /// <summary>Replaces <see cref="TaskCompletionSource.TrySetException(Exception)"/>.</summary>
    [Intercept(Source, "TrySetException")]
    public static bool TrySetException(TaskCompletionSource source, Exception exception, int site)
    {
        TaskHooks.AsyncCompleting(source.Task);
        return source.TrySetException(exception);
    }

    /// <summary>Replaces <see cref="TaskCompletionSource.SetCanceled()"/>.</summary>
    [Intercept(Source, "SetCanceled")]
    public static void SetCanceled(TaskCompletionSource source, int site)
    {
        TaskHooks.AsyncCompleting(source.Task);
        source.SetCanceled();
    }

    /// <summary>Replaces <see cref="TaskCompletionSource.TrySetCanceled()"/>.</summary>
    [Intercept(Source, "TrySetCanceled")]
    public static bool TrySetCanceled(TaskCompletionSource source, int site)
    {
        TaskHooks.AsyncCompleting(source.Task);
        return source.TrySetCanceled();
    }

    /// <summary>Replaces <see cref="TaskCompletionSource{TResult}.SetResult"/>.</summary>
    [Intercept(SourceOfT, "SetResult")]
    public static void SetResult<TResult>(TaskCompletionSource<TResult> source, TResult result, int site)
    {
        TaskHooks.AsyncCompleting(source.Task);
        source.SetResult(result);
    }

    /// <summary>Replaces <see cref="TaskCompletionSource{TResult}.TrySetResult"/>.</summary>
    [Intercept(SourceOfT, "TrySetResult")]
    public static bool TrySetResult<TResult>(TaskCompletionSource<TResult> source, TResult result, int site)
    {
        TaskHooks.AsyncCompleting(source.Task);
        return source.TrySetResult(result);
    }

    /// <summary>Replaces <see cref="TaskCompletionSource{TResult}.SetException(Exception)"/>.</summary>
    [Intercept(SourceOfT, "SetException")]
    public static void SetException<TResult>(TaskCompletionSource<TResult> source, Exception exception, int site)
    {
        TaskHooks.AsyncCompleting(source.Task);
        source.SetException(exception);
    }

    /// <summary>Replaces <see cref="TaskCompletionSource{TResult}.TrySetException(Exception)"/>.</summary>
    [Intercept(SourceOfT, "TrySetException")]
    public static bool TrySetException<TResult>(TaskCompletionSource<TResult> source, Exception exception, int site)
    {
        TaskHooks.AsyncCompleting(source.Task);
        return source.TrySetException(exception);
    }

    /// <summary>Replaces <see cref="TaskCompletionSource{TResult}.SetCanceled()"/>.</summary>
    [Intercept(SourceOfT, "SetCanceled")]
    public static void SetCanceled<TResult>(TaskCompletionSource<TResult> source, int site)
    {
        TaskHooks.AsyncCompleting(source.Task);
        source.SetCanceled();
    }

    /// <summary>Replaces <see cref="TaskCompletionSource{TResult}.TrySetCanceled()"/>.</summary>
    [Intercept(SourceOfT, "TrySetCanceled")]
    public static bool TrySetCanceled<TResult>(TaskCompletionSource<TResult> source, int site)
    {
        TaskHooks.AsyncCompleting(source.Task);
        return source.TrySetCanceled();
    }
}
