using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RaceDetector.Tests.Fixtures;

public unsafe class PointerHost
{
    public int Value;
    public long Wide;
    public int* Pointer;
    public int[] Array = [1, 2, 3, 4];
    public string Text = "hello";
    public MiddleS Middle;
    public delegate*<int, int> Function;
    public static int SValue;
    public static int* SPointer;

    public static int Twice(int x) => x * 2;
}

public static unsafe class UnsafeScenarios
{
    static int Sum(int* values, int count)
    {
        int total = 0;
        for (int i = 0; i < count; i++)
            total += values[i];
        return total;
    }

    public static void Register(ScenarioList s)
    {
        s.Add("pointers to locals and stackalloc", () =>
        {
            int local = 5;
            int* p = &local;
            *p += 3;
            int* buffer = stackalloc int[4];
            for (int i = 0; i < 4; i++)
                buffer[i] = i + *p;
            Span<long> span = stackalloc long[3];
            span[2] = 9;
            MiddleS m = default;
            MiddleS* pm = &m;
            pm->B.C = 4;
            (*pm).M = 6;
            return $"{local} {Sum(buffer, 4)} {span[2]} {m.B.C} {m.M} {sizeof(MiddleS)}";
        });
        s.Add("fixed fields and arrays", () =>
        {
            var h = new PointerHost();
            fixed (int* v = &h.Value)
                *v = 12;
            fixed (int* a = h.Array)
                a[3] = Sum(a, 3);
            fixed (int* first = &h.Array[1])
                first[0] *= 10;
            fixed (char* c = h.Text)
                h.Value += c[1];
            fixed (int* mc = &h.Middle.B.C)
                *mc = 77;
            fixed (long* w = &h.Wide)
                *(int*)w = 1;
            return $"{h.Value} {string.Join(",", h.Array)} {h.Middle.B.C} {h.Wide}";
        });
        s.Add("pointer fields", () =>
        {
            var h = new PointerHost();
            int target = 3;
            h.Pointer = &target;
            *h.Pointer += 4;
            h.Pointer[0]++;
            PointerHost.SPointer = (int*)NativeMemory.Alloc(8);
            PointerHost.SPointer[1] = 21;
            int fromStatic = PointerHost.SPointer[1];
            NativeMemory.Free(PointerHost.SPointer);
            PointerHost.SPointer = null;
            return $"{target} {fromStatic} {h.Pointer == &target}";
        });
        s.Add("function pointers", () =>
        {
            var h = new PointerHost();
            h.Function = &PointerHost.Twice;
            int a = h.Function(4);
            delegate*<int, int> local = &PointerHost.Twice;
            PointerHost.SValue = local(a);
            delegate* managed<int, int> again = h.Function;
            return $"{a} {PointerHost.SValue} {again(1)}";
        });
        s.Add("unsafe helpers", () =>
        {
            var h = new PointerHost();
            ref int second = ref Unsafe.Add(ref h.Array[0], 1);
            second = 20;
            ref int viaData = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(h.Array), 2);
            viaData = 30;
            Unsafe.As<int, uint>(ref h.Value) = 0xFFFFFFFF;
            ref long asLong = ref Unsafe.As<MiddleS, long>(ref h.Middle);
            asLong = 5;
            int* raw = (int*)Unsafe.AsPointer(ref PointerHost.SValue);
            int snapshot = *raw;
            return $"{h.Array[1]} {h.Array[2]} {h.Value} {h.Middle.B.C} {snapshot == PointerHost.SValue}";
        });
        s.Add("typed references", () =>
        {
            var h = new PointerHost();
            TypedReference tr = __makeref(h.Value);
            __refvalue(tr, int) = 8;
            TypedReference tr2 = __makeref(h.Array[1]);
            __refvalue(tr2, int) += 1;
            return $"{h.Value} {h.Array[1]} {__reftype(tr).Name}";
        });
    }
}
