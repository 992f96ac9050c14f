// IL constructs the instrumenter must rewrite, one scenario per run: `ILConstructs <scenario>`.
// Each construct has a racy scenario whose races are exactly the lines marked `// RACE: <member> (read|write)`
// inside the construct and, where meaningful, a race-free one. Every scenario prints one line,
// `<scenario> <values>`, the same with and without the detector (the tests run both).
// Determinism: in racy scenarios both accesses always run and nothing the detector models orders them.
// Workers.InTurn fixes which one runs first in real time through CancellationToken.IsCancellationRequested,
// which the detector does not model, so the printed values never depend on timing.
// Methods marked [CraftedIl] get IL prefixes that C# never emits (`tail.`, `unaligned.`): the tests add
// them to the built assembly (tests/RaceDetector.Tests/Support/IlCrafting.cs) before running it.
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

var scenarios = new Dictionary<string, Action>
{
    ["generic-statics"] = GenericScenarios.Statics,
    ["racy-generic-static"] = GenericScenarios.RacyStatic,
    ["racy-generic-shared-code"] = GenericScenarios.RacySharedCode,
    ["generic-instances"] = GenericScenarios.Instances,
    ["racy-generic-instance"] = GenericScenarios.RacyInstance,
    ["structs"] = StructScenarios.Clean,
    ["racy-struct-chain"] = StructScenarios.RacyChain,
    ["racy-struct-array"] = StructScenarios.RacyArray,
    ["racy-in-parameter"] = StructScenarios.RacyIn,
    ["racy-ref-readonly-parameter"] = StructScenarios.RacyRefReadOnly,
    ["racy-ref-return"] = StructScenarios.RacyRefReturn,
    ["racy-ref-struct"] = StructScenarios.RacyRefStruct,
    ["spans"] = SpanScenarios.Clean,
    ["racy-span-write"] = SpanScenarios.RacyWrite,
    ["racy-span-read"] = SpanScenarios.RacyRead,
    ["layout"] = LayoutScenarios.Sizes,
    ["racy-explicit-struct"] = LayoutScenarios.RacyExplicitStruct,
    ["explicit-class"] = LayoutScenarios.ExplicitClass,
    ["racy-explicit-class"] = LayoutScenarios.RacyExplicitClass,
    ["racy-explicit-class-overlap"] = LayoutScenarios.RacyOverlap,
    ["racy-sequential-class"] = LayoutScenarios.RacySequentialClass,
    ["racy-pinvoke-struct"] = LayoutScenarios.RacyPInvokeStruct,
    ["racy-fixed-buffer"] = LayoutScenarios.RacyFixedBuffer,
    ["fixed-layout-finalizer"] = LayoutScenarios.Finalizer,
    ["exceptions"] = ExceptionScenarios.Clean,
    ["racy-exceptions"] = ExceptionScenarios.Racy,
    ["racy-switch"] = SwitchScenario.Racy,
    ["tail-calls"] = TailCallScenarios.Clean,
    ["racy-tail-call"] = TailCallScenarios.Racy,
    ["racy-unaligned"] = UnalignedScenario.Racy,
    ["racy-constrained"] = PrefixScenarios.RacyConstrained,
    ["racy-readonly-prefix"] = PrefixScenarios.RacyReadOnly,
    ["racy-async-iterator"] = AsyncIteratorScenario.Racy,
    ["racy-closures"] = ClosureScenario.Racy,
    ["racy-record"] = RecordScenario.Racy,
    ["racy-static-abstract"] = InterfaceScenarios.RacyStaticAbstract,
    ["racy-default-interface-method"] = InterfaceScenarios.RacyDefaultMethod,
    ["unsafe-pointers"] = UnsafeScenario.Pointers,
    ["polyfill-lock"] = PolyfillScenarios.Lock,
    ["racy-escaping-constructor"] = ConstructionScenarios.RacyEscapingConstructor,
    ["racy-escaping-readonly"] = ConstructionScenarios.RacyEscapingReadOnly,
    ["racy-polyfill-lock"] = PolyfillScenarios.RacyLock,
    ["racy-many-fields"] = GeneratedScenarios.RacyManyFields,
    ["racy-large-method"] = GeneratedScenarios.RacyLargeMethod,
};
return Scenarios.Run("ILConstructs", args, scenarios);

