using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.Sync;

/// <summary>
/// Lock acquire and release edges (Monitor, System.Threading.Lock, synchronized methods), and the
/// per-thread list of held locks that reports print. Acquire is recorded after the real acquire,
/// release before the real release, so the detector never sees a lock order the program did not have.
/// </summary>
internal static class LockModel
{
    public static void Acquired(object lockObject, int site)
    {
        if (!DetectorRuntime.Enabled)
            return;
        try
        {
            var thread = ThreadRegistry.Current;
            thread.LockClock(lockObject).AcquireExclusive(thread);
            thread.OnLockAcquired(lockObject, site);
        }
        catch (Exception ex)
        {
            DetectorRuntime.Fault(ex);
        }
    }

    public static void Releasing(object lockObject)
    {
        if (!DetectorRuntime.Enabled)
            return;
        try
        {
            var thread = ThreadRegistry.Current;
            thread.OnLockReleased(lockObject);
            thread.LockClock(lockObject).ReleaseExclusive(thread);
        }
        catch (Exception ex)
        {
            DetectorRuntime.Fault(ex);
        }
    }
}
