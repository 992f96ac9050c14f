namespace RaceDetector.Tests.Fixtures;

public class Box<T>
{
    public T Value = default!;
    public T[] Items = new T[3];
    public static int Created;
    public static T? LastStatic;
    public static List<T>? History;

    public Box() => Created++;

    public void Set(T value)
    {
        Value = value;
        LastStatic = value;
        (History ??= new()).Add(value);
    }

    public T Get() => Value;

    public ref T RefValue() => ref Value;

    public void SetAt(int index, T value) => Items[index] = value;

    public T GetAt(int index) => Items[index];

    public U Convert<U>(Func<T, U> convert) => convert(Value);

    public static Box<T> Of(T value)
    {
        var box = new Box<T>();
        box.Set(value);
        return box;
    }
}

public class Pair<TKey, TValue> where TKey : notnull
{
    public TKey Key;
    public TValue Val;
    public static Dictionary<TKey, TValue>? Shared;

    public Pair(TKey key, TValue value)
    {
        Key = key;
        Val = value;
    }

    public void Publish<TOther>(Pair<TKey, TOther> other, TOther value)
    {
        other.Val = value;
        Shared ??= new();
        Shared[Key] = Val;
        Pair<TKey, TOther>.Shared ??= new();
        Pair<TKey, TOther>.Shared![other.Key] = other.Val;
    }
}

public class Outer<T>
{
    public T F = default!;
    public T G = default!;

    public class Inner<U>
    {
        public T A = default!;
        public U B = default!;
        public static T? SA;
        public static U? SB;

        public string Describe() => $"{A}/{B}/{SA}/{SB}";
    }

    // The method's T shadows the type's T (CS0693): two different types spelled the same way.
    // Temporaries the instrumenter creates for the two stores must not be shared.
    public string Mix<T>(Outer<T> other, T otherValue)
    {
        this.F = this.G;
        other.F = otherValue;
        other.G = other.F;
        this.G = this.F;
        return $"{this.F}|{other.F}|{other.G}";
    }
}

public struct GenericStruct<T>
{
    public T Item;
    public int Count;
    public static int Instances;

    public void Put(T item)
    {
        Item = item;
        Count++;
        Instances++;
    }
}

public class StructHolder<T>
{
    public GenericStruct<T> Inner;
    public GenericStruct<T>[] Many = new GenericStruct<T>[2];
}

public interface IShape<TSelf> where TSelf : IShape<TSelf>
{
    static abstract TSelf Create(int size);
    static virtual string Kind => "shape";
    int Area { get; }
}

public sealed class Square : IShape<Square>
{
    public int Side;
    public static int Made;

    public static Square Create(int size)
    {
        Made++;
        return new Square { Side = size };
    }

    public static string Kind => "square";
    public int Area => Side * Side;
}

public struct Dot : IShape<Dot>
{
    public int Weight;
    public static int Made;

    public static Dot Create(int size)
    {
        Made++;
        return new Dot { Weight = size };
    }

    public int Area => 0;
}

public interface ICounter
{
    static int Bumps;
    int Count { get; set; }

    void Bump()
    {
        Count++;
        Bumps++;
    }

    string Report() => $"count={Count} bumps={Bumps}";
}

public class CounterImpl : ICounter
{
    public int Count { get; set; }
}

public class CounterOverride : ICounter
{
    public int Count { get; set; }
    public string Report() => "override " + Count;
}

public static class GenericScenarios
{
    static T Make<T>(int size) where T : IShape<T> => T.Create(size);

    static string KindOf<T>() where T : IShape<T> => T.Kind;

    static T Largest<T>(T[] items) where T : IComparable<T>
    {
        T best = items[0];
        for (int i = 1; i < items.Length; i++)
        {
            if (items[i].CompareTo(best) > 0)
                best = items[i];
        }
        return best;
    }

    static string DescribeFirst<T>(T[] items) => items[0]!.ToString()!;

    static int SumUnmanaged<T>(T[] items) where T : unmanaged
    {
        int total = 0;
        foreach (var item in items)
            total += System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        return total;
    }

