using System.ComponentModel;
using System.Diagnostics;
using RaceDetector.Runtime.Sync;

namespace RaceDetector.Runtime;

/// <summary>
/// Replacements for <see cref="ReaderWriterLockSlim"/>: a write-lock release happens before later read
/// and write acquires; a read-lock release happens before later write acquires; readers are unordered.
/// Upgradeable read locks count as reads.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[StackTraceHidden]
public static class ReaderWriterIntercepts
{
    const string Type = "System.Threading.ReaderWriterLockSlim";

    /// <summary>Replaces <see cref="ReaderWriterLockSlim.EnterReadLock"/>.</summary>
    [Intercept(Type, "EnterReadLock")]
    public static void EnterReadLock(ReaderWriterLockSlim rwLock, int site)
    {
        rwLock.EnterReadLock();
        ReaderWriterClocks.ReadAcquired(rwLock);
    }

    /// <summary>Replaces <see cref="ReaderWriterLockSlim.TryEnterReadLock(int)"/>.</summary>
    [Intercept(Type, "TryEnterReadLock")]
    public static bool TryEnterReadLock(ReaderWriterLockSlim rwLock, int millisecondsTimeout, int site) =>
        Read(rwLock, rwLock.TryEnterReadLock(millisecondsTimeout));

    /// <summary>Replaces <see cref="ReaderWriterLockSlim.TryEnterReadLock(TimeSpan)"/>.</summary>
    [Intercept(Type, "TryEnterReadLock")]
    public static bool TryEnterReadLock(ReaderWriterLockSlim rwLock, TimeSpan timeout, int site) => Read(rwLock, rwLock.TryEnterReadLock(timeout));

    /// <summary>Replaces <see cref="ReaderWriterLockSlim.ExitReadLock"/>.</summary>
    [Intercept(Type, "ExitReadLock")]
    public static void ExitReadLock(ReaderWriterLockSlim rwLock, int site)
    {
        ReaderWriterClocks.ReadReleasing(rwLock);
        rwLock.ExitReadLock();
    }

    /// <summary>Replaces <see cref="ReaderWriterLockSlim.EnterUpgradeableReadLock"/>.</summary>
    [Intercept(Type, "EnterUpgradeableReadLock")]
    public static void EnterUpgradeableReadLock(ReaderWriterLockSlim rwLock, int site)
    {
        rwLock.EnterUpgradeableReadLock();
        ReaderWriterClocks.ReadAcquired(rwLock);
    }

    /// <summary>Replaces <see cref="ReaderWriterLockSlim.TryEnterUpgradeableReadLock(int)"/>.</summary>
    [Intercept(Type, "TryEnterUpgradeableReadLock")]
    public static bool TryEnterUpgradeableReadLock(ReaderWriterLockSlim rwLock, int millisecondsTimeout, int site) =>
        Read(rwLock, rwLock.TryEnterUpgradeableReadLock(millisecondsTimeout));

    /// <summary>Replaces <see cref="ReaderWriterLockSlim.TryEnterUpgradeableReadLock(TimeSpan)"/>.</summary>
    [Intercept(Type, "TryEnterUpgradeableReadLock")]
    public static bool TryEnterUpgradeableReadLock(ReaderWriterLockSlim rwLock, TimeSpan timeout, int site) =>
        Read(rwLock, rwLock.TryEnterUpgradeableReadLock(timeout));

    /// <summary>Replaces <see cref="ReaderWriterLockSlim.ExitUpgradeableReadLock"/>.</summary>
    [Intercept(Type, "ExitUpgradeableReadLock")]
    public static void ExitUpgradeableReadLock(ReaderWriterLockSlim rwLock, int site)
    {
        ReaderWriterClocks.ReadReleasing(rwLock);
        rwLock.ExitUpgradeableReadLock();
    }

    /// <summary>Replaces <see cref="ReaderWriterLockSlim.EnterWriteLock"/>.</summary>
    [Intercept(Type, "EnterWriteLock")]
    public static void EnterWriteLock(ReaderWriterLockSlim rwLock, int site)
    {
        rwLock.EnterWriteLock();
        ReaderWriterClocks.WriteAcquired(rwLock);
    }

    /// <summary>Replaces <see cref="ReaderWriterLockSlim.TryEnterWriteLock(int)"/>.</summary>
    [Intercept(Type, "TryEnterWriteLock")]
    public static bool TryEnterWriteLock(ReaderWriterLockSlim rwLock, int millisecondsTimeout, int site) =>
        Write(rwLock, rwLock.TryEnterWriteLock(millisecondsTimeout));

    /// <summary>Replaces <see cref="ReaderWriterLockSlim.TryEnterWriteLock(TimeSpan)"/>.</summary>
    [Intercept(Type, "TryEnterWriteLock")]
    public static bool TryEnterWriteLock(ReaderWriterLockSlim rwLock, TimeSpan timeout, int site) => Write(rwLock, rwLock.TryEnterWriteLock(timeout));

    /// <summary>Replaces <see cref="ReaderWriterLockSlim.ExitWriteLock"/>.</summary>
    [Intercept(Type, "ExitWriteLock")]
    public static void ExitWriteLock(ReaderWriterLockSlim rwLock, int site)
    {
        ReaderWriterClocks.WriteReleasing(rwLock);
        rwLock.ExitWriteLock();
    }

    static bool Read(ReaderWriterLockSlim rwLock, bool entered)
    {
        if (entered)
            ReaderWriterClocks.ReadAcquired(rwLock);
        return entered;
    }

    static bool Write(ReaderWriterLockSlim rwLock, bool entered)
    {
        if (entered)
            ReaderWriterClocks.WriteAcquired(rwLock);
        return entered;
    }
}
