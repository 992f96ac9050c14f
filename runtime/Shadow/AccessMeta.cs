using RaceDetector.Runtime.Calls;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.Shadow;

/// <summary>
/// What reports need about a variable's last accesses: the site, context and call path of the last
/// write and read, and the read-shared set while reads are concurrent. Kept apart from the two epochs
/// (<c>Write</c>, <c>Read</c>) that the hot path compares, so those stay dense. Guarded by the
/// variable's lock.
/// </summary>
internal struct AccessMeta
{
    public int WriteSite;
    public int ReadSite;
    public AccessContext? WriteContext;
    public AccessContext? ReadContext;
    public CallPath? WritePath;
    public CallPath? ReadPath;
    public ReadSet? SharedReads;
}
