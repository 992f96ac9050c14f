using System.Runtime.CompilerServices;
using RaceDetector.Runtime.Detection;
using RaceDetector.Runtime.Tasks;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.Sync;

/// <summary>
/// Wait handles the framework signals once forked work has finished (<c>Timer.Dispose(WaitHandle)</c> signals its
/// handle after the last callback): a wait on one that returns signalled acquires that work's completion.
/// </summary>
internal static class CompletionHandles
{
    static readonly ConditionalWeakTable<WaitHandle, ForkScope> s_work = new();

    /// <summary><paramref name="handle"/> will be signalled when the work of <paramref name="scope"/> is done.</summary>
    public static void Register(WaitHandle? handle, ForkScope? scope)
    {
        if (handle is not null && scope is not null && DetectorRuntime.Enabled)
            Guard.Run((handle, scope), static a => s_work.AddOrUpdate(a.handle, a.scope));
    }

    /// <summary>After a wait on <paramref name="handle"/> returned signalled.</summary>
    public static void Waited(WaitHandle handle)
    {
        if (s_work.TryGetValue(handle, out var scope))
            scope.AcquireCompletion(ThreadRegistry.Current, 0);
    }
}
