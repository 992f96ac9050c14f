namespace RaceDetector.Tests.Fixtures;

public record Person(string Name, int Age)
{
    public string? Nick { get; init; }
    public int Visits;
    public static int Created;
}

public record struct Point(int X, int Y)
{
    public int Z { get; set; }
}

public sealed record Employee(string Name, int Age, string Team) : Person(Name, Age);

public class Publisher
{
    public event EventHandler<int>? Changed;
    public static event Action<string>? Global;
    EventHandler? _custom;
    public int CustomAdds;

    public event EventHandler Custom
    {
        add
        {
            CustomAdds++;
            _custom += value;
        }
        remove
        {
            CustomAdds--;
            _custom -= value;
        }
    }

    public void Raise(int value)
    {
        Changed?.Invoke(this, value);
        Global?.Invoke("g" + value);
        _custom?.Invoke(this, EventArgs.Empty);
    }
}

public class PropertyHost
{
    int _backing;
    public int Auto { get; set; }
    public string Text { get; set; } = "";
    public int ReadOnlyAuto { get; } = 7;
    public int InitOnly { get; init; }
    public static int StaticAuto { get; set; }
    public int[] Store = new int[4];

    public int Computed
    {
        get => _backing * 2;
        set => _backing = value + 1;
    }

    public int this[int index]
    {
        get => Store[index];
        set => Store[index] = value;
    }

    public string? Maybe;
    public int? NullableInt;
    public DateTime? NullableDate;
    public (int Count, string Label) Tuple;
    public (int, (string, double)) NestedTuple;
    public ValueTuple<long> Single;
    public Tuple<int, string>? RefTuple;
}

public class IteratorHost
{
    public int State;
    public static int Disposed;

    public IEnumerable<int> Numbers(int count)
    {
        try
        {
            for (int i = 0; i < count; i++)
            {
                State += i;
                yield return State;
            }
            if (State > 1000)
                yield break;
            yield return -1;
        }
        finally
        {
            Disposed++;
        }
    }

    public static IEnumerable<T> Repeat<T>(T value, int times)
    {
        for (int i = 0; i < times; i++)
            yield return value;
    }

    public IEnumerator<string> Letters()
    {
        yield return "a" + State;
        yield return "b";
    }
}

public class ClosureHost
{
    public int Field = 1;
    public static int SField = 2;

    public string Capture()
    {
        int local = 10;
        int other = 20;
        Func<int> readBoth = () => local + Field;
        Action bump = () =>
        {
            local++;
            Field += local;
            SField += other;
        };
        bump();
        bump();
        Func<int, Func<int>> nested = x => () => x + local + other + Field;
        int fromNested = nested(5)();
        var list = new List<Func<int>>();
        for (int i = 0; i < 3; i++)
        {
            int copy = i;
            list.Add(() => copy * local);
        }
        return $"{readBoth()} {local} {Field} {fromNested} {string.Join(",", list.Select(f => f()))}";
    }

    public int LocalFunctions()
    {
        int counter = 0;
        int Add(int n)
        {
            counter += n;
            Field += n;
            return counter;
        }
        static int Square(int n) => n * n;
        int Recurse(int n) => n <= 0 ? counter : Recurse(n - 1) + Add(1);
        Add(2);
        Add(Square(3));
        return Recurse(3) + counter * 100;
    }
}

/// <summary>Private methods that only constructors call (construction helpers), and some that are not.</summary>
public class ConstructionHost
{
    public int Size;
    public string Name = "";
    public int Resets;

    public ConstructionHost(int size)
    {
        Size = size;
        Prepare();
        Reset();
    }

    void Prepare() => Describe();

    void Describe() => Name = "n" + Size;

    void Reset() => Resets++;

    public void Clear() => Reset();

    void Unused() => Size = 0;

    public Action Unusable() => Unused;
}

/// <summary>A constructor that hands <c>this</c> to a registry before it stores: its stores and readonly reads are checked.</summary>
public class EscapingHost
{
    public static readonly List<EscapingHost> Registry = [];

    public int Size;
    readonly int _weight;

    public EscapingHost(int size)
    {
        lock (Registry)
            Registry.Add(this);
        Size = size;
        _weight = size * 2;
    }

    public int Weight => _weight;
}

/// <summary>A one-shot slot built on helpers that take the field by <c>ref</c>: only the plain store writes it.</summary>
public class AtomicSlot
{
    object? _current;

