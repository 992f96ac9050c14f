using System.Runtime.CompilerServices;
using RaceDetector.Runtime.Clocks;
using RaceDetector.Runtime.Detection;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.Sync;

/// <summary>
/// A semaphore's permits as tokens: each Release adds a token carrying the releaser's clock, each
/// successful wait takes the oldest one (the constructor's initial permits carry nothing). So the
/// Release that satisfied a wait happens before it, and holders of a semaphore with several permits
/// are not ordered with each other. Unknown initial counts (semaphores created outside instrumented
/// code) count as zero. Past <see cref="MaxTokens"/> unclaimed tokens the oldest two are merged, which
/// keeps memory bounded and can only add edges.
/// </summary>
internal sealed class Permits
{
    const int MaxTokens = 4096;

    static readonly ConditionalWeakTable<object, Permits> s_permits = new();

    readonly Queue<VectorClock> _released = new();
    int _initialFree;

    Permits(int initialFree) => _initialFree = initialFree;

    public static void Created(object semaphore, int initialCount)
    {
        if (DetectorRuntime.Enabled)
            Guard.Run((semaphore, initialCount), static a => s_permits.AddOrUpdate(a.semaphore, new Permits(a.initialCount)));
    }

    public static void Released(object semaphore, int count)
    {
        if (!DetectorRuntime.Enabled)
            return;
        Guard.Run((semaphore, count), static a =>
        {
            var thread = ThreadRegistry.Current;
            var permits = s_permits.GetValue(a.semaphore, static _ => new Permits(0));
            lock (permits)
            {
                for (int i = 0; i < a.count; i++)
                    permits._released.Enqueue(thread.Clock.Clone());
                while (permits._released.Count > MaxTokens)
                {
                    var oldest = permits._released.Dequeue();
                    permits._released.Peek().JoinWith(oldest);
                }
            }
            thread.Tick();
        });
    }

    /// <summary>A wait on the semaphore succeeded.</summary>
    public static void Taken(object semaphore)
    {
        if (!DetectorRuntime.Enabled)
            return;
        Guard.Run(semaphore, static s =>
        {
            var thread = ThreadRegistry.Current;
            var permits = s_permits.GetValue(s, static _ => new Permits(0));
            VectorClock? token = null;
            lock (permits)
            {
                if (permits._initialFree > 0)
                    permits._initialFree--;
                else
                    permits._released.TryDequeue(out token);
            }
            if (token is null)
                return;
            thread.Clock.JoinWith(token);
            thread.RefreshEpoch();
        });
    }

    /// <summary>Takes a permit when <paramref name="taken"/>; returns it, for wait methods that report success.</summary>
    public static bool TakenIf(object semaphore, bool taken)
    {
        if (taken)
            Taken(semaphore);
        return taken;
    }
}
