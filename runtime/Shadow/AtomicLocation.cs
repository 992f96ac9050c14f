using RaceDetector.Runtime.Calls;
using RaceDetector.Runtime.Clocks;
using RaceDetector.Runtime.Detection;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.Shadow;

/// <summary>
/// A location used with volatile, Volatile or Interlocked operations: its synchronization clock, and the
/// atomic accesses that plain writes must be checked against (the last atomic write, and atomic reads
/// per thread). The access history is guarded by the variable's gate, like its plain state.
/// </summary>
internal sealed class AtomicLocation
{
    long _lastWrite;
    int _lastWriteSite;
    AccessContext? _lastWriteContext;
    CallPath? _lastWritePath;
    ReadSet? _reads;

    public SyncClock Clock { get; } = new();

    /// <summary>Records an atomic access by <paramref name="thread"/> at its current epoch. Caller holds the variable's gate.</summary>
    public void Record(bool write, TrackedThread thread, int site, CallPath? path)
    {
        if (write)
        {
            _lastWrite = thread.Epoch;
            _lastWriteSite = site;
            _lastWriteContext = thread.Context;
            _lastWritePath = path;
        }
        else
        {
            (_reads ??= new ReadSet()).Record(thread.Epoch, site, thread.Context, path);
        }
    }

    /// <summary>Adds the atomic accesses a plain write by a thread at <paramref name="now"/> races with. Caller holds the variable's gate.</summary>
    public void CollectConcurrent(VectorClock now, ref List<PriorAccess>? conflicts)
    {
        if (!Epoch.HappensBefore(_lastWrite, now))
            (conflicts ??= new()).Add(new PriorAccess(AccessKind.AtomicWrite, _lastWriteSite, _lastWriteContext, _lastWritePath));
        _reads?.CollectConcurrent(now, AccessKind.AtomicRead, ref conflicts);
    }
}
