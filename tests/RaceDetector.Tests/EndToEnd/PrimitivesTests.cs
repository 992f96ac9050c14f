using RaceDetector.Tests.Support;
using Xunit;
using static RaceDetector.Tests.Support.RaceSide;

namespace RaceDetector.Tests.EndToEnd;

public sealed class PrimitivesProgram() : ScenarioProgram("Primitives");

/// <summary>
/// tests/Programs/Primitives: for each modelled synchronization primitive, a race-free use that must
/// run clean and a misuse that must be reported on exactly its marked lines. Every test builds the same
/// program, so they all live in this one class, whose fixture builds it once.
/// </summary>
public class PrimitivesTests(PrimitivesProgram program) : IClassFixture<PrimitivesProgram>
{
    SampleRun Run(string scenario) => program.Run(scenario);

    static void SameLine(SampleRun run, string member, string code, string thread1, string thread2) =>
        MatrixAssert.Between(run, member, Write(thread1, code), Write(thread2, code));

    // lock / Monitor

    [Fact]
    public void Monitor_Enter_TryEnter_Exit_Wait_and_Pulse_order_their_critical_sections() =>
        MatrixAssert.Clean(Run("monitor"), "count=2400 consumed=42");

    [Fact]
    public void Monitor_write_after_a_failed_TryEnter_races_with_the_lock_holder()
    {
        var run = Run("monitor-misuse");
        MatrixAssert.Races(run, ["tally"], "intruder entered: False");
        var race = MatrixAssert.Between(run, "tally", Write("holder", "tally += 1"), Write("intruder", "tally++"));
        Assert.Equal("Monitors", race.Type);
        Assert.Equal("instance-field", race.LocationKind);
    }

    // System.Threading.Lock

    [Fact]
    public void Lock_statement_Enter_TryEnter_and_EnterScope_order_their_critical_sections() =>
        MatrixAssert.Clean(Run("lock-type"), "count=2000");

    [Fact]
    public void Each_thread_locking_its_own_Lock_races()
    {
        var run = Run("lock-type-misuse");
        MatrixAssert.Races(run, ["lockTotal"], "done");
        SameLine(run, "lockTotal", "lockTotal++", "locker-1", "locker-2");
    }

    // [MethodImpl(Synchronized)]

    [Fact]
    public void Synchronized_instance_and_static_methods_are_race_free() =>
        MatrixAssert.Clean(Run("synchronized"), "value=1000 total=1000");

    [Fact]
    public void Synchronized_instance_methods_of_two_objects_race_on_a_static()
    {
        var run = Run("synchronized-misuse");
        MatrixAssert.Races(run, ["grand"], "done");
        var race = MatrixAssert.Between(run, "grand", Write("sync-1", "grand++").In("SynchronizedMethods.AddGrand()"),
            Write("sync-2", "grand++").In("SynchronizedMethods.AddGrand()"));
        Assert.Equal("static-field", race.LocationKind);
        Assert.Equal("SynchronizedMethods", race.Type);
    }

    // volatile, Volatile, Interlocked, fences

    [Fact]
    public void Volatile_fields_Volatile_methods_and_Interlocked_publish_and_count_race_free() =>
        MatrixAssert.Clean(Run("atomics"), "data=1 payload=2 box=3 hits=3000");

    [Fact]
    public void Plain_write_races_with_a_later_Volatile_Read()
    {
        var run = Run("volatile-misuse");
        MatrixAssert.Races(run, ["level"], "done");
        MatrixAssert.Between(run, "level", Write("writer", "level = 3"), Read("reader", "Volatile.Read(ref level)").Atomic, ordered: true);
    }

    [Fact]
    public void Volatile_Read_races_with_a_later_plain_write()
    {
        var run = Run("volatile-read-first-misuse");
        MatrixAssert.Races(run, ["lateLevel"], "done");
        MatrixAssert.Between(run, "lateLevel", Read("reader", "Volatile.Read(ref lateLevel)").Atomic, Write("writer", "lateLevel = 3"), ordered: true);
    }

    [Fact]
    public void Plain_write_races_with_a_concurrent_Interlocked_Increment()
    {
        var run = Run("interlocked-misuse");
        MatrixAssert.Races(run, ["score"], "done");
        MatrixAssert.Between(run, "score", Write("bumper", "Interlocked.Increment").Atomic.In("Atomics.Bump()"),
            Write("resetter", "score = 0").In("Atomics.Reset()"));
    }

