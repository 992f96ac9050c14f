using RaceDetector.Tests.Support;
using Xunit;
using static RaceDetector.Tests.Support.RaceSide;

namespace RaceDetector.Tests.EndToEnd;

public sealed class CollectionsProgram() : ScenarioProgram("Collections");

/// <summary>
/// tests/Programs/Collections: adding an item to a concurrent collection or channel happens before the
/// take that returns it (per item for reference types, per collection for value types); a dictionary
/// orders its writes before its later reads. Enumerations read items as takes do, also when LINQ or other
/// framework code enumerates. Mutating an item after handing it over is a race.
/// All tests run the same program, built once by the class fixture.
/// </summary>
public class CollectionsTests(CollectionsProgram program) : IClassFixture<CollectionsProgram>
{
    SampleRun Run(string scenario) => program.Run(scenario);

    void HandedOverThenMutated(string scenario, string member, string producer, string consumer, string write, string read)
    {
        var run = Run(scenario);
        MatrixAssert.Races(run, [member], "done");
        var race = MatrixAssert.Between(run, member, Write(producer, write), Read(consumer, read));
        Assert.Equal("Item", race.Type);
        Assert.Equal("instance-field", race.LocationKind);
    }

    [Fact]
    public void ConcurrentQueue_Enqueue_happens_before_TryDequeue_and_TryPeek() =>
        MatrixAssert.Clean(Run("queue"), "first=1 sum=10 header=9");

    [Fact]
    public void Item_mutated_after_Enqueue_races_with_its_consumer() =>
        HandedOverThenMutated("queue-misuse", "QueueStamp", "producer", "consumer", "item.QueueStamp = 2", "sink = item.QueueStamp");

    [Fact]
    public void Value_type_items_order_per_queue() => MatrixAssert.Clean(Run("value-queue"), "header=9");

    [Fact]
    public void Write_after_enqueuing_a_value_type_races_with_the_consumer()
    {
        var run = Run("value-queue-misuse");
        MatrixAssert.Races(run, ["valueHeader"], "done");
        MatrixAssert.Between(run, "valueHeader", Write("producer", "valueHeader = 9"), Read("consumer", "sink = valueHeader"));
    }

    [Fact]
    public void ConcurrentStack_Push_and_PushRange_happen_before_TryPop_TryPopRange_and_TryPeek() =>
        MatrixAssert.Clean(Run("stack"), "sum=15");

    [Fact]
    public void Item_mutated_after_Push_races_with_its_consumer() =>
        HandedOverThenMutated("stack-misuse", "StackStamp", "producer", "consumer", "item.StackStamp = 2", "sink = item.StackStamp");

    [Fact]
    public void ConcurrentBag_Add_happens_before_TryTake_and_TryPeek() => MatrixAssert.Clean(Run("bag"), "sum=6");

    [Fact]
    public void Item_mutated_after_ConcurrentBag_Add_races_with_its_consumer() =>
        HandedOverThenMutated("bag-misuse", "BagStamp", "producer", "consumer", "item.BagStamp = 2", "sink = item.BagStamp");

    [Fact]
    public void BlockingCollection_Add_happens_before_Take_TryTake_and_GetConsumingEnumerable() =>
        MatrixAssert.Clean(Run("blocking"), "sum=15");

    [Fact]
    public void Item_mutated_after_BlockingCollection_Add_races_with_Take() =>
        HandedOverThenMutated("blocking-misuse", "BlockingStamp", "producer", "consumer", "item.BlockingStamp = 2", "collection.Take().BlockingStamp");

    [Fact]
    public void BlockingCollection_TakeFromAny_and_TryTakeFromAny_acquire_the_item_they_take() =>
        MatrixAssert.Clean(Run("blocking-take-from-any"), "sum=3");

    [Fact]
    public void Item_mutated_after_Add_races_with_TakeFromAny() =>
        HandedOverThenMutated("blocking-take-from-any-misuse", "AnyStamp", "producer", "consumer", "item.AnyStamp = 2", "sink = got.AnyStamp");

    [Fact]
    public void Enumerating_and_copying_concurrent_collections_while_a_producer_adds_acquires_the_items_read() =>
        MatrixAssert.Clean(Run("snapshots"), "queue=10 stack=10 bag=10 copied=10 dictionary=10");