/// <summary>Ordering helpers of ILConstructs, beside the shared <c>Workers.Run</c> (../Shared/Scenarios.cs).</summary>
static partial class Workers
{
    /// <summary>
    /// Runs <paramref name="write"/> on thread "writer", then <paramref name="read"/> on thread "reader" (in turn,
    /// see <see cref="InTurn"/>); returns what the reader read.
    /// </summary>
    public static T WriteThenRead<T>(ThreadStart write, Func<T> read)
    {
        T seen = default!;
        InTurn("writer", write, "reader", () => seen = read());
        return seen;
    }
}

/// <summary>Marks a method whose IL the tests give a prefix C# never emits: "tail" or "unaligned".</summary>
[AttributeUsage(AttributeTargets.Method)]
sealed class CraftedIlAttribute(string prefix) : Attribute
{
    public string Prefix { get; } = prefix;
}

// ---------------------------------------------------------------------------------------------------
// Generic classes and methods. A static field of a generic type is one variable per instantiation, also
// in code shared by reference-type instantiations.
// generic-statics: `generic-statics 1 2 a b` (Holder<int> and Holder<long>, Registry<string> and
// Registry<object>, each written by one thread). racy-generic-static: race on Holder<int>.Value only
// (the second thread also writes Holder<string>.Value first). racy-generic-shared-code: race on
// Registry<T>.Current through Publish<string> in both threads. generic-instances: `generic-instances a b 3`.
// racy-generic-instance: race on Box<T>.Item.
sealed class Holder<T>
{
    public static T? Value;
}

sealed class Registry<T>
{
    public static T? Current;
}

sealed class Box<T>
{
    public T? Item;

    public void Put(T item) => Item = item; // RACE: Item (write)

    public TOut Convert<TOut>(TOut fallback) => Item is TOut value ? value : fallback;
}

static class GenericScenarios
{
    static void Publish<T>(T value) => Registry<T>.Current = value; // RACE: Current (write)

    public static void Statics()
    {
        Workers.Run(("int", () =>
        {
            Holder<int>.Value = 1;
            Publish("a");
        }), ("long", () =>
        {
            Holder<long>.Value = 2;
            Publish<object>("b");
        }));
        Console.WriteLine($"generic-statics {Holder<int>.Value} {Holder<long>.Value} {Registry<string>.Current} {Registry<object>.Current}");
    }

    public static void RacyStatic()
    {
        Workers.InTurn("int-1", () => Holder<int>.Value = 1, // RACE: Value (write)
            "int-2", () =>
            {
                Holder<string>.Value = "b";
                Holder<int>.Value = 2; // RACE: Value (write)
            });
        Console.WriteLine($"racy-generic-static {Holder<int>.Value} {Holder<string>.Value}");
    }

    public static void RacySharedCode()
    {
        Workers.InTurn("first", () => Publish("a"), "second", () =>
        {
            Publish<object>("x");
            Publish("b");
        });
        Console.WriteLine($"racy-generic-shared-code {Registry<string>.Current} {Registry<object>.Current}");
    }

    public static void Instances()
    {
        var first = new Box<string>();
        var second = new Box<string>();
        var number = new Box<int>();
        Workers.Run(("first", () =>
        {
            first.Put("a");
            number.Put(3);
        }), ("second", () => second.Put("b")));
        Console.WriteLine($"generic-instances {first.Convert("?")} {second.Item} {number.Convert(0)}");
    }

    public static void RacyInstance()
    {
        var box = new Box<string>();
        Workers.InTurn("first", () => box.Put("a"), "second", () => box.Put("b"));
        Console.WriteLine($"racy-generic-instance {box.Item}");
    }
}

// ---------------------------------------------------------------------------------------------------
// Structs: a struct's fields are tracked as part of the class field or array element that holds it.
// structs: `structs 1 2 9 9 8 8 12 12` (each thread writes its own array element and only reads the
// shared structs: in, ref readonly, ref readonly returns). Races, one scenario each: a field chain
// (`a.b.c`) on Chain, an array of structs on Parts[2], an `in` argument on Viewed, a `ref readonly`
// argument on Peeked, a ref return on Total (the write is at the `ref` the method returns), a ref
// struct's method on Steps.
struct Inner
{
    public int Count;
    public long Sum;
}

struct Outer
{
    public Inner Inner;
}

sealed class StructHost
{
    public Outer Chain;
    public Outer[] Parts = new Outer[4];
    public Inner Viewed;
    public Inner Peeked;
    public Inner Exposed;
    public int Total;
    public int Steps;

    public ref int TotalRef() => ref Total; // RACE: Total (write)

    public ref readonly Inner ExposedRef() => ref Exposed;
}

ref struct Walker(StructHost host)
{
    readonly StructHost _host = host;

    public int Step() => ++_host.Steps; // RACE: Steps (write)
}

