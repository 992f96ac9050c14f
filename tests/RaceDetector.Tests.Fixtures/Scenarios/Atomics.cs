namespace RaceDetector.Tests.Fixtures;

public struct Stats
{
    public int Hits;
    public long Bytes;
}

public class AtomicHost
{
    public int Count;
    public long Total;
    public uint Flags;
    public volatile int Flag;
    public volatile bool Ready;
    public volatile string? VolatileName;
    public object? Obj;
    public string? Name;
    public double Real;
    public Stats Stats;
    public int[] Array = new int[4];
    public long[] Longs = new long[2];
    public string?[] Names = new string?[2];
    public Stats[] StatsArray = new Stats[3];
    public static int SCount;
    public static long STotal;
    public static volatile int SFlag;
    public static Stats SStats;
    public static string? SName;

    public int IncrementAndReturn() => Interlocked.Increment(ref Count);

    public static int OnRef(ref int location) => Interlocked.Add(ref location, 2);

    public static T Exchange<T>(T[] items, int index, T value) where T : class? => Interlocked.Exchange(ref items[index], value);

    public static T ExchangeField<T>(Box<T> box, T value) where T : class? => Interlocked.Exchange(ref box.Value, value);
}

public static class AtomicScenarios
{
    public static void Register(ScenarioList s)
    {
        s.Add("interlocked instance fields", () =>
        {
            var h = new AtomicHost();
            Interlocked.Increment(ref h.Count);
            Interlocked.Increment(ref h.Count);
            Interlocked.Decrement(ref h.Count);
            long added = Interlocked.Add(ref h.Total, 5);
            int old = Interlocked.CompareExchange(ref h.Count, 10, 1);
            int failed = Interlocked.CompareExchange(ref h.Count, 20, 1);
            object? prev = Interlocked.Exchange(ref h.Obj, "x");
            string? prevName = Interlocked.Exchange<string?>(ref h.Name, "n");
            string? cas = Interlocked.CompareExchange(ref h.Name, "m", "n");
            long read = Interlocked.Read(ref h.Total);
            Interlocked.Or(ref h.Flags, 6u);
            Interlocked.And(ref h.Flags, 3u);
            double real = Interlocked.Exchange(ref h.Real, 1.5);
            Interlocked.MemoryBarrier();
            return $"{h.Count} {added} {old} {failed} {prev is null} {prevName is null} {cas} {h.Name} {read} {h.Flags} {real} {h.Real} {h.Obj} {h.IncrementAndReturn()}";
        });
        s.Add("interlocked static fields", () =>
        {
            int before = AtomicHost.SCount;
            Interlocked.Increment(ref AtomicHost.SCount);
            Interlocked.Add(ref AtomicHost.STotal, 7);
            Interlocked.CompareExchange(ref AtomicHost.SName, "s", null);
            Interlocked.Exchange(ref AtomicHost.SCount, AtomicHost.SCount + 1);
            Interlocked.Increment(ref Box<int>.Created);
            return $"{AtomicHost.SCount - before} {AtomicHost.STotal} {AtomicHost.SName}";
        });
        s.Add("interlocked array elements", () =>
        {
            var h = new AtomicHost();
            Interlocked.Increment(ref h.Array[2]);
            Interlocked.Add(ref h.Array[2], 5);
            long cmp = Interlocked.CompareExchange(ref h.Longs[1], 9, 0);
            string? x = AtomicHost.Exchange(h.Names, 1, "one");
            string? y = Interlocked.Exchange(ref h.Names[1], "two");
            int[] local = [1, 2, 3];
            int i = 1;
            Interlocked.Exchange(ref local[i + 1], 30);
            return $"{h.Array[2]} {cmp} {h.Longs[1]} {x is null} {y} {h.Names[1]} {local[2]}";
        });
        s.Add("interlocked struct chains", () =>
        {
            var h = new AtomicHost();
            Interlocked.Increment(ref h.Stats.Hits);
            Interlocked.Add(ref h.Stats.Bytes, 100);
            Interlocked.Increment(ref AtomicHost.SStats.Hits);
            Interlocked.Increment(ref h.StatsArray[1].Hits);
            Interlocked.Add(ref h.StatsArray[2].Bytes, 3);
            var local = new Stats();
            Interlocked.Increment(ref local.Hits);
            int r = 5;
            AtomicHost.OnRef(ref r);
            AtomicHost.OnRef(ref h.Count);
            return $"{h.Stats.Hits} {h.Stats.Bytes} {h.StatsArray[1].Hits} {h.StatsArray[2].Bytes} {local.Hits} {r} {h.Count}";
        });
        s.Add("interlocked generic field", () =>
        {
            var box = Box<string>.Of("a");
            string old = AtomicHost.ExchangeField(box, "b");
            return old + box.Value;
        });
        s.Add("volatile read write", () =>
        {
            var h = new AtomicHost();
            Volatile.Write(ref h.Count, 3);
            int c = Volatile.Read(ref h.Count);
            Volatile.Write(ref h.Total, 40L);
            long t = Volatile.Read(ref h.Total);
            Volatile.Write(ref AtomicHost.SCount, Volatile.Read(ref AtomicHost.SCount) + 1);
            Volatile.Write(ref h.Array[1], 9);
            int e = Volatile.Read(ref h.Array[1]);
            Volatile.Write(ref h.Obj, "o");
            object? o = Volatile.Read(ref h.Obj);
            Volatile.Write(ref h.Stats.Hits, 2);
            bool flag = false;
            Volatile.Write(ref flag, true);
            Thread.VolatileWrite(ref h.Count, Thread.VolatileRead(ref h.Count) + 1);
            return $"{c} {t} {e} {o} {h.Stats.Hits} {Volatile.Read(ref flag)} {h.Count}";
        });
        s.Add("volatile fields", () =>
        {
            var h = new AtomicHost();
            h.Flag = 1;
            h.Flag++;
            h.Flag += h.Flag;
            h.Ready = h.Flag > 3;
            h.VolatileName = "v";
            h.VolatileName += h.Flag;
            AtomicHost.SFlag = AtomicHost.SFlag + 1;
            AtomicHost.SFlag++;
            Interlocked.Increment(ref h.Flag);
            int read = h.Ready ? h.Flag : -1;
            return $"{read} {h.VolatileName} {AtomicHost.SFlag > 0}";
        });
    }
}
