using RaceDetector.Runtime.Calls;
using RaceDetector.Runtime.Clocks;
using RaceDetector.Runtime.Detection;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.Shadow;

/// <summary>FastTrack's read-shared state: one read clock per thread slot, each with its site, context and call path.</summary>
internal sealed class ReadSet
{
    long[] _clocks = new long[4];
    int[] _sites = new int[4];
    AccessContext?[] _contexts = new AccessContext?[4];
    CallPath?[] _paths = new CallPath?[4];

    public long ClockOf(int slot)
    {
        var clocks = _clocks;
        return (uint)slot < (uint)clocks.Length ? clocks[slot] : 0;
    }

    public void Record(long epoch, int site, AccessContext? context, CallPath? path)
    {
        int slot = Epoch.Slot(epoch);
        if (slot >= _clocks.Length)
            Grow(Math.Max(slot + 1, _clocks.Length * 2));
        _clocks[slot] = Epoch.Clock(epoch);
        _sites[slot] = site;
        _contexts[slot] = context;
        _paths[slot] = path;
    }

    /// <summary>Adds every read that does not happen before <paramref name="now"/> to <paramref name="conflicts"/>, as <paramref name="kind"/>.</summary>
    public void CollectConcurrent(VectorClock now, AccessKind kind, ref List<PriorAccess>? conflicts)
    {
        for (int slot = 0; slot < _clocks.Length; slot++)
        {
            long clock = _clocks[slot];
            if (clock != 0 && clock > now[slot])
                (conflicts ??= new()).Add(new PriorAccess(kind, _sites[slot], _contexts[slot], _paths[slot]));
        }
    }

    void Grow(int length)
    {
        Array.Resize(ref _clocks, length);
        Array.Resize(ref _sites, length);
        Array.Resize(ref _contexts, length);
        Array.Resize(ref _paths, length);
    }
}
