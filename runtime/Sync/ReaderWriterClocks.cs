using System.Runtime.CompilerServices;
using RaceDetector.Runtime.Detection;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.Sync;

/// <summary>
/// A reader-writer lock's two clocks: write releases order every later acquire; read releases order
/// later write acquires only, so readers are not ordered with each other.
/// </summary>
internal sealed class ReaderWriterClocks
{
    static readonly ConditionalWeakTable<object, ReaderWriterClocks> s_locks = new();

    readonly SyncClock _writes = new();
    readonly SyncClock _reads = new();

    public static void ReadAcquired(object rwLock) => Apply(rwLock, static (c, t) => c._writes.Acquire(t));

    public static void WriteAcquired(object rwLock) => Apply(rwLock, static (c, t) =>
    {
        c._writes.Acquire(t);
        c._reads.Acquire(t);
    });

    public static void ReadReleasing(object rwLock) => Apply(rwLock, static (c, t) => c._reads.Release(t));

    public static void WriteReleasing(object rwLock) => Apply(rwLock, static (c, t) => c._writes.Release(t));

    static void Apply(object rwLock, Action<ReaderWriterClocks, TrackedThread> action)
    {
        if (!DetectorRuntime.Enabled)
            return;
        Guard.Run((rwLock, action), static a =>
            a.action(s_locks.GetValue(a.rwLock, static _ => new ReaderWriterClocks()), ThreadRegistry.Current));
    }
}
