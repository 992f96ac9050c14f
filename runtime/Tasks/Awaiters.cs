using System.Runtime.CompilerServices;

namespace RaceDetector.Runtime.Tasks;

/// <summary>
/// The task behind an awaiter. Task awaiters keep their task in their first (reference) field and
/// ValueTask awaiters wrap the ValueTask as their only field, so reinterpreting the awaiter reads it;
/// a self-check at start-up confirms the layout of the running framework, or falls back to null
/// (the await is then ordered by program order alone).
/// </summary>
internal static class Awaiters
{
    static readonly bool s_layoutChecked = CheckLayout();

    public static object? TaskOf<TAwaiter>(ref TAwaiter awaiter) where TAwaiter : struct =>
        s_layoutChecked ? Unsafe.As<TAwaiter, object?>(ref awaiter) : null;

    public static object? SourceOf<TResult, TAwaiter>(ref TAwaiter awaiter) where TAwaiter : struct =>
        ValueTasks.SourceOf(Unsafe.As<TAwaiter, ValueTask<TResult>>(ref awaiter));

    public static object? SourceOf<TAwaiter>(ref TAwaiter awaiter) where TAwaiter : struct =>
        ValueTasks.SourceOf(Unsafe.As<TAwaiter, ValueTask>(ref awaiter));

    static bool CheckLayout()
    {
        var task = new TaskCompletionSource<string>().Task;
        var plain = task.GetAwaiter();
        var configured = task.ConfigureAwait(false).GetAwaiter();
        var untyped = ((Task)task).GetAwaiter();
        var untypedConfigured = ((Task)task).ConfigureAwait(false).GetAwaiter();
        return ReferenceEquals(Unsafe.As<TaskAwaiter<string>, object>(ref plain), task)
            && ReferenceEquals(Unsafe.As<ConfiguredTaskAwaitable<string>.ConfiguredTaskAwaiter, object>(ref configured), task)
            && ReferenceEquals(Unsafe.As<TaskAwaiter, object>(ref untyped), task)
            && ReferenceEquals(Unsafe.As<ConfiguredTaskAwaitable.ConfiguredTaskAwaiter, object>(ref untypedConfigured), task);
    }
}