static class StructScenarios
{
    static int SumIn(in Inner inner) => inner.Count + (int)inner.Sum;

    static int Twice(ref readonly Inner inner) => inner.Count * 2;

    static StructHost NewHost()
    {
        var host = new StructHost();
        host.Viewed.Count = 4;
        host.Viewed.Sum = 5;
        host.Peeked.Count = 4;
        host.Exposed.Count = 12;
        return host;
    }

    public static void Clean()
    {
        var host = NewHost();
        int first = 0, second = 0, firstTwice = 0, secondTwice = 0, firstExposed = 0, secondExposed = 0;
        Workers.Run(("first", () =>
        {
            host.Parts[0].Inner.Count = 1;
            first = SumIn(in host.Viewed);
            firstTwice = Twice(in host.Peeked);
            firstExposed = host.ExposedRef().Count;
        }), ("second", () =>
        {
            host.Parts[1].Inner.Count = 2;
            second = SumIn(host.Viewed);
            secondTwice = Twice(ref host.Peeked);
            secondExposed = host.ExposedRef().Count;
        }));
        Console.WriteLine($"structs {host.Parts[0].Inner.Count} {host.Parts[1].Inner.Count} {first} {second} {firstTwice} {secondTwice} {firstExposed} {secondExposed}");
    }

    public static void RacyChain()
    {
        var host = NewHost();
        long seen = Workers.WriteThenRead(() => host.Chain.Inner.Sum = 5, // RACE: Chain (write)
            () => host.Chain.Inner.Sum); // RACE: Chain (read)
        Console.WriteLine($"racy-struct-chain {seen}");
    }

    public static void RacyArray()
    {
        var host = NewHost();
        long seen = Workers.WriteThenRead(() => host.Parts[2].Inner.Sum = 7, // RACE: Parts (write)
            () => host.Parts[2].Inner.Sum); // RACE: Parts (read)
        Console.WriteLine($"racy-struct-array {seen}");
    }

    public static void RacyIn()
    {
        var host = NewHost();
        int seen = Workers.WriteThenRead(() => host.Viewed.Count = 3, // RACE: Viewed (write)
            () => SumIn(in host.Viewed)); // RACE: Viewed (read)
        Console.WriteLine($"racy-in-parameter {seen}");
    }

    public static void RacyRefReadOnly()
    {
        var host = NewHost();
        int seen = Workers.WriteThenRead(() => host.Peeked.Count = 3, // RACE: Peeked (write)
            () => Twice(ref host.Peeked)); // RACE: Peeked (read)
        Console.WriteLine($"racy-ref-readonly-parameter {seen}");
    }

    public static void RacyRefReturn()
    {
        var host = NewHost();
        int seen = Workers.WriteThenRead(() => host.TotalRef() = 6,
            () => host.Total); // RACE: Total (read)
        Console.WriteLine($"racy-ref-return {seen}");
    }

    public static void RacyRefStruct()
    {
        var host = NewHost();
        Workers.InTurn("first", () => new Walker(host).Step(), "second", () => new Walker(host).Step());
        Console.WriteLine($"racy-ref-struct {host.Steps}");
    }
}

// ---------------------------------------------------------------------------------------------------
// Span<T> over arrays: element accesses through a span made from an array are accesses of the array's elements.
// spans: `spans 10 2 4 5 11 15` (the writer changes elements 0, 2 and 3 through a Span and its slice, the
// reader reads element 1, both read another array through ReadOnlySpans). racy-span-write: a write through
// a Span over part of the array races with a plain read of Numbers[2]. racy-span-read: a plain write of
// Readings[1] races with a read through a ReadOnlySpan.
sealed class SpanHost
{
    public int[] Numbers = [1, 2, 3, 4];
    public int[] Readings = [5, 6, 7, 8];
}

static class SpanScenarios
{
    public static void Clean()
    {
        var host = new SpanHost();
        int seen = 0, firstSum = 0, secondSum = 0;
        Workers.Run(("writer", () =>
        {
            Span<int> span = host.Numbers;
            span[0] = 10;
            foreach (ref int number in span.Slice(2))
                number++;
            ReadOnlySpan<int> readings = host.Readings;
            firstSum = readings[0] + readings[1];
        }), ("reader", () =>
        {
            seen = host.Numbers[1];
            ReadOnlySpan<int> readings = host.Readings.AsSpan(2);
            foreach (int reading in readings)
                secondSum += reading;
        }));
        Console.WriteLine($"spans {host.Numbers[0]} {seen} {host.Numbers[2]} {host.Numbers[3]} {firstSum} {secondSum}");
    }