    [Fact]
    public void Plain_write_races_with_an_earlier_Interlocked_Increment()
    {
        var run = Run("interlocked-first-misuse");
        MatrixAssert.Races(run, ["firstScore"], "done");
        MatrixAssert.Between(run, "firstScore", Write("bumper", "Interlocked.Increment(ref firstScore)").Atomic,
            Write("resetter", "firstScore = 0"), ordered: true);
    }

    [Fact]
    public void Interlocked_Increment_races_with_an_earlier_plain_write()
    {
        var run = Run("interlocked-last-misuse");
        MatrixAssert.Races(run, ["lastScore"], "done");
        MatrixAssert.Between(run, "lastScore", Write("resetter", "lastScore = 0"),
            Write("bumper", "Interlocked.Increment(ref lastScore)").Atomic, ordered: true);
    }

    [Fact]
    public void Standalone_fences_order_nothing_so_a_fenced_plain_flag_still_races()
    {
        var run = Run("fence-misuse");
        MatrixAssert.Races(run, ["fencedData", "fencedReady"], "done");
        // The data is read only after the flag was seen set, which the sender did after writing the data.
        MatrixAssert.Between(run, "fencedData", Write("sender", "fencedData = 7"), Read("receiver", "seenData = fencedData"), ordered: true);
        MatrixAssert.Between(run, "fencedReady", Write("sender", "fencedReady = true"), Read("receiver", "while (!fencedReady)"));
    }

    [Fact]
    public void ImmutableInterlocked_publishes_what_was_built_before_Update_Push_and_GetOrAdd() =>
        MatrixAssert.Clean(Run("immutable-interlocked"), "items=6 total=60 stacked=2 cached=7");

    [Fact]
    public void Plain_store_races_with_an_earlier_ImmutableInterlocked_Update()
    {
        var run = Run("immutable-interlocked-misuse");
        MatrixAssert.Races(run, ["roster"], "done");
        MatrixAssert.Between(run, "roster", Write("updater", "ImmutableInterlocked.Update(ref roster").Atomic,
            Write("resetter", "roster = ImmutableList<int>.Empty"), ordered: true);
    }

    [Fact]
    public void Plain_reads_of_an_event_or_a_CompareExchange_cache_see_what_was_written_before_the_update() =>
        MatrixAssert.Clean(Run("consumed"), "raised=2 cached=11");

    [Fact]
    public void Plain_read_of_an_Interlocked_int_orders_nothing()
    {
        var run = Run("consumed-value-misuse");
        MatrixAssert.Races(run, ["stamped"], "done");
        MatrixAssert.Between(run, "stamped", Write("stamper", "stamped = 5"), Read("reader", "stampSeen = stamped"), ordered: true);
    }

    [Fact]
    public void Struct_methods_that_update_their_fields_with_Interlocked_called_in_place_are_race_free() =>
        MatrixAssert.Clean(Run("atomic-struct"), "owner=1 hits=4000");

    [Fact]
    public void Plain_write_of_an_element_races_with_an_Interlocked_struct_method_called_on_it()
    {
        var run = Run("atomic-struct-misuse");
        MatrixAssert.Races(run, ["slots"], "done");
        var race = MatrixAssert.Between(run, "slots", Read("hitter", "slots[1].Hit()"), Write("resetter", "slots[1] = default"), ordered: true);
        Assert.Equal("array-element", race.LocationKind);
        Assert.Equal(1, race.Index);
    }

    // SemaphoreSlim, Semaphore

    [Fact]
    public void SemaphoreSlim_as_mutex_and_Release_to_Wait_and_WaitAsync_handoff_are_race_free() =>
        MatrixAssert.Clean(Run("semaphore-slim"), "count=800 handed=5 async=6");

    [Fact]
    public void SemaphoreSlim_Release_happens_before_a_WaitAsync_that_was_pending() =>
        MatrixAssert.Clean(Run("semaphore-slim-pending"), "pending=9 timed=10");

    [Fact]
    public void SemaphoreSlim_with_two_permits_used_as_a_mutex_races()
    {
        var run = Run("semaphore-slim-misuse");
        MatrixAssert.Races(run, ["pairCount"], "done");
        SameLine(run, "pairCount", "pairCount++", "worker-1", "worker-2");
    }

