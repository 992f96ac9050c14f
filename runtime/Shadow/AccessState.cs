using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.Shadow;

/// <summary>
/// FastTrack's per-variable state: the last write epoch and the last read epoch, or a read-shared
/// set while reads are concurrent. Each epoch keeps its access site and context for reports.
/// Guarded by the lock of its owner (<see cref="VarState"/> or an array stripe), except the
/// lock-free same-epoch checks of the hot path.
/// </summary>
internal struct AccessState
{
    public long Write;
    public long Read;
    public int WriteSite;
    public int ReadSite;
    public AccessContext? WriteContext;
    public AccessContext? ReadContext;
    public ReadSet? SharedReads;
}