    public bool TrySet(object value) => AtomicRefs.TrySet(ref _current, value);

    public object? Take() => AtomicRefs.Take(ref _current);

    public void Overwrite(object? value) => AtomicRefs.Store(ref _current, value);
}

/// <summary>Lock-free helpers over a caller's field, as System.Reactive's Disposable.TrySetSingle.</summary>
public static class AtomicRefs
{
    public static bool TrySet(ref object? location, object value) => Interlocked.CompareExchange(ref location, value, null) == null;

    public static object? Take(ref object? location) => Interlocked.Exchange(ref location, null);

    public static void Store(ref object? location, object? value) => location = value;
}

public static class LanguageScenarios
{
    public static void Register(ScenarioList s)
    {
        s.Add("iterators", () =>
        {
            var h = new IteratorHost();
            int before = IteratorHost.Disposed;
            string all = string.Join(",", h.Numbers(4));
            string first = string.Join(",", h.Numbers(10).Take(2));
            var e = h.Letters();
            e.MoveNext();
            string letter = e.Current;
            return $"{all} {first} {IteratorHost.Disposed - before} {string.Join("", IteratorHost.Repeat('x', 3))} {letter}";
        });
        s.Add("construction helpers", () =>
        {
            var h = new ConstructionHost(3);
            h.Clear();
            return $"{h.Name} {h.Resets} {h.Unusable() is not null}";
        });
        s.Add("lambdas and closures", () => new ClosureHost().Capture());
        s.Add("local functions", () => new ClosureHost().LocalFunctions().ToString());
        s.Add("records with init", () =>
        {
            var p = new Person("Ann", 30) { Nick = "A" };
            p.Visits++;
            Person.Created++;
            var older = p with { Age = 31 };
            older.Visits += 5;
            var e = new Employee("Bob", 40, "core") { Nick = "B" };
            var moved = e with { Team = "infra" };
            var pt = new Point(1, 2) { Z = 3 };
            var pt2 = pt with { X = 9 };
            return $"{p} | {older.Visits} {p == older} {moved.Team} {moved.Nick} {pt2} {pt2.Z} {e.Equals(moved)}";
        });
        s.Add("properties", () =>
        {
            var h = new PropertyHost { InitOnly = 3 };
            h.Auto = 5;
            h.Auto++;
            h.Auto += h.ReadOnlyAuto;
            h.Text += "t";
            h.Computed = 4;
            h.Computed += 1;
            h[2] = 8;
            h[2]++;
            PropertyHost.StaticAuto += 2;
            return $"{h.Auto} {h.Text} {h.Computed} {h[2]} {h.InitOnly} {PropertyHost.StaticAuto > 0}";
        });
        s.Add("events", () =>
        {
            var p = new Publisher();
            int sum = 0;
            var log = new List<string>();
            EventHandler<int> handler = (_, v) => sum += v;
            Action<string> global = log.Add;
            EventHandler custom = (_, _) => log.Add("custom");
            p.Changed += handler;
            p.Changed += handler;
            Publisher.Global += global;
            p.Custom += custom;
            p.Raise(3);
            p.Changed -= handler;
            Publisher.Global -= global;
            p.Custom -= custom;
            p.Raise(4);
            return $"{sum} {string.Join(",", log)} {p.CustomAdds}";
        });
        s.Add("string nullable tuple fields", () =>
        {
            var h = new PropertyHost();
            h.Maybe ??= "m";
            h.Maybe += "!";
            h.NullableInt = 4;
            h.NullableInt += 1;
            bool has = h.NullableInt.HasValue;
            int value = h.NullableInt.GetValueOrDefault();
            h.NullableDate = null;
            h.Tuple = (2, "two");
            h.Tuple.Count++;
            h.Tuple.Label += "!";
            var (count, label) = h.Tuple;
            h.NestedTuple.Item2.Item1 = "deep";
            h.NestedTuple.Item2.Item2 += 0.5;
            h.Single.Item1 = 77;
            h.RefTuple = Tuple.Create(1, "r");
            return $"{h.Maybe} {has} {value} {h.NullableDate.HasValue} {count} {label} {h.NestedTuple} {h.Single.Item1} {h.RefTuple.Item2} {h.Maybe?.Length}";
        });
    }
}
