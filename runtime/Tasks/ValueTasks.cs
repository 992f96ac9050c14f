using System.Reflection;

namespace RaceDetector.Runtime.Tasks;

/// <summary>
/// The object behind a ValueTask (a Task, or an IValueTaskSource such as an async method's box), which
/// is what completion clocks are keyed by. ValueTask does not expose it, so it is read from its field.
/// </summary>
internal static class ValueTasks
{
    const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic;

    static readonly FieldInfo? s_source = typeof(ValueTask).GetField("_obj", Instance);

    public static object? SourceOf(ValueTask task) => s_source?.GetValueDirect(__makeref(task));

    /// <summary>The source of a ValueTask&lt;T&gt;.</summary>
    public static object? SourceOf<T>(ValueTask<T> task) => Field<T>.Source?.GetValueDirect(__makeref(task));

    static class Field<T>
    {
        public static readonly FieldInfo? Source = typeof(ValueTask<T>).GetField("_obj", Instance);
    }
}
