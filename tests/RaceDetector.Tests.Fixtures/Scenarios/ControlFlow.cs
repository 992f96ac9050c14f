namespace RaceDetector.Tests.Fixtures;

public class FlowHost
{
    public int A, B, C;
    public int[] Slots = new int[8];
    public string Trace = "";
    public FlowHost? Next;
    public List<int>? Lazy;
    public static int SA, SB, SLoop, SWhile;
    public static int[] SSlots = new int[4];

    public void Jump(int k)
    {
        switch (k)
        {
            case 0:
                SA++;
                break;
            case 1:
                B += 2;
                break;
            case 2:
                Slots[1]++;
                break;
            case 3:
                SSlots[2] += 3;
                goto case 0;
            case 4:
                C = A + B;
                break;
            case 5:
                A--;
                goto default;
            case 6:
                return;
            default:
                Trace += "d";
                break;
        }
        Trace += k;
    }

    public int Words(string word) => word switch
    {
        "alpha" => A += 1,
        "beta" => B += 2,
        "gamma" => C += 3,
        "delta" => SA += 4,
        "epsilon" => SB += 5,
        "zeta" => Slots[0] += 6,
        "eta" => SSlots[0] += 7,
        _ => -1,
    };

    public int Loops()
    {
        SLoop = 0;
        do
        {
            SLoop++;
        }
        while (SLoop < 10);

        SWhile = 0;
        while (SWhile < 5)
            SWhile++;

        for (A = 0; A < 3; A++)
            B += A;

        int n = 0;
    again:
        SB++;
        if (++n < 4)
            goto again;

        for (int i = 0; i < Slots.Length; i++)
        {
            if (i % 3 == 0)
                continue;
            Slots[i] += i;
            if (Slots[i] > 100)
                break;
        }
        return SLoop * 1000 + SWhile * 100 + B * 10 + n;
    }

    /// <summary>Loops whose bodies are short enough for short branches before instrumentation, not after.</summary>
    public int ShortBranchLoop()
    {
        int i = 0;
        while (i < 20)
        {
            A++;
            B++;
            C++;
            SA++;
            SB++;
            Slots[i % 8]++;
            i++;
        }
        return A + B + C + Slots[3];
    }

    public int Conditionals(bool flag, FlowHost other)
    {
        C = flag ? A : B;
        int fromEither = (flag ? this : other).A;
        (flag ? this : other).B += 7;
        int nested = Next?.Next?.A ?? -1;
        Lazy ??= new List<int>();
        Lazy.Add(A);
        A = B = C = 4;
        SA = SB = A + 1;
        bool both = A > 0 && B > 0 && (C > 10 || SA > 0);
        return fromEither * 100 + nested + (both ? 1000 : 0) + Lazy.Count;
    }

    public string Patterns(object value) => value switch
    {
        FlowHost { A: > 5 } f => "big " + f.A,
        FlowHost { Next.B: 3 } f => "next " + f.Next!.B,
        FlowHost f when f.Trace.Length > 0 => "traced " + f.Trace,
        int i when i > SA => "int above",
        int => "int",
        string { Length: 0 } => "empty",
        _ => "other",
    };
}

public static class ControlFlowScenarios
{
    public static void Register(ScenarioList s)
    {
        s.Add("switch jump table", () =>
        {
            var h = new FlowHost { A = 1 };
            int before = FlowHost.SA;
            for (int k = -1; k <= 8; k++)
                h.Jump(k);
            return $"{h.Trace} {h.B} {h.C} {h.Slots[1]} {FlowHost.SA - before} {h.A}";
        });
        s.Add("string switch", () =>
        {
            var h = new FlowHost();
            int total = 0;
            foreach (var w in new[] { "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "alpha" })
                total += h.Words(w);
            return $"{total} {h.A} {h.Slots[0]}";
        });
        s.Add("loops back to field access", () => new FlowHost().Loops().ToString());
        s.Add("short branches widened", () => new FlowHost().ShortBranchLoop().ToString());
        s.Add("conditionals and merges", () =>
        {
            var a = new FlowHost { A = 1, B = 2 };
            var b = new FlowHost { A = 30, B = 40, Next = new FlowHost { Next = new FlowHost { A = 9 } } };
            int r1 = a.Conditionals(true, b);
            int r2 = b.Conditionals(false, a);
            return $"{r1} {r2} {a.C} {b.C} {a.B} {b.B}";
        });
        s.Add("pattern matching", () =>
        {
            var h = new FlowHost { A = 6 };
            var n = new FlowHost { Next = new FlowHost { B = 3 } };
            var t = new FlowHost { Trace = "x" };
            FlowHost.SA = 2;
            return string.Join(",", new object[] { h, n, t, 5, 1, "", 2.0 }.Select(o => new FlowHost().Patterns(o)));
        });
    }
}