    [Fact]
    public void Semaphore_as_mutex_and_Release_of_two_permits_to_two_waiters_are_race_free() =>
        MatrixAssert.Clean(Run("semaphore"), "count=400 handed=8+8");

    [Fact]
    public void Semaphore_with_two_permits_used_as_a_mutex_races()
    {
        var run = Run("semaphore-misuse");
        MatrixAssert.Races(run, ["kernelPairCount"], "done");
        SameLine(run, "kernelPairCount", "kernelPairCount++", "worker-1", "worker-2");
    }

    // Events and wait handles

    [Fact]
    public void Event_Set_orders_WaitOne_Wait_WaitAny_and_WaitAll() =>
        MatrixAssert.Clean(Run("events"), "manual=1 handle=3 slim=4 ping=10,20 pong=11 any=ok all=11");

    [Fact]
    public void Read_before_ManualResetEvent_WaitOne_races_with_the_write_before_Set()
    {
        var run = Run("manual-event-misuse");
        MatrixAssert.Races(run, ["earlyData"], "done");
        MatrixAssert.Between(run, "earlyData", Write("writer", "earlyData = 1"), Read("early-reader", "sink = earlyData"));
    }

    [Fact]
    public void Write_after_AutoResetEvent_Set_races_with_the_woken_waiter()
    {
        var run = Run("auto-event-misuse");
        MatrixAssert.Races(run, ["autoLate"], "done");
        MatrixAssert.Between(run, "autoLate", Write("setter", "autoLate = 1"), Read("waiter", "sink = autoLate"));
    }

    [Fact]
    public void Write_after_ManualResetEventSlim_Set_races_with_the_waiter()
    {
        var run = Run("slim-event-misuse");
        MatrixAssert.Races(run, ["slimLate"], "done");
        MatrixAssert.Between(run, "slimLate", Write("setter", "slimLate = 1"), Read("waiter", "sink = slimLate"));
    }

    [Fact]
    public void WaitAny_orders_only_the_handle_it_returned()
    {
        var run = Run("wait-any-misuse");
        MatrixAssert.Races(run, ["anySecond"], "any=0");
        MatrixAssert.Between(run, "anySecond", Write("second-producer", "anySecond = 6"), Read("gatherer", "sink = firstData + anySecond"));
    }

    // CountdownEvent

    [Fact]
    public void CountdownEvent_Signal_happens_before_Wait() => MatrixAssert.Clean(Run("countdown"), "sum=10");

    [Fact]
    public void Write_after_CountdownEvent_Signal_races_with_the_read_after_Wait()
    {
        var run = Run("countdown-misuse");
        MatrixAssert.Races(run, ["afterSignal"], "done");
        MatrixAssert.Between(run, "afterSignal", Write("signaller", "afterSignal = 1"), Read(null, "sink = afterSignal").In("Countdowns.Misuse()"));
    }

    // Barrier

    [Fact]
    public void Barrier_phases_order_the_participants() => MatrixAssert.Clean(Run("barrier"), "left=1,21,111 right=2,12,222");

    [Fact]
    public void Barrier_post_phase_action_runs_after_every_arrival_and_before_every_departure() =>
        MatrixAssert.Clean(Run("barrier-post-phase"), "combined=3,3");

    [Fact]
    public void Reading_a_partners_data_in_the_same_Barrier_phase_races()
    {
        var run = Run("barrier-misuse");
        MatrixAssert.Races(run, ["peekLeft"], "done");
        MatrixAssert.Between(run, "peekLeft", Write("left", "peekLeft = 1"), Read("right", "sink = peekLeft"));
    }

    [Fact]
    public void Barrier_RemoveParticipant_signals_the_phase_the_participant_leaves() => MatrixAssert.Clean(Run("barrier-leave"), "left with 5");

    [Fact]
    public void Writing_after_RemoveParticipant_races_with_the_remaining_participant()
    {
        var run = Run("barrier-leave-misuse");
        MatrixAssert.Races(run, ["lateResult"], "done");
        MatrixAssert.Between(run, "lateResult", Write("leaver", "lateResult = 6"), Read("stayer", "sink = lateResult"));
    }

    // ReaderWriterLockSlim

    [Fact]
    public void ReaderWriterLockSlim_read_write_and_upgradeable_locks_are_race_free() =>
        MatrixAssert.Clean(Run("rwlock"), "value=250 reads=ok");

