namespace RaceDetector.Runtime.Sync;

/// <summary>The one clock shared by atomic operations whose location the instrumenter could not name.</summary>
internal static class UnknownLocations
{
    public static SyncClock Clock { get; } = new();
}
