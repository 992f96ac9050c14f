namespace RaceDetector.Runtime.Clocks;

/// <summary>
/// A FastTrack epoch <c>c@t</c> packed into one long: the clock value in the high 48 bits,
/// the thread slot in the low 16 bits. Zero means "no access yet".
/// </summary>
internal static class Epoch
{
    public const int SlotBits = 16;
    public const int MaxSlots = 1 << SlotBits;
    const long SlotMask = MaxSlots - 1;

    /// <summary>No access recorded.</summary>
    public const long None = 0;

    /// <summary>Marks a read state that has become a read-shared vector clock.</summary>
    public const long Shared = -1;

    public static long Make(long clock, int slot) => (clock << SlotBits) | (uint)slot;

    public static int Slot(long epoch) => (int)(epoch & SlotMask);

    public static long Clock(long epoch) => epoch >> SlotBits;

    /// <summary>True when the access at <paramref name="epoch"/> happens before a thread whose clock is <paramref name="now"/>.</summary>
    public static bool HappensBefore(long epoch, VectorClock now) =>
        epoch == None || Clock(epoch) <= now[Slot(epoch)];
}
