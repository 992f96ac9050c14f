using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace RaceDetector.Tests.Fixtures;

/// <summary>
/// Code whose source lines the symbol tests check: lines carrying a <c>// SITE:</c> marker comment are
/// found by text, so the tests never hard-code line numbers. Keep one marker per line.
/// </summary>
public class SymbolProbe
{
    public int Field;
    public int[] Slots = new int[2];
    public static int Static;
    static readonly object s_gate = new();

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Probe()
    {
        var p = new SymbolProbe(); // SITE: probe-call
        p.Field = 41; // SITE: probe-write
        Static = p.Field + 1; // SITE: probe-static
        p.Slots[1] = Static; // SITE: probe-element
        Interlocked.Increment(ref p.Field); // SITE: probe-atomic
        lock (s_gate) // SITE: probe-lock
        {
            p.Field++;
        }
        var frame = new StackTrace(true).GetFrame(0)!; // SITE: probe-stacktrace
        return $"{Path.GetFileName(frame.GetFileName())}:{frame.GetFileLineNumber()} {p.Field}";
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Throwing()
    {
        var p = new SymbolProbe();
        try
        {
            p.Field = Static;
            p.Slots[0] += p.Field;
            throw new InvalidOperationException("probe " + p.Slots[0]); // SITE: probe-throw
        }
        catch (InvalidOperationException e)
        {
            var frame = new StackTrace(e, true).GetFrame(0)!;
            return $"{Path.GetFileName(frame.GetFileName())}:{frame.GetFileLineNumber()} {e.Message}";
        }
    }
}

public static class SymbolScenarios
{
    public static void Register(ScenarioList s)
    {
        s.Add("stack trace line", SymbolProbe.Probe);
        s.Add("exception line", SymbolProbe.Throwing);
    }
}