    public static void RacyWrite()
    {
        var host = new SpanHost();
        int seen = Workers.WriteThenRead(() =>
        {
            var span = new Span<int>(host.Numbers, 1, 3);
            span[1] = 7; // RACE: Numbers (write)
        }, () => host.Numbers[2]); // RACE: Numbers (read)
        Console.WriteLine($"racy-span-write {seen}");
    }

    public static void RacyRead()
    {
        var host = new SpanHost();
        int seen = Workers.WriteThenRead(() => host.Readings[1] = 9, // RACE: Readings (write)
            () =>
            {
                ReadOnlySpan<int> readings = host.Readings.AsSpan();
                return readings[1]; // RACE: Readings (read)
            });
        Console.WriteLine($"racy-span-read {seen}");
    }
}

// ---------------------------------------------------------------------------------------------------
// Fixed layouts: explicit and sequential structs and classes, P/Invoke, fixed buffers. The detector must
// change no size or offset that interop, Unsafe.SizeOf or Marshal can see.
// layout: sizes, offsets and instance field counts, the same plain and instrumented (the tests compare).
// fixed-layout-finalizer: `fixed-layout-finalizer 1042` (the finalizer reads what the constructor's callee wrote).
// explicit-class: `explicit-class 1 2` (two threads write the two disjoint halves of one ExplicitWord).
// Races: racy-explicit-struct on Overlay (a class field holding an explicit struct), racy-explicit-class
// on ExplicitWord.Low, racy-explicit-class-overlap on ExplicitWord.Whole (a read of Whole overlaps the
// earlier write of High: the write line is marked as a write of Whole), racy-sequential-class on
// TimeVal.Seconds (a class passed to gettimeofday), racy-pinvoke-struct on Clock (a struct out-parameter
// of clock_gettime), racy-fixed-buffer on Cells (a fixed buffer inside the struct a class field holds).
[StructLayout(LayoutKind.Explicit)]
struct Overlay
{
    [FieldOffset(0)] public int Bits;
    [FieldOffset(0)] public float Real;
    [FieldOffset(4)] public short High;
}

[StructLayout(LayoutKind.Sequential, Pack = 1)]
struct Packed
{
    public byte Flag;
    public int Word;
    public short Half;
}

[StructLayout(LayoutKind.Sequential)]
struct TimeSpec
{
    public long Seconds;
    public long Nanoseconds;
}

unsafe struct FixedCells
{
    public fixed int Values[4];
    public int Count;
}

[StructLayout(LayoutKind.Explicit)]
sealed class ExplicitWord
{
    [FieldOffset(0)] public long Whole;
    [FieldOffset(0)] public int Low;
    [FieldOffset(4)] public int High;
}

[StructLayout(LayoutKind.Sequential)]
sealed class TimeVal
{
    public long Seconds;
    public long Microseconds;
}

// A finalizable class whose layout is fixed: the end of its construction happens before its finalizer.
[StructLayout(LayoutKind.Explicit)]
sealed class NativeResource
{
    static int s_opened;
    static long s_finalized;

    [FieldOffset(0)] public long Handle;
    [FieldOffset(8)] public int Size;

    public NativeResource() => Open();

    ~NativeResource() => Interlocked.Exchange(ref s_finalized, s_opened * 1000 + Handle);

    /// <summary>What the finalizer saw: 1042 once it ran.</summary>
    public static long Finalized => Interlocked.Read(ref s_finalized);

    // Writes of a method the constructor calls are tracked, unlike the constructor's own stores.
    void Open()
    {
        s_opened++;
        Handle = 42;
        Size = 16;
    }
}

sealed class LayoutHost
{
    public Overlay Overlay;
    public TimeSpec Clock;
    public FixedCells Cells;
}

static class Libc
{
    public const int Monotonic = 1;

    [DllImport("libc", EntryPoint = "clock_gettime")]
    public static extern int ClockGetTime(int clock, out TimeSpec time);

    [DllImport("libc", EntryPoint = "gettimeofday")]
    public static extern int GetTimeOfDay([In, Out] TimeVal time, nint zone);
}

static class LayoutScenarios
{
    const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    static string Struct<T>(params string[] fields) where T : struct =>
        $"{typeof(T).Name}={Unsafe.SizeOf<T>()}/{Marshal.SizeOf<T>()}/{typeof(T).GetFields(Instance).Length}"
        + string.Concat(fields.Select(f => $"@{Marshal.OffsetOf<T>(f)}"));

