using RaceDetector.Runtime.Clocks;

namespace RaceDetector.Runtime.Threads;

/// <summary>
/// The thread of execution that last took each slot, so that <see cref="CacheSweeper"/> can reach every live one.
/// Slots are held in fixed chunks that never move, so a write racing with the creation of a chunk is never lost.
/// </summary>
internal static class SlotOccupants
{
    const int ChunkBits = 6;
    const int ChunkSize = 1 << ChunkBits;

    static readonly TrackedThread?[]?[] s_chunks = new TrackedThread?[]?[Epoch.MaxSlots >> ChunkBits];

    /// <summary>Called by the thread that took <paramref name="slot"/>, which nobody else holds.</summary>
    public static void Set(int slot, TrackedThread thread)
    {
        var chunk = Volatile.Read(ref s_chunks[slot >> ChunkBits]) ?? CreateChunk(slot >> ChunkBits);
        Volatile.Write(ref chunk[slot & (ChunkSize - 1)], thread);
    }

    /// <summary>Every occupant, live or retired; a retired one holds nothing of the program's.</summary>
    public static IEnumerable<TrackedThread> All()
    {
        for (int c = 0; c < s_chunks.Length; c++)
        {
            if (Volatile.Read(ref s_chunks[c]) is not { } chunk)
                continue;
            for (int i = 0; i < chunk.Length; i++)
            {
                if (Volatile.Read(ref chunk[i]) is { } thread)
                    yield return thread;
            }
        }
    }

    static TrackedThread?[] CreateChunk(int index)
    {
        var fresh = new TrackedThread?[ChunkSize];
        return Interlocked.CompareExchange(ref s_chunks[index], fresh, null) ?? fresh;
    }
}
