using System.Runtime.CompilerServices;
using System.Threading.Tasks.Dataflow;
using RaceDetector.Runtime.Sync;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.Tasks;

/// <summary>
/// TPL Dataflow. A block built in instrumented code with a delegate (<c>ActionBlock</c>, <c>TransformBlock</c>,
/// <c>TransformManyBlock</c>) is a <see cref="ForkKind.Dataflow"/> fork bound to the block: each invocation of the
/// delegate runs as a logical thread. Posting to a block (<c>Post</c>, <c>SendAsync</c>) releases into the block's
/// clock, and links (<c>LinkTo</c>) are remembered from target to source. An invocation starts after everything
/// posted to its block or to any block upstream of it, and after every upstream invocation that had finished;
/// receiving from a block (<c>Receive</c>, <c>TryReceive</c>) and awaiting its <c>Completion</c> come after the same
/// and after the block's own finished invocations. Items are not told apart: an invocation also comes after posts
/// made after its item's, which can hide a race with a write made between two posts. A block that processes one item
/// at a time (<c>MaxDegreeOfParallelism</c> 1, the default) orders its invocations one after the other; a parallel
/// one does not.
/// </summary>
internal static class DataflowBlocks
{
    static readonly ConditionalWeakTable<object, List<object>> s_sources = new();
    static readonly ConditionalWeakTable<ForkScope, object> s_blocks = new();
    static readonly ConditionalWeakTable<ForkScope, object> s_serial = new();

    /// <summary>
    /// A block is being built with <paramref name="lastArgument"/> last: its options, or its delegate when it has none.
    /// A block that runs one item at a time (the default) orders each invocation after the previous one.
    /// </summary>
    public static void Created(ForkScope scope, object? lastArgument)
    {
        if (lastArgument is not ExecutionDataflowBlockOptions { MaxDegreeOfParallelism: not 1 })
            s_serial.AddOrUpdate(scope, scope);
    }

    /// <summary>The block <paramref name="block"/> runs the delegates of <paramref name="scope"/>.</summary>
    public static void Bound(ForkScope scope, object block) => s_blocks.AddOrUpdate(scope, block);

    public static void Linked(object source, object target)
    {
        var sources = s_sources.GetValue(target, static _ => new List<object>());
        lock (sources)
            sources.Add(source);
    }

    public static void Posted(object target) => Signals.Release(target);

    /// <summary>An invocation of <paramref name="scope"/>'s delegate starts on <paramref name="segment"/>.</summary>
    public static void Entering(ForkScope scope, TrackedThread segment)
    {
        if (s_blocks.TryGetValue(scope, out var block))
            AcquireUpstream(block, segment, ownWork: s_serial.TryGetValue(scope, out _));
    }

    /// <summary>Something was received from <paramref name="block"/>.</summary>
    public static void Received(object block) => AcquireUpstream(block, ThreadRegistry.Current, ownWork: true);

    /// <summary>Awaiting <paramref name="completion"/>, the task of a block with a delegate, comes after its invocations.</summary>
    public static void Completing(object block, Task completion)
    {
        if (TaskHooks.BoundScope(block) is { } scope)
            TaskClocks.BindScope(completion, scope);
    }

    static void AcquireUpstream(object block, TrackedThread thread, bool ownWork)
    {
        Signals.ClockOf(block).Acquire(thread);
        if (ownWork && TaskHooks.BoundScope(block) is { } own)
            own.AcquireCompletion(thread, 0);
        if (!s_sources.TryGetValue(block, out var direct))
            return; // a block nothing is linked to: no walk, nothing allocated per run
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance) { block };
        var pending = new Stack<object>();
        PushNew(direct, seen, pending);
        while (pending.TryPop(out var current))
        {
            Signals.ClockOf(current).Acquire(thread);
            if (TaskHooks.BoundScope(current) is { } scope)
                scope.AcquireCompletion(thread, 0);
            if (s_sources.TryGetValue(current, out var sources))
                PushNew(sources, seen, pending);
        }
    }

    static void PushNew(List<object> sources, HashSet<object> seen, Stack<object> pending)
    {
        lock (sources)
        {
            foreach (var source in sources)
            {
                if (seen.Add(source))
                    pending.Push(source);
            }
        }
    }
}