    [Fact]
    public void Writing_under_a_read_lock_from_two_readers_races()
    {
        var run = Run("rwlock-misuse");
        MatrixAssert.Races(run, ["readerHits"], "done");
        SameLine(run, "readerHits", "readerHits++", "reader-1", "reader-2");
    }

    // Mutex

    [Fact]
    public void Mutex_ReleaseMutex_happens_before_WaitOne() => MatrixAssert.Clean(Run("mutex"), "count=800");

    [Fact]
    public void Thread_that_skips_the_Mutex_races_with_the_one_holding_it()
    {
        var run = Run("mutex-misuse");
        MatrixAssert.Races(run, ["guarded"], "done");
        MatrixAssert.Between(run, "guarded", Write("careful", "guarded++;"), Write("careless", "careless"));
    }

    // SpinLock

    [Fact]
    public void SpinLock_in_instance_and_static_fields_orders_its_critical_sections() =>
        MatrixAssert.Clean(Run("spinlock"), "count=2000 static=500");

    [Fact]
    public void Locking_a_copy_of_a_SpinLock_races()
    {
        var run = Run("spinlock-misuse");
        MatrixAssert.Races(run, ["spinCopied"], "done");
        SameLine(run, "spinCopied", "spinCopied++", "spinner-1", "spinner-2");
    }

    // Thread.Interrupt

    [Fact]
    public void Interrupt_happens_before_the_exception_in_Sleep_Join_Monitor_Wait_and_WaitOne() =>
        MatrixAssert.Clean(Run("interrupt"), "notes=1,2,3,4");

    [Fact]
    public void Interrupt_happens_before_the_exception_in_Join_with_a_timeout() =>
        MatrixAssert.Clean(Run("interrupt-join-timeout"), "notes=1,2");

    [Fact]
    public void Write_after_Interrupt_races_with_the_interrupted_thread()
    {
        var run = Run("interrupt-misuse");
        MatrixAssert.Races(run, ["lateNote"], "done");
        MatrixAssert.Between(run, "lateNote", Write(null, "lateNote = 1").In("Interrupts.Misuse()"), Read("target", "sink = lateNote"));
    }

    // Static constructors

    [Fact]
    public void Static_constructor_happens_before_every_use_of_the_type() => MatrixAssert.Clean(Run("static-ctor"), "tuning=7,3");

    [Fact]
    public void Static_written_after_type_initialization_races()
    {
        var run = Run("static-ctor-misuse");
        MatrixAssert.Races(run, ["lateTuning"], "done");
        var race = MatrixAssert.Between(run, "lateTuning", Write("writer", "Tuning.lateTuning = 1"), Read("reader", "tableSeen = Tuning.lateTuning"));
        Assert.Equal("Tuning", race.Type);
        Assert.Equal("static-field", race.LocationKind);
    }

    // Object publication

    [Fact]
    public void Constructed_object_published_through_a_volatile_field_is_race_free() =>
        MatrixAssert.Clean(Run("publication"), "weight=5 label=w5");

    [Fact]
    public void Racy_publication_reports_the_reference_but_not_the_constructors_writes()
    {
        var run = Run("publication-misuse");
        MatrixAssert.Races(run, ["parcel"], "weight=5 label=w5"); // and nothing on Parcel.Weight or Parcel.Label (written by a constructor helper)
        MatrixAssert.Between(run, "parcel", Write("publisher", "parcel = new Parcel(5)"), Read("receiver", "(received = parcel)"));
    }

    [Fact]
    public void Racy_publication_of_an_object_set_up_after_its_constructor_reports_only_the_reference()
    {
        var run = Run("publication-initializer-misuse");
        MatrixAssert.Races(run, ["initialized"], "weight=9 label=set"); // nothing on the initializer's or the later store's fields
        MatrixAssert.Between(run, "initialized", Write("publisher", "initialized = made"), Read("receiver", "(received = initialized)"));
    }

    [Fact]
    public void A_write_after_the_publishing_store_races_with_a_reader()
    {
        var run = Run("publication-late-write-misuse");
        MatrixAssert.Races(run, ["Weight"], "done");
        MatrixAssert.Between(run, "Weight", Write("publisher", "made.Weight = 4"), Read("receiver", "Volatile.Read(ref late)!.Weight"), ordered: true);
    }
}