    static T Fresh<T>() where T : new() => new T();

    static string Swap<T>(Box<T> a, Box<T> b)
    {
        (a.Value, b.Value) = (b.Value, a.Value);
        return $"{a.Value},{b.Value}";
    }

    static void Fill<T>(StructHolder<T> holder, T value)
    {
        holder.Inner.Put(value);
        holder.Many[1].Put(value);
        holder.Many[1].Item = value;
    }

    public static void Register(ScenarioList s)
    {
        s.Add("generic class int", () =>
        {
            var box = Box<int>.Of(5);
            box.Value += 10;
            box.RefValue() *= 2;
            box.SetAt(1, box.Get());
            return $"{box.Value} {box.GetAt(1)} {Box<int>.LastStatic} {Box<int>.History!.Count}";
        });
        s.Add("generic class string", () =>
        {
            var box = Box<string>.Of("a");
            box.Value += "b";
            box.SetAt(2, box.Value);
            return $"{box.Get()} {box.GetAt(2)} {Box<string>.LastStatic} {box.Convert(v => v.Length)}";
        });
        s.Add("generic statics per instantiation", () =>
        {
            var before = (Box<long>.Created, Box<object>.Created);
            _ = new Box<long>();
            _ = new Box<long>();
            _ = new Box<object>();
            return $"{Box<long>.Created - before.Item1} {Box<object>.Created - before.Item2}";
        });
        s.Add("generic struct value", () =>
        {
            var b1 = Box<Guid>.Of(Guid.Empty);
            var b2 = Box<decimal>.Of(1.5m);
            b2.Value *= 3;
            return $"{b1.Value} {b2.Value}";
        });
        s.Add("generic two parameters", () =>
        {
            var p = new Pair<string, int>("k", 1);
            var q = new Pair<string, double>("q", 0);
            p.Publish(q, 2.5);
            return $"{Pair<string, int>.Shared!["k"]} {Pair<string, double>.Shared!["q"]} {q.Val}";
        });
        s.Add("generic method type parameter shadows type parameter", () =>
        {
            var ints = new Outer<int> { F = 1, G = 2 };
            var strings = new Outer<string> { F = "f", G = "g" };
            return ints.Mix(strings, "x") + " " + strings.Mix(ints, 7);
        });
        s.Add("generic nested", () =>
        {
            var inner = new Outer<int>.Inner<string> { A = 3, B = "b" };
            Outer<int>.Inner<string>.SA = 4;
            Outer<int>.Inner<string>.SB = "sb";
            inner.A += Outer<int>.Inner<string>.SA;
            return inner.Describe();
        });
        s.Add("generic struct fields", () =>
        {
            var h = new StructHolder<string>();
            Fill(h, "v");
            var h2 = new StructHolder<int>();
            Fill(h2, 9);
            Fill(h2, 10);
            return $"{h.Inner.Item}{h.Inner.Count} {h.Many[1].Count} {h2.Many[1].Item} {h2.Inner.Count} {GenericStruct<int>.Instances}";
        });
        s.Add("generic constraints", () =>
        {
            var ints = new[] { 3, 9, 2 };
            return $"{Largest(ints)} {Largest(new[] { "b", "c", "a" })} {DescribeFirst(ints)} {SumUnmanaged(new long[] { 1, 2 })} {Fresh<List<int>>().Count}";
        });
        s.Add("generic swap through tuple", () => Swap(Box<int>.Of(1), Box<int>.Of(2)) + " " + Swap(Box<string>.Of("x"), Box<string>.Of("y")));
        s.Add("static abstract interface members", () =>
        {
            var sq = Make<Square>(4);
            var dot = Make<Dot>(2);
            return $"{sq.Area} {dot.Weight} {Square.Made} {Dot.Made} {KindOf<Square>()} {KindOf<Dot>()}";
        });
        s.Add("default interface methods", () =>
        {
            ICounter a = new CounterImpl();
            ICounter b = new CounterOverride();
            a.Bump();
            a.Bump();
            b.Bump();
            ICounter.Bumps += 100;
            return a.Report() + " / " + b.Report();
        });
    }
}
