// A library's own copy of a framework type under the framework's name, as the Polyfill and Backport
// packages add System.Threading.Lock to builds for older frameworks. It is user code: the detector
// instruments it like any other class and never binds its calls to the runtime's Lock replacements
// (which would throw MissingMethodException). The C# `lock` statement uses it through EnterScope.
// polyfill-lock: `polyfill-lock 4000`, no race (the Monitor calls inside it are modelled).
// racy-polyfill-lock: one thread counts under the polyfill lock, the other without it.
#pragma warning disable CS0436 // the source type wins over the framework's, which is the point

namespace System.Threading
{
    sealed class Lock
    {
        public void Enter() => Monitor.Enter(this);

        public void Exit() => Monitor.Exit(this);

        public Scope EnterScope()
        {
            Enter();
            return new Scope(this);
        }

        public readonly ref struct Scope(Lock owner)
        {
            public void Dispose() => owner.Exit();
        }
    }
}

sealed class PolyfillCounter
{
    readonly System.Threading.Lock _gate = new();
    public int Count;

    public void Add()
    {
        lock (_gate)
        {
            Count++; // RACE: Count (write)
        }
    }

    public void AddUnlocked() => Count += 1; // RACE: Count (write)
}

static class PolyfillScenarios
{
    public static void Lock()
    {
        var counter = new PolyfillCounter();
        ThreadStart work = () =>
        {
            for (int i = 0; i < 1000; i++)
                counter.Add();
        };
        Workers.Run(("w1", work), ("w2", work), ("w3", work), ("w4", work));
        Console.WriteLine($"polyfill-lock {counter.Count}");
    }

    public static void RacyLock()
    {
        var counter = new PolyfillCounter();
        Workers.InTurn("locked", counter.Add, "unlocked", counter.AddUnlocked);
        Console.WriteLine($"racy-polyfill-lock {counter.Count}");
    }
}
