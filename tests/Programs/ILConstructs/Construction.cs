// Constructors that let `this` escape before they finish: the object reaches another thread while it is
// being built, so the constructor's later stores (and readonly fields) race with that thread's reads.
// The builder registers the object under a lock, then stores; the reader takes it under the same lock
// afterwards in real time, and the lock orders the registration but not the store after it.
// racy-escaping-constructor: `racy-escaping-constructor 6`, race on Size.
// racy-escaping-readonly: `racy-escaping-readonly 7`, race on _weight (a readonly field).
sealed class Registry
{
    readonly object _gate = new();
    object? _latest;

    public void Add(object item)
    {
        lock (_gate)
            _latest = item;
    }

    public T Latest<T>()
    {
        lock (_gate)
            return (T)_latest!;
    }
}

sealed class Escaping
{
    public int Size;

    public Escaping(Registry registry)
    {
        registry.Add(this);
        Size = 6; // RACE: Size (write)
    }
}

sealed class EscapingReadOnly
{
    readonly int _weight;

    public EscapingReadOnly(Registry registry)
    {
        registry.Add(this);
        _weight = 7; // RACE: _weight (write)
    }

    public int Weight => _weight; // RACE: _weight (read)
}

static class ConstructionScenarios
{
    public static void RacyEscapingConstructor()
    {
        var registry = new Registry();
        int size = 0;
        Workers.InTurn("builder", () => new Escaping(registry), "reader", () => size = registry.Latest<Escaping>().Size); // RACE: Size (read)
        Console.WriteLine($"racy-escaping-constructor {size}");
    }

    public static void RacyEscapingReadOnly()
    {
        var registry = new Registry();
        int weight = 0;
        Workers.InTurn("builder", () => new EscapingReadOnly(registry), "reader", () => weight = registry.Latest<EscapingReadOnly>().Weight);
        Console.WriteLine($"racy-escaping-readonly {weight}");
    }
}
