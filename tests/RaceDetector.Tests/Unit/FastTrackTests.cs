using RaceDetector.Runtime;
using RaceDetector.Runtime.Clocks;
using RaceDetector.Runtime.Detection;
using RaceDetector.Runtime.Shadow;
using RaceDetector.Runtime.Threads;
using Xunit;

namespace RaceDetector.Tests.Unit;

/// <summary>The FastTrack state machine on one variable, driven by hand-made threads and sync objects.</summary>
public class FastTrackTests
{
    long _write;
    long _read;
    AccessMeta _meta;

    void Reset()
    {
        _write = 0;
        _read = 0;
        _meta = default;
    }

    static TrackedThread NewThread() => TestThreads.NewTracked();

    List<PriorAccess>? Read(TrackedThread thread, int site = 1)
    {
        List<PriorAccess>? conflicts = null;
        FastTrack.Read(ref _write, ref _read, ref _meta, thread, site, path: null, ref conflicts);
        return conflicts;
    }

    List<PriorAccess>? Write(TrackedThread thread, int site = 2, AtomicLocation? atomics = null)
    {
        List<PriorAccess>? conflicts = null;
        FastTrack.Write(ref _write, ref _read, ref _meta, thread, site, path: null, atomics, ref conflicts);
        return conflicts;
    }

    /// <summary>Release on <paramref name="from"/> then acquire on <paramref name="to"/>: a lock hand-over.</summary>
    static void Synchronize(TrackedThread from, TrackedThread to)
    {
        var sync = NewSyncClock();
        sync.Release(from);
        sync.Acquire(to);
    }

    static SyncClock NewSyncClock() =>
        (SyncClock)Activator.CreateInstance(typeof(SyncClock), nonPublic: true)!;

    [Fact]
    public void Program_order_never_races()
    {
        var t = NewThread();
        Assert.Null(Write(t));
        Assert.Null(Read(t));
        t.Tick();
        Assert.Null(Write(t));
    }

    [Fact]
    public void Unordered_writes_race()
    {
        var a = NewThread();
        var b = NewThread();
        Assert.Null(Write(a, site: 10));
        var conflicts = Write(b, site: 20);
        var prior = Assert.Single(conflicts!);
        Assert.Equal(AccessKind.Write, prior.Kind);
        Assert.Equal(10, prior.Site);
    }

    [Fact]
    public void Write_then_unordered_read_races_and_release_acquire_orders_it()
    {
        var a = NewThread();
        var b = NewThread();
        Write(a, site: 10);
        Assert.Equal(AccessKind.Write, Assert.Single(Read(b)!).Kind);

        var c = NewThread();
        var d = NewThread();
        Write(c);
        Synchronize(c, d);
        Reset();
        Write(c);
        Synchronize(c, d);
        Assert.Null(Read(d));
    }

    [Fact]
    public void Same_epoch_accesses_take_the_fast_path()
    {
        var t = NewThread();
        Read(t, site: 1);
        long readEpoch = _read;
        Read(t, site: 99);
        Assert.Equal(readEpoch, _read);
        Assert.Equal(1, _meta.ReadSite); // not re-recorded within the epoch
    }

    [Fact]
    public void Concurrent_reads_become_read_shared_and_a_concurrent_write_races_with_each_of_them()
    {
        var readerA = NewThread();
        var readerB = NewThread();
        var writer = NewThread();
        Assert.Null(Read(readerA, site: 11));
        Assert.Null(Read(readerB, site: 12));
        Assert.Equal(Epoch.Shared, _read);

        var conflicts = Write(writer, site: 30);

        Assert.NotNull(conflicts);
        Assert.Equal([11, 12], conflicts!.Select(c => c.Site).Order());
        Assert.All(conflicts, c => Assert.Equal(AccessKind.Read, c.Kind));
        Assert.NotEqual(Epoch.Shared, _read); // the write ends the read-shared phase
    }

    [Fact]
    public void Read_shared_write_after_joining_all_readers_is_clean()
    {
        var readerA = NewThread();
        var readerB = NewThread();
        var writer = NewThread();
        Read(readerA);
        Read(readerB);
        Synchronize(readerA, writer);
        Synchronize(readerB, writer);
        Assert.Null(Write(writer));
    }

    [Fact]
    public void Read_shared_write_ordered_after_only_one_reader_races_with_the_other()
    {
        var readerA = NewThread();
        var readerB = NewThread();
        var writer = NewThread();
        Read(readerA, site: 11);
        Read(readerB, site: 12);
        Synchronize(readerA, writer);
        var prior = Assert.Single(Write(writer)!);
        Assert.Equal(12, prior.Site);
    }

    [Fact]
    public void Ordered_read_replaces_the_read_epoch_instead_of_sharing()
    {
        var a = NewThread();
        var b = NewThread();
        Read(a);
        Synchronize(a, b);
        Read(b, site: 5);
        Assert.NotEqual(Epoch.Shared, _read);
        Assert.Equal(b.Slot, Epoch.Slot(_read));
        Assert.Equal(5, _meta.ReadSite);
    }

    [Fact]
    public void Transitivity_through_two_different_locks()
    {
        var a = NewThread();
        var b = NewThread();
        var c = NewThread();
        Write(a);
        Synchronize(a, b); // lock m1
        b.Tick();
        Synchronize(b, c); // lock m2
        Assert.Null(Read(c));
        Assert.Null(Write(c));
    }

    [Fact]
    public void Atomic_access_races_only_with_an_unordered_plain_write()
    {
        var a = NewThread();
        var b = NewThread();
        Write(a, site: 7);
        List<PriorAccess>? conflicts = null;
        FastTrack.CheckAtomic(_write, in _meta, b, ref conflicts);
        Assert.Equal(7, Assert.Single(conflicts!).Site);

        Reset();
        Read(a);
        conflicts = null;
        FastTrack.CheckAtomic(_write, in _meta, b, ref conflicts);
        Assert.Null(conflicts); // a plain read of an atomically updated location is not reported
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Plain_write_races_with_an_unordered_atomic_access_of_either_kind(bool atomicWrite)
    {
        var expected = atomicWrite ? AccessKind.AtomicWrite : AccessKind.AtomicRead;
        var a = NewThread();
        var b = NewThread();
        var atomics = new AtomicLocation();
        atomics.Record(atomicWrite, a, site: 40, path: null);
        var prior = Assert.Single(Write(b, atomics: atomics)!);
        Assert.Equal(expected, prior.Kind);
        Assert.Equal(40, prior.Site);

        var c = NewThread();
        atomics.Clock.Release(a);
        atomics.Clock.Acquire(c);
        Reset();
        Assert.Null(Write(c, atomics: atomics));
    }
}
