using System.Runtime.CompilerServices;

namespace RaceDetector.Runtime.Reporting;

/// <summary>Small, stable ids (#1, #2, ...) for objects that appear in reports, held weakly.</summary>
internal static class ObjectIds
{
    static readonly ConditionalWeakTable<object, StrongBox<int>> s_ids = new();
    static int s_next;

    public static int Of(object target) =>
        s_ids.GetValue(target, static _ => new StrongBox<int>(Interlocked.Increment(ref s_next))).Value;
}