    static string Class<T>(params string[] fields) where T : class =>
        $"{typeof(T).Name}={Marshal.SizeOf<T>()}/{typeof(T).GetFields(Instance).Length}" + string.Concat(fields.Select(f => $"@{Marshal.OffsetOf<T>(f)}"));

    public static unsafe void Sizes()
    {
        var word = new ExplicitWord();
        var time = new TimeVal();
        var cells = new FixedCells { Count = 4 };
        // Managed offsets inside the objects, and pinning, which only blittable classes allow.
        long wordHigh = Unsafe.ByteOffset(ref Unsafe.As<long, byte>(ref word.Whole), ref Unsafe.As<int, byte>(ref word.High));
        long timeMicros = Unsafe.ByteOffset(ref time.Seconds, ref time.Microseconds);
        var pin = GCHandle.Alloc(time, GCHandleType.Pinned);
        pin.Free();
        Console.WriteLine("layout " + string.Join(" ",
            Struct<Overlay>("Bits", "Real", "High"), Struct<Packed>("Word", "Half"), Struct<TimeSpec>("Nanoseconds"),
            $"FixedCells={cells.Count}:{sizeof(FixedCells)}/{Unsafe.SizeOf<FixedCells>()}/{Marshal.SizeOf<FixedCells>()}@{Marshal.OffsetOf<FixedCells>("Count")}",
            Class<ExplicitWord>("Whole", "Low", "High"), Class<TimeVal>("Microseconds"), Class<NativeResource>("Size"),
            $"managed={wordHigh}/{timeMicros} pinned"));
    }

    public static void Finalizer()
    {
        Drop();
        for (int i = 0; i < 50 && NativeResource.Finalized == 0; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Console.WriteLine($"fixed-layout-finalizer {NativeResource.Finalized}");
    }

    // Not inlined, so no local of the caller keeps the object alive (even in Debug builds).
    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Drop() => _ = new NativeResource();

    public static void RacyExplicitStruct()
    {
        var host = new LayoutHost();
        float seen = Workers.WriteThenRead(() => host.Overlay.Bits = 0x3F800000, // RACE: Overlay (write)
            () => host.Overlay.Real); // RACE: Overlay (read)
        Console.WriteLine($"racy-explicit-struct {seen}");
    }

    public static void ExplicitClass()
    {
        var word = new ExplicitWord();
        Workers.Run(("low", () => word.Low = 1), ("high", () => word.High = 2));
        Console.WriteLine($"explicit-class {word.Low} {word.High}");
    }

    public static void RacyExplicitClass()
    {
        var word = new ExplicitWord();
        int seen = Workers.WriteThenRead(() => word.Low = 7, // RACE: Low (write)
            () => word.Low); // RACE: Low (read)
        Console.WriteLine($"racy-explicit-class {seen}");
    }

    public static void RacyOverlap()
    {
        var word = new ExplicitWord();
        long seen = Workers.WriteThenRead(() => word.High = 1, // RACE: Whole (write)
            () => word.Whole); // RACE: Whole (read)
        Console.WriteLine($"racy-explicit-class-overlap {seen >> 32}");
    }

    public static void RacySequentialClass()
    {
        var time = new TimeVal();
        bool set = false;
        Workers.InTurn("caller", () =>
        {
            Libc.GetTimeOfDay(time, 0);
            set = time.Seconds > 0; // RACE: Seconds (read)
        }, "resetter", () => time.Seconds = 0); // RACE: Seconds (write)
        Console.WriteLine($"racy-sequential-class {set} {time.Seconds}");
    }

    public static void RacyPInvokeStruct()
    {
        var host = new LayoutHost();
        int first = -1, second = -1;
        Workers.InTurn("first", () => first = Libc.ClockGetTime(Libc.Monotonic, out host.Clock), // RACE: Clock (write)
            "second", () => second = Libc.ClockGetTime(Libc.Monotonic, out host.Clock)); // RACE: Clock (write)
        Console.WriteLine($"racy-pinvoke-struct {first} {second} {host.Clock.Seconds > 0}");
    }

    public static unsafe void RacyFixedBuffer()
    {
        var host = new LayoutHost();
        int seen = Workers.WriteThenRead(() => host.Cells.Values[1] = 5, // RACE: Cells (write)
            () => host.Cells.Values[1]); // RACE: Cells (read)
        Console.WriteLine($"racy-fixed-buffer {seen}");
    }
}

// ---------------------------------------------------------------------------------------------------
// Exception handlers: a filter (`catch when`), a catch block that rethrows (`throw;`), `finally`, and the
// outer catch the rethrow reaches. exceptions: `exceptions 1 1 1 1 1 1 1 1` (one Trouble per thread).
// racy-exceptions: `racy-exceptions 2 2 2 2`, one race in each of the four blocks (one shared Trouble).
sealed class Trouble
{
    public int Filtered;
    public int Caught;
    public int Finished;
    public int Rethrown;

