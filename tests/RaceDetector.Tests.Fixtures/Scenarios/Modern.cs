using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace RaceDetector.Tests.Fixtures;

[InlineArray(4)]
public struct Four
{
    int _element;
}

public class InlineHost
{
    public Four Buffer;
    public static Four SBuffer;
}

public class PrimaryHost(int start, string name)
{
    public int Next() => start++;
    public string Name => name + start;
    public void Rename(string value) => name = value;
}

public static class RefExtensions
{
    public static void GrowBy5(ref this InnerS inner) => inner.C += 5;
    public static int Peek(ref readonly this InnerS inner) => inner.C;
}

public class BaseWithInit
{
    public int BaseField = 1;
    public BaseWithInit() => BaseField += 10;
}

public class DerivedWithInit : BaseWithInit
{
    // Field initializers run before the base constructor call: `this` is not yet constructed there.
    public MiddleS Initialized = new() { M = 3, B = new InnerS { C = 4 } };
    public int[] Array = [1, 2];
    public int Copy;

    public DerivedWithInit(int extra) : base()
    {
        Initialized.M += extra;
        Copy = BaseField + Initialized.B.C;
    }
}

public class Serializable
{
    public int Number = 3;
    public string Text = "t";
    public static int Shared = 1;
    public int Property { get; set; } = 5;
}

public static class ModernScenarios
{
    static int SumAll(params ReadOnlySpan<int> values)
    {
        int sum = 0;
        foreach (var v in values)
            sum += v;
        return sum;
    }

    public static void Register(ScenarioList s)
    {
        s.Add("inline arrays", () =>
        {
            var h = new InlineHost();
            h.Buffer[1] = 3;
            h.Buffer[2] = h.Buffer[1] * 2;
            InlineHost.SBuffer[3] = 9;
            int sum = 0;
            foreach (var v in h.Buffer)
                sum += v;
            Span<int> span = h.Buffer;
            span[0] = 1;
            return $"{sum} {h.Buffer[0]} {InlineHost.SBuffer[3]}";
        });
        s.Add("params span and collection expressions", () =>
        {
            var h = new EdgeHost();
            int a = h.Values[0], b = h.Values[1];
            ReadOnlySpan<int> span = [a, b, h.Count];
            List<int> list = [.. h.Values, a];
            return $"{SumAll(a, b, h.Values[2])} {span.Length} {list.Count}";
        });
        s.Add("primary constructor captures", () =>
        {
            var p = new PrimaryHost(5, "n");
            p.Next();
            p.Next();
            p.Rename("m");
            return p.Name;
        });
        s.Add("ref this extensions", () =>
        {
            var h = new StructHost();
            h.Plain.GrowBy5();
            h.Array[1].B.GrowBy5();
            StructHost.S.B.GrowBy5();
            return $"{h.Plain.Peek()} {h.Array[1].B.Peek()} {StructHost.S.B.C}";
        });
        s.Add("checked overflow on field", () =>
        {
            var h = new EdgeHost { Count = int.MaxValue };
            try
            {
                h.Count = checked(h.Count + 1);
                return "no overflow";
            }
            catch (OverflowException)
            {
                return "overflow " + h.Count;
            }
        });
        s.Add("field initializers before base constructor", () =>
        {
            var d = new DerivedWithInit(2);
            return $"{d.Initialized.M} {d.Copy} {d.BaseField} {d.Array[1]}";
        });
        s.Add("dynamic", () =>
        {
            dynamic h = new EdgeHost { Count = 3 };
            h.Count += 4;
            dynamic values = h.Values;
            values[0] = 11;
            return $"{h.Count} {h.Values[0]}";
        });
        s.Add("expression trees", () =>
        {
            Expression<Func<EdgeHost, int>> read = x => x.Count + x.Values[1];
            var h = new EdgeHost { Count = 6 };
            return read.Compile()(h).ToString();
        });
        // Serializers and mappers enumerate public fields: instrumentation must not add any.
        s.Add("reflection sees declared public fields only", () =>
        {
            var fields = typeof(Serializable).GetFields(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Select(f => f.Name).Order();
            return string.Join(",", fields);
        });
        s.Add("json serialization with fields", () =>
            JsonSerializer.Serialize(new Serializable(), new JsonSerializerOptions { IncludeFields = true }));
    }
}
