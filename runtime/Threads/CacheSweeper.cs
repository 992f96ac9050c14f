namespace RaceDetector.Runtime.Threads;

/// <summary>
/// Empties every thread's one-entry caches of program objects (the last array and the last lock it used) after
/// garbage collections, so that a cache never keeps alive an object the program dropped: the object goes at the
/// next collection. An object that re-registers itself for finalization runs after each collection of its
/// generation (gen 2 once promoted), the pattern the BCL uses for its own gen-2 callbacks.
/// </summary>
internal sealed class CacheSweeper
{
    static int s_started;

    CacheSweeper()
    {
    }

    public static void Start()
    {
        if (Interlocked.Exchange(ref s_started, 1) == 0)
            _ = new CacheSweeper();
    }

    ~CacheSweeper()
    {
        try
        {
            foreach (var thread in SlotOccupants.All())
                thread.ForgetCaches();
        }
        catch (Exception ex)
        {
            // An exception escaping a finalizer ends the process.
            DetectorRuntime.Fault(ex);
            return;
        }
        GC.ReRegisterForFinalize(this);
    }
}
