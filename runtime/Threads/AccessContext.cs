namespace RaceDetector.Runtime.Threads;

/// <summary>
/// Who made an access and which locks it held, stored with each recorded access so a later
/// report can describe the previous access. Immutable; a thread swaps in a new one when its lock set changes.
/// </summary>
internal sealed class AccessContext
{
    public AccessContext(ThreadInfo thread, int[] heldLockSites)
    {
        Thread = thread;
        HeldLockSites = heldLockSites;
    }

    public ThreadInfo Thread { get; }

    /// <summary>Sites of the lock acquisitions still held, outermost first.</summary>
    public int[] HeldLockSites { get; }
}