    public override string ToString() => $"{Filtered} {Caught} {Finished} {Rethrown}";
}

static class ExceptionScenarios
{
    static void Fail() => throw new InvalidOperationException("fail");

    static void Handle(Trouble trouble)
    {
        try
        {
            try
            {
                Fail();
            }
            catch (InvalidOperationException) when (++trouble.Filtered > 0) // RACE: Filtered (write)
            {
                trouble.Caught++; // RACE: Caught (write)
                throw;
            }
            finally
            {
                trouble.Finished++; // RACE: Finished (write)
            }
        }
        catch (InvalidOperationException)
        {
            trouble.Rethrown++; // RACE: Rethrown (write)
        }
    }

    public static void Clean()
    {
        var first = new Trouble();
        var second = new Trouble();
        Workers.Run(("first", () => Handle(first)), ("second", () => Handle(second)));
        Console.WriteLine($"exceptions {first} {second}");
    }

    public static void Racy()
    {
        var shared = new Trouble();
        Workers.InTurn("first", () => Handle(shared), "second", () => Handle(shared));
        Console.WriteLine($"racy-exceptions {shared}");
    }
}

// ---------------------------------------------------------------------------------------------------
// A switch table (dense cases: one `switch` instruction). racy-switch: `racy-switch 89 10`, race on Fifth.
sealed class Dispatcher
{
    public int Fifth;
    public int Other;
}

static class SwitchScenario
{
    static int Dispatch(Dispatcher dispatcher, int key)
    {
        switch (key)
        {
            case 0:
                return 10;
            case 1:
                return 11;
            case 2:
                dispatcher.Other++;
                return 12;
            case 3:
                return 13;
            case 4:
                return 14;
            case 5:
                dispatcher.Fifth += key; // RACE: Fifth (write)
                return 15;
            case 6:
                return 16;
            default:
                return -1;
        }
    }

    public static void Racy()
    {
        var shared = new Dispatcher();
        int sum = 0;
        Workers.InTurn("first", () =>
        {
            var own = new Dispatcher();
            for (int key = -1; key <= 7; key++)
                sum += Dispatch(own, key);
            Dispatch(shared, 5);
        }, "second", () => Dispatch(shared, 5));
        Console.WriteLine($"racy-switch {sum} {shared.Fifth}");
    }
}

// ---------------------------------------------------------------------------------------------------
// `tail.` calls (added by the tests: every call that returns its result). tail-calls: `tail-calls 0 0 7`:
// a million-deep tail recursion, which overflows the stack unless the tail calls stay tail calls, and a
// tail call from a [Synchronized] method. racy-tail-call: `racy-tail-call 2`, race on Calls in a method
// that tail-calls.
sealed class Relay
{
    public int Hops;
    public int Calls;

    [CraftedIl("tail")]
    public static int CountDown(Relay relay, int n)
    {
        if (n == 0)
            return relay.Hops;
        return CountDown(relay, n - 1);
    }

    [CraftedIl("tail")]
    public static int Forward(Relay relay, int n)
    {
        relay.Calls++; // RACE: Calls (write)
        return CountDown(relay, n);
    }

    [CraftedIl("tail")]
    [MethodImpl(MethodImplOptions.Synchronized)]
    public int ForwardLocked(int n)
    {
        Hops = 7;
        return CountDown(this, n);
    }
}

static class TailCallScenarios
{
    public static void Clean()
    {
        var relay = new Relay();
        int deep = Relay.CountDown(relay, 1_000_000);
        int forwarded = Relay.Forward(relay, 1_000_000);
        Console.WriteLine($"tail-calls {deep} {forwarded} {relay.ForwardLocked(10)}");
    }

    public static void Racy()
    {
        var relay = new Relay();
        Workers.InTurn("first", () => Relay.Forward(relay, 10), "second", () => Relay.Forward(relay, 10));
        Console.WriteLine($"racy-tail-call {relay.Calls}");
    }
}

// ---------------------------------------------------------------------------------------------------
// `unaligned.` (added by the tests before every load and store of a field, or through an address, of the
// marked methods). racy-unaligned: `racy-unaligned 5 6`, races on Word (field loads and stores) and Wide (a
// load through the field's address, as Unsafe.ReadUnaligned does).
sealed class Misaligned
{
    public int Word;
    public long Wide;
}

static class UnalignedScenario
{
    [CraftedIl("unaligned")]
    static void Store(Misaligned target, int value)
    {
        target.Word = value; // RACE: Word (write)
        target.Wide = value + 1; // RACE: Wide (write)
    }

