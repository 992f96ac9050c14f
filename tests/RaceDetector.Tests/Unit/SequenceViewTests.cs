using System.Collections.Concurrent;
using RaceDetector.Runtime;
using Xunit;

namespace RaceDetector.Tests.Unit;

/// <summary>
/// What framework code receives when instrumented code hands it a concurrent collection as a sequence
/// (<c>Hooks.Sequence</c>): the same items, and for a ConcurrentDictionary the same <c>Count</c> and snapshot
/// <c>CopyTo</c> that <c>ToList</c>, <c>ToArray</c> and <c>new List&lt;T&gt;(...)</c> use.
/// </summary>
public class SequenceViewTests
{
    [Fact]
    public void A_dictionary_is_handed_over_as_a_collection_with_its_count_and_snapshot_copy()
    {
        var dictionary = new ConcurrentDictionary<int, string>(Enumerable.Range(0, 5).Select(i => KeyValuePair.Create(i, "v" + i)));

        var view = Hooks.Sequence<KeyValuePair<int, string>>(dictionary)!;

        Assert.NotSame(dictionary, view);
        var collection = Assert.IsAssignableFrom<ICollection<KeyValuePair<int, string>>>(view);
        Assert.Equal(5, collection.Count);
        Assert.True(view.TryGetNonEnumeratedCount(out int count) && count == 5);
        var copy = new KeyValuePair<int, string>[7];
        collection.CopyTo(copy, 2);
        Assert.Equal(dictionary.OrderBy(p => p.Key), copy.Skip(2).OrderBy(p => p.Key));
        Assert.Equal(dictionary.OrderBy(p => p.Key), view.ToList().OrderBy(p => p.Key));
    }

    [Fact]
    public void A_queue_is_handed_over_as_a_sequence_of_the_same_items_and_a_list_passes_through()
    {
        var queue = new ConcurrentQueue<string>(["a", "b", "c"]);
        var list = new List<string> { "x" };

        var view = Hooks.Sequence<string>(queue)!;

        Assert.NotSame(queue, view);
        Assert.Equal(["a", "b", "c"], view.ToArray());
        Assert.Same(list, Hooks.Sequence<string>(list));
    }
}
