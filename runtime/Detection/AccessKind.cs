namespace RaceDetector.Runtime.Detection;

/// <summary>What an access did to its location.</summary>
internal enum AccessKind
{
    Read,
    Write,
    /// <summary>A volatile or Volatile.Read load: an acquire.</summary>
    AtomicRead,
    /// <summary>A volatile store, Volatile.Write or Interlocked operation: a release (and acquire for read-modify-write).</summary>
    AtomicWrite,
}

/// <summary>The kind of a Volatile/Interlocked/volatile. operation, as passed by instrumented code.</summary>
public enum AtomicKind
{
    /// <summary>An acquire load (volatile read, <c>Volatile.Read</c>).</summary>
    Read = 0,
    /// <summary>A release store (volatile write, <c>Volatile.Write</c>).</summary>
    Write = 1,
    /// <summary>A read-modify-write (<c>Interlocked.*</c>): release before, acquire after.</summary>
    Update = 2,
}

/// <summary>A recorded earlier access that the current access races with, and the calls it was made inside of.</summary>
internal readonly record struct PriorAccess(AccessKind Kind, int Site, Threads.AccessContext? Context, Calls.CallPath? Path);