    [CraftedIl("unaligned")]
    static int Load(Misaligned target) => target.Word; // RACE: Word (read)

    [CraftedIl("unaligned")]
    static long LoadThroughAddress(Misaligned target)
    {
        ref long wide = ref target.Wide; // RACE: Wide (read)
        return wide;
    }

    public static void Racy()
    {
        var target = new Misaligned();
        var (word, wide) = Workers.WriteThenRead(() => Store(target, 5), () => (Load(target), LoadThroughAddress(target)));
        Console.WriteLine($"racy-unaligned {word} {wide}");
    }
}

// ---------------------------------------------------------------------------------------------------
// `constrained.` (interface and Object calls on a T field) and `readonly.` (calls on a T[] element).
// racy-constrained: `racy-constrained 1`, race on Shelf<T>.Item. racy-readonly-prefix: `racy-readonly-prefix 1`,
// race on Shelf<T>.Items[0]. In both, the write is the interface call (it may change the struct) and the
// read the Object call.
interface IBump
{
    void Bump();
}

struct Counter : IBump
{
    public int N;

    public void Bump() => N++;

    public override readonly int GetHashCode() => N;
}

sealed class Shelf<T> where T : IBump
{
    public T Item = default!;
    public T[] Items = new T[2];

    public void BumpItem() => Item.Bump(); // RACE: Item (write)

    public int HashItem() => Item.GetHashCode(); // RACE: Item (read)

    public void BumpFirst() => Items[0].Bump(); // RACE: Items (write)

    public int HashFirst() => Items[0].GetHashCode(); // RACE: Items (read)
}

static class PrefixScenarios
{
    public static void RacyConstrained()
    {
        var shelf = new Shelf<Counter>();
        int seen = Workers.WriteThenRead(shelf.BumpItem, shelf.HashItem);
        Console.WriteLine($"racy-constrained {seen}");
    }

    public static void RacyReadOnly()
    {
        var shelf = new Shelf<Counter>();
        int seen = Workers.WriteThenRead(shelf.BumpFirst, shelf.HashFirst);
        Console.WriteLine($"racy-readonly-prefix {seen}");
    }
}

// ---------------------------------------------------------------------------------------------------
// An async iterator consumed with `await foreach` by two concurrent flows. racy-async-iterator:
// `racy-async-iterator 3 3`, race on Feed.Produced between the two flows.
sealed class Feed
{
    public int Produced;
}

static class AsyncIteratorScenario
{
    static async IAsyncEnumerable<int> Produce(Feed feed, int count)
    {
        for (int i = 0; i < count; i++)
        {
            await Task.Yield();
            feed.Produced++; // RACE: Produced (write)
            yield return i;
        }
    }

    static async Task<int> Consume(Feed feed)
    {
        int sum = 0;
        await foreach (int value in Produce(feed, 3))
            sum += value;
        return sum;
    }

    public static void Racy()
    {
        var feed = new Feed();
        var sums = Task.WhenAll(Task.Run(() => Consume(feed)), Task.Run(() => Consume(feed))).Result;
        Console.WriteLine($"racy-async-iterator {sums[0]} {sums[1]}");
    }
}

// ---------------------------------------------------------------------------------------------------
// A local function and a lambda, both writing captured locals (closure fields).
// racy-closures: `racy-closures 2 4`, races on calls and total.
static class ClosureScenario
{
    public static void Racy()
    {
        int calls = 0;
        int total = 0;
        void Bump() => calls++; // RACE: calls (write)
        Action add = () => total += 2; // RACE: total (write)
        Workers.InTurn("first", () =>
        {
            Bump();
            add();
        }, "second", () =>
        {
            Bump();
            add();
        });
        Console.WriteLine($"racy-closures {calls} {total}");
    }
}

// ---------------------------------------------------------------------------------------------------
// A record with `init` accessors and a `with` copy. racy-record: `racy-record a:1 b:2 b:3 2`, race on Marks.
sealed record Reading(string Sensor)
{
    public int Value { get; init; }

    public int Marks;

