using System.Runtime.InteropServices;

namespace RaceDetector.Tests.Fixtures;

public struct InnerS
{
    public int C;
    public long D;

    public readonly int Sum() => C + (int)D;
    public void Grow() => C += 1000;
}

public struct MiddleS
{
    public InnerS B;
    public int M;
}

public readonly struct Frozen(int x, int y)
{
    public readonly int X = x;
    public readonly int Y = y;
    public int Sum() => X + Y;
}

[StructLayout(LayoutKind.Explicit)]
public struct Overlay
{
    [FieldOffset(0)] public int I;
    [FieldOffset(0)] public float F;
    [FieldOffset(0)] public byte B0;
    [FieldOffset(3)] public byte B3;
}

[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct Packed
{
    public byte A;
    public int B;
    public short C;
}

[StructLayout(LayoutKind.Explicit)]
public class ExplicitClass
{
    [FieldOffset(0)] public int Low;
    [FieldOffset(4)] public int High;
    [FieldOffset(0)] public long Both;
    public static int Count;
}

[StructLayout(LayoutKind.Sequential)]
public class SequentialClass
{
    public int X;
    public long Y;
    public static int Count;
}

public unsafe struct FixedBuffer
{
    public fixed int Values[4];
    public fixed byte Bytes[8];
    public int Length;
}

public ref struct Cursor
{
    public Span<int> Data;
    public ref int Total;
    public int Position;

    public Cursor(Span<int> data, ref int total)
    {
        Data = data;
        Total = ref total;
    }

    public bool Advance()
    {
        if (Position >= Data.Length)
            return false;
        Total += Data[Position];
        Data[Position] = -Data[Position];
        Position++;
        return true;
    }
}

public class StructHost
{
    public MiddleS A;
    public InnerS Plain;
    public MiddleS[] Array = new MiddleS[4];
    public Frozen Ice = new(1, 2);
    public readonly MiddleS ReadOnlyCopy;
    public Overlay Over;
    public Packed Pack;
    public FixedBuffer Buffer;
    public int Total;
    public int[] Numbers = [1, 2, 3, 4, 5];
    public static MiddleS S;
    public static FixedBuffer SBuffer;

    public ref int TotalRef() => ref Total;
    public ref readonly int TotalReadOnly() => ref Total;
    public ref MiddleS Slot(int i) => ref Array[i];
    public static ref InnerS StaticInner() => ref S.B;
}

public static class StructScenarios
{
    static int ReadIn(in MiddleS m) => m.B.C + m.M;
    static int ReadOnlyRef(ref readonly InnerS i) => i.C + (int)i.D;
    static void Bump(ref int value) => value += 3;
    static int ReadInInt(in int value) => value * 2;

    public static void Register(ScenarioList s)
    {
        s.Add("struct field chain", () =>
        {
            var h = new StructHost();
            h.A.B.C = 1;
            h.A.B.C++;
            h.A.B.D += h.A.B.C;
            h.A.M = h.A.B.C * 10;
            h.A.B.Grow();
            return $"{h.A.B.C} {h.A.B.D} {h.A.M} {h.A.B.Sum()}";
        });
        s.Add("static struct field chain", () =>
        {
            StructHost.S.B.C = 5;
            StructHost.S.B.D += 2;
            StructHost.S.M = StructHost.S.B.C + 1;
            StructHost.StaticInner().C *= 3;
            return $"{StructHost.S.B.C} {StructHost.S.B.D} {StructHost.S.M}";
        });
        s.Add("array of structs", () =>
        {
            var h = new StructHost();
            for (int i = 0; i < h.Array.Length; i++)
            {
                h.Array[i].M++;
                h.Array[i].B.C += i;
                h.Array[i].B.D = h.Array[i].M + h.Array[i].B.C;
            }
            h.Slot(2).M += 40;
            var local = new MiddleS[2];
            local[1].B.C = 7;
            local[1].B.Grow();
            return $"{h.Array[3].B.D} {h.Array[2].M} {local[1].B.C} {h.Array[1].B.Sum()}";
        });
        s.Add("in and ref readonly parameters", () =>
        {
            var h = new StructHost();
            h.A.B.C = 4;
            h.A.M = 5;
            h.Plain.D = 6;
            h.Total = 11;
            return $"{ReadIn(in h.A)} {ReadIn(h.A)} {ReadOnlyRef(ref h.Plain)} {ReadOnlyRef(in h.Plain)} {ReadInInt(in h.Total)} {ReadIn(in StructHost.S)}";
        });
        s.Add("ref locals", () =>
        {
            var h = new StructHost();
            ref MiddleS m = ref h.A;
            m.M = 7;
            ref int c = ref m.B.C;
            c++;
            c += m.M;
            ref readonly MiddleS ro = ref h.A;
            int read = ro.M + ro.B.C;
            ref int element = ref h.Numbers[2];
            element *= 10;
            ref int total = ref h.Total;
            Bump(ref total);
            Bump(ref h.Total);
            Bump(ref h.Numbers[0]);
            return $"{h.A.M} {h.A.B.C} {read} {h.Numbers[2]} {h.Total} {h.Numbers[0]}";
        });
        s.Add("ref returns", () =>
        {
            var h = new StructHost();
            h.TotalRef() = 5;
            h.TotalRef()++;
            h.TotalRef() += h.TotalReadOnly();
            ref readonly int ro = ref h.TotalReadOnly();
            return $"{h.Total} {ro}";
        });
        s.Add("readonly struct and readonly field", () =>
        {
            var h = new StructHost();
            return $"{h.Ice.Sum()} {h.Ice.X} {h.ReadOnlyCopy.B.C} {h.ReadOnlyCopy.B.Sum()}";
        });
        s.Add("ref struct", () =>
        {
            var h = new StructHost();
            var cursor = new Cursor(h.Numbers, ref h.Total);
            while (cursor.Advance())
            {
            }
            var cursor2 = new Cursor(h.Numbers.AsSpan(1, 2), ref h.A.M);
            cursor2.Advance();
            return $"{h.Total} {string.Join(",", h.Numbers)} {h.A.M} {cursor.Position}";
        });
        s.Add("span over arrays", () =>
        {
            var h = new StructHost();
            Span<int> span = h.Numbers;
            span[1] = 50;
            span.Slice(3).Fill(9);
            ReadOnlySpan<int> ro = h.Numbers;
            int sum = 0;
            foreach (var v in ro)
                sum += v;
            Span<MiddleS> structs = h.Array;
            structs[0].B.C = 12;
            Span<byte> bytes = MemoryMarshal.AsBytes(h.Numbers.AsSpan(0, 1));
            bytes[0] = 2;
            return $"{sum} {h.Array[0].B.C} {h.Numbers[0]} {h.Numbers.AsSpan().IndexOf(9)}";
        });
        s.Add("explicit layout struct", () =>
        {
            var h = new StructHost();
            h.Over.I = 0x3F800000;
            float f = h.Over.F;
            h.Over.B0 = 1;
            var local = new Overlay { F = 2f };
            return $"{f} {h.Over.I:X} {h.Over.B3:X} {local.I:X} {Marshal.SizeOf<Overlay>()}";
        });
        s.Add("sequential packed struct", () =>
        {
            var h = new StructHost();
            h.Pack.A = 1;
            h.Pack.B = 0x01020304;
            h.Pack.C = -1;
            return $"{h.Pack.A} {h.Pack.B:X} {h.Pack.C} {Marshal.SizeOf<Packed>()} {System.Runtime.CompilerServices.Unsafe.SizeOf<Packed>()}";
        });
        s.Add("explicit layout class", () =>
        {
            var c = new ExplicitClass { Low = 1 };
            c.High = 2;
            ExplicitClass.Count++;
            c.Low += 1;
            return $"{c.Both:X} {c.Low} {ExplicitClass.Count} {Marshal.SizeOf<ExplicitClass>()}";
        });
        s.Add("sequential class", () =>
        {
            var c = new SequentialClass { X = 3 };
            c.Y = c.X * 2L;
            SequentialClass.Count += 2;
            return $"{c.X} {c.Y} {SequentialClass.Count} {Marshal.SizeOf<SequentialClass>()}";
        });
        s.Add("fixed buffers", () =>
        {
            unsafe
            {
                var h = new StructHost();
                fixed (int* values = h.Buffer.Values)
                {
                    for (int i = 0; i < 4; i++)
                        values[i] = i * i;
                }
                h.Buffer.Length = 4;
                fixed (int* statics = StructHost.SBuffer.Values)
                    statics[3] = 33;
                FixedBuffer local = default;
                local.Values[1] = 11;
                local.Bytes[7] = 0xAB;
                int sum = 0;
                fixed (int* values = h.Buffer.Values)
                {
                    for (int i = 0; i < h.Buffer.Length; i++)
                        sum += values[i];
                }
                return $"{sum} {local.Values[1]} {local.Bytes[7]:X} {StructHost.SBuffer.Values[3]} {sizeof(FixedBuffer)}";
            }
        });
    }
}
