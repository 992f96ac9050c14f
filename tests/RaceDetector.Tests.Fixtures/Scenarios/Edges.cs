using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace RaceDetector.Tests.Fixtures;

public static class ModuleInit
{
    public static int Value;
    public static string Log = "";

    /// <summary>Runs from the module's static constructor, before Main and before anything else in this assembly.</summary>
    [ModuleInitializer]
    internal static void Initialize()
    {
        Value += 5;
        Log += "init";
    }
}

public class EdgeHost
{
    public int Count;
    public MiddleS Middle;
    public InnerS Inner;
    public int[]? Missing;
    public int[] Values = [1, 2, 3];
    public List<int> Items = [];
    [ThreadStatic] public static int PerThread;
    public const int Constant = 4;
    public static readonly int[] ReadOnlyArray = [7, 8];

    [SkipLocalsInit]
    public int NoLocalsInit(int n)
    {
        Span<int> scratch = stackalloc int[n];
        for (int i = 0; i < n; i++)
            scratch[i] = Count + i;
        Count = scratch[n - 1];
        int sum = 0;
        foreach (var v in scratch)
            sum += v;
        return sum + Values[1];
    }

    public string StructValues()
    {
        Middle = default;
        Middle.M = 3;
        Inner = new InnerS { C = 4, D = 5 };
        var copy = Middle;
        copy.M = 100;
        Middle = copy with { };
        Inner.D += Middle.M;
        return $"{Middle.M} {Inner.C} {Inner.D}";
    }

    public string OutParameters()
    {
        bool ok = int.TryParse("321", out Count);
        Values[0] = 0;
        bool ok2 = int.TryParse("9", out Values[0]);
        ReadOnlyArray[1] += 1;
        PerThread++;
        return $"{ok} {Count} {ok2} {Values[0]} {ReadOnlyArray[1]} {PerThread} {Constant}";
    }

    public string NullAndBadIndexes()
    {
        var results = new List<string>();
        try
        {
            results.Add(Missing![0].ToString());
        }
        catch (NullReferenceException)
        {
            results.Add("null read");
        }
        try
        {
            Missing![1] = 3;
        }
        catch (NullReferenceException)
        {
            results.Add("null write");
        }
        try
        {
            int index = -1;
            Values[index] = 5;
        }
        catch (IndexOutOfRangeException)
        {
            results.Add("negative");
        }
        try
        {
            results.Add(Interlocked.Increment(ref Values[10]).ToString());
        }
        catch (IndexOutOfRangeException)
        {
            results.Add("atomic out of range");
        }
        try
        {
            EdgeHost? none = null;
            Interlocked.Increment(ref none!.Count);
        }
        catch (NullReferenceException)
        {
            results.Add("atomic null");
        }
        return string.Join(",", results);
    }

    public int Collections()
    {
        Items.Add(Count);
        Items.AddRange(Values);
        Items[0] = Items.Count;
        var dict = new Dictionary<string, int> { ["a"] = Values[2] };
        dict["a"] += Items[0];
        return dict["a"] + Items.Sum();
    }

    /// <summary>
    /// Concurrent collections handed to framework methods as sequences, which the detector replaces with views,
    /// and one handed to a framework method as a generic value or to AsEnumerable, which it leaves alone.
    /// </summary>
    public string FrameworkSequences()
    {
        var queue = new ConcurrentQueue<int>(Values);
        var bag = new ConcurrentBag<string> { "y", "x" };
        var dictionary = new ConcurrentDictionary<string, int> { ["a"] = Values[0], ["b"] = Values[2] };
        string linq = $"{queue.Sum()} {queue.Count()} {string.Join(",", bag.Order())} {dictionary.Where(p => p.Value > 1).Select(p => p.Key).Single()}";
        return $"{linq} {string.Join(",", queue.Cast<object>())} {new List<int>(queue).Count} {ReferenceEquals(Tuple.Create(queue).Item1, queue)} {ReferenceEquals(bag.AsEnumerable(), bag)}";
    }
}

public static class EdgeScenarios
{
    public static void Register(ScenarioList s)
    {
        s.Add("module initializer", () => $"{ModuleInit.Value} {ModuleInit.Log}");
        s.Add("skip locals init", () => new EdgeHost { Count = 10 }.NoLocalsInit(4).ToString());
        s.Add("struct values in fields", () => new EdgeHost().StructValues());
        s.Add("out parameters into fields and elements", () => new EdgeHost().OutParameters());
        s.Add("null arrays and bad indexes", () => new EdgeHost().NullAndBadIndexes());
        s.Add("collections in fields", () => new EdgeHost { Count = 2 }.Collections().ToString());
        s.Add("concurrent collections handed to the framework", () => new EdgeHost().FrameworkSequences());
    }
}