    public void Mark() => Marks++; // RACE: Marks (write)
}

static class RecordScenario
{
    public static void Racy()
    {
        var shared = new Reading("s");
        Reading? first = null, second = null, copy = null;
        Workers.InTurn("first", () =>
        {
            first = new Reading("a") { Value = 1 };
            shared.Mark();
        }, "second", () =>
        {
            second = new Reading("b") { Value = 2 };
            copy = second with { Value = 3 };
            shared.Mark();
        });
        Console.WriteLine($"racy-record {first!.Sensor}:{first.Value} {second!.Sensor}:{second.Value} {copy!.Sensor}:{copy.Value} {shared.Marks}");
    }
}

// ---------------------------------------------------------------------------------------------------
// Static abstract interface members (called through `constrained.` on a type parameter) and default
// interface methods (including a static field of an interface). racy-static-abstract:
// `racy-static-abstract 40`, race on Votes.Tally. racy-default-interface-method:
// `racy-default-interface-method 2 2`, races on IGreeter.Greeted and GreetLog.Greetings.
interface ITally<TSelf> where TSelf : ITally<TSelf>
{
    static abstract void Add(int amount);

    static virtual int Scale(int amount) => amount * 10;
}

sealed class Votes : ITally<Votes>
{
    public static int Tally;

    public static void Add(int amount) => Tally += amount; // RACE: Tally (write)
}

sealed class GreetLog
{
    public int Greetings;
}

interface IGreeter
{
    static int Greeted;

    GreetLog Log { get; }

    void Greet()
    {
        Greeted++; // RACE: Greeted (write)
        Log.Greetings++; // RACE: Greetings (write)
    }
}

sealed class Greeter : IGreeter
{
    public GreetLog Log { get; } = new();
}

static class InterfaceScenarios
{
    static void Count<T>(int amount) where T : ITally<T> => T.Add(T.Scale(amount));

    public static void RacyStaticAbstract()
    {
        Workers.InTurn("first", () => Count<Votes>(2), "second", () => Count<Votes>(2));
        Console.WriteLine($"racy-static-abstract {Votes.Tally}");
    }

    public static void RacyDefaultMethod()
    {
        var greeter = new Greeter();
        IGreeter asInterface = greeter;
        Workers.InTurn("first", asInterface.Greet, "second", asInterface.Greet);
        Console.WriteLine($"racy-default-interface-method {IGreeter.Greeted} {greeter.Log.Greetings}");
    }
}

// ---------------------------------------------------------------------------------------------------
// Unsafe pointers are not instrumented: two unordered writes through pointers (to native memory and to
// a pinned array element) are not reported. unsafe-pointers: `unsafe-pointers 2 20`, no race.
sealed unsafe class Cell
{
    public int* Pointer;
}

static class UnsafeScenario
{
    public static unsafe void Pointers()
    {
        var native = new Cell { Pointer = (int*)NativeMemory.AllocZeroed((nuint)sizeof(int)) };
        var array = new int[1];
        var pin = GCHandle.Alloc(array, GCHandleType.Pinned);
        var element = new Cell { Pointer = (int*)pin.AddrOfPinnedObject() };
        Workers.InTurn("first", () =>
        {
            *native.Pointer += 1;
            *element.Pointer += 10;
        }, "second", () =>
        {
            *native.Pointer += 1;
            *element.Pointer += 10;
        });
        Console.WriteLine($"unsafe-pointers {*native.Pointer} {array[0]}");
        pin.Free();
        NativeMemory.Free(native.Pointer);
    }
}

// ---------------------------------------------------------------------------------------------------
// Generated code (Generated/generate.py): a class with 10,000 fields, and a method of more than 64 KB of
// IL. racy-many-fields: `racy-many-fields 7 1 9 2`, race on ManyFields.F7777. racy-large-method:
// `racy-large-method <checksum> <checksum> 2`, race on LargeShared.Hits, marked in Generated/LargeMethod.g.cs,
// near the end of the method (past 64 KB of IL).
static class GeneratedScenarios
{
    public static void RacyManyFields()
    {
        var many = new ManyFields();
        int seen = Workers.WriteThenRead(() =>
        {
            many.F0000 = 1;
            many.F7777 = 7; // RACE: F7777 (write)
            many.F9999 = 9;
        }, () =>
        {
            many.F0001 = 2;
            return many.F7777; // RACE: F7777 (read)
        });
        Console.WriteLine($"racy-many-fields {seen} {many.F0000} {many.F9999} {many.F0001}");
    }

    public static void RacyLargeMethod()
    {
        var shared = new LargeShared();
        long first = 0, second = 0;
        Workers.InTurn("first", () => first = new LargeMethod().Run(shared), "second", () => second = new LargeMethod().Run(shared));
        Console.WriteLine($"racy-large-method {first} {second} {shared.Hits}");
    }
}