    [Fact]
    public void Item_mutated_after_Enqueue_races_with_a_reader_that_enumerates_the_queue() =>
        HandedOverThenMutated("snapshots-misuse", "SnapshotStamp", "producer", "reader", "item.SnapshotStamp = 2", "sink = item.SnapshotStamp");

    [Fact]
    public void Channel_writes_happen_before_TryRead_ReadAsync_and_ReadAllAsync() => MatrixAssert.Clean(Run("channel"), "sum=15");

    [Fact]
    public void Channel_write_happens_before_a_ReadAsync_or_ReadAllAsync_that_was_pending() =>
        MatrixAssert.Clean(Run("channel-pending-reads"), "sum=15");

    [Fact]
    public void Item_mutated_after_WriteAsync_races_with_ReadAsync() =>
        // The consumer's read runs after an await, possibly on a thread-pool thread.
        HandedOverThenMutated("channel-misuse", "ChannelStamp", "producer", AnyThread, "item.ChannelStamp = 2", "sink = item.ChannelStamp");

    [Fact]
    public void ConcurrentDictionary_writes_and_value_factories_happen_before_later_reads() =>
        MatrixAssert.Clean(Run("dictionary"), "values=1,2,3 factory=42,42 count=4");

    [Fact]
    public void ConcurrentDictionary_used_through_IDictionary_and_IReadOnlyDictionary_orders_writes_before_reads() =>
        MatrixAssert.Clean(Run("dictionary-interfaces"), "values=1,2,1");

    [Fact]
    public void Queue_and_bag_used_through_IProducerConsumerCollection_hand_over_their_items() =>
        MatrixAssert.Clean(Run("producer-consumer-interface"), "sum=3");

    [Fact]
    public void LINQ_and_other_framework_code_enumerating_concurrent_collections_acquire_the_items_they_read() =>
        MatrixAssert.Clean(Run("linq"), "sum=10 count=10 first=10 any=10 ordered=10 values=10 where=10 to-list=10 keys=10 new-list=10 "
            + "add-range=10 to-dictionary=10 foreach-values=10 blocking=10 cast=10 sequence=10 read-only=10 untyped-foreach=10 parallel=10 join=10");

    [Fact]
    public void Value_type_items_read_by_LINQ_order_per_queue() => MatrixAssert.Clean(Run("linq-value-items"), "header=9");

    [Fact]
    public void Item_mutated_after_Enqueue_races_with_a_LINQ_lambda_that_reads_it() =>
        HandedOverThenMutated("linq-misuse", "LinqStamp", "producer", "reader", "item.LinqStamp = 2", "queue.Sum(i => i.LinqStamp)");

    [Fact]
    public void Value_mutated_after_the_indexer_set_races_with_a_read_of_a_LINQ_result() =>
        HandedOverThenMutated("linq-dictionary-misuse", "ResultStamp", "writer", "reader", "item.ResultStamp = 2", "values[0].ResultStamp");

    [Fact]
    public void Value_mutated_after_TryAdd_races_with_TryGetValue() =>
        HandedOverThenMutated("dictionary-misuse", "DictionaryStamp", "writer", "reader", "item.DictionaryStamp = 2", "sink = item.DictionaryStamp");

    // TPL Dataflow

    [Fact]
    public void Dataflow_posts_links_serial_blocks_completion_and_receive_order_the_pipeline() =>
        MatrixAssert.Clean(Run("dataflow"), "total=45 parallel=360 received=42 mailed=7");

    [Fact]
    public void Invocations_of_a_parallel_dataflow_block_race_with_each_other()
    {
        var run = Run("dataflow-parallel-misuse");
        MatrixAssert.Races(run, ["hits"], "done");
        MatrixAssert.Between(run, "hits", Write(AnyThread, "hits++"), Write(AnyThread, "hits++"));
    }

    [Fact]
    public void Item_mutated_after_Post_races_with_the_block_that_reads_it() =>
        HandedOverThenMutated("dataflow-misuse", "DataflowStamp", AnyThread, AnyThread, "item.DataflowStamp = 2", "sink = item.DataflowStamp");
}
