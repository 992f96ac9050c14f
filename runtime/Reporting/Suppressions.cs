using RaceDetector.Runtime.Abi;

namespace RaceDetector.Runtime.Reporting;

/// <summary>
/// Suppression rules, one per line (<c>#</c> starts a comment), as ThreadSanitizer's:
/// <list type="bullet">
/// <item><c>race:GLOB</c>: a frame's method (<c>Namespace.Type.Method</c>) in either stack, or the location's display name;</item>
/// <item><c>race_top:GLOB</c>: only the top frame of either access;</item>
/// <item><c>assembly:GLOB</c>: either access was made by code in a matching assembly.</item>
/// </list>
/// Suppressed races are counted, not forgotten.
/// </summary>
internal sealed class Suppressions
{
    readonly List<SuppressionRule> _rules;

    Suppressions(List<SuppressionRule> rules) => _rules = rules;

    public static Suppressions None { get; } = new([]);

    /// <summary>Parses rules; each malformed line becomes one message in <paramref name="problems"/>.</summary>
    public static Suppressions Parse(IEnumerable<string> lines, List<string> problems) => new(SuppressionRules.Parse(lines, problems));

    /// <summary>The first rule that matches <paramref name="race"/>, or null.</summary>
    public string? Match(RaceReport race, Func<int, string?> assemblyOfSite, int currentSite, int previousSite)
    {
        foreach (var (kind, pattern) in _rules)
        {
            bool matched = kind switch
            {
                "race_top" => Top(race.Current).Any(a => Glob.Matches(pattern, a)) || Top(race.Previous).Any(b => Glob.Matches(pattern, b)),
                "assembly" => assemblyOfSite(currentSite) is { } x && Glob.Matches(pattern, x)
                              || assemblyOfSite(previousSite) is { } y && Glob.Matches(pattern, y),
                _ => Glob.Matches(pattern, race.Location.Display)
                     || race.Current.Stack.Concat(race.Previous.Stack).Any(f => Names(f.Method).Any(n => Glob.Matches(pattern, n))),
            };
            if (matched)
                return kind + ":" + pattern;
        }
        return null;
    }

    static IEnumerable<string> Top(AccessReport access) => access.Stack.Count > 0 ? Names(access.Stack[0].Method) : [];

    /// <summary>
    /// The names a frame's method is matched by: as compiled, and for compiler-generated code (async and iterator
    /// state machines, lambdas, local functions) as written, <c>Ns.Type.&lt;Run&gt;d__0.MoveNext</c> as <c>Ns.Type.Run</c>.
    /// </summary>
    static IEnumerable<string> Names(string method)
    {
        string compiled = WithoutParameters(method);
        yield return compiled;
        if (SourceName(compiled) is { } source)
            yield return source;
    }

    /// <summary>
    /// The user's type (the segments before the first generated one) and the method named inside the first
    /// <c>&lt;Name&gt;</c> segment (<c>&lt;&gt;c</c>, the lambda cache class, names none), or null.
    /// </summary>
    static string? SourceName(string compiled)
    {
        var segments = compiled.Split('.');
        int generated = Array.FindIndex(segments, s => s.StartsWith('<'));
        if (generated <= 0)
            return null;
        foreach (string segment in segments.Skip(generated))
        {
            int close = segment.IndexOf('>');
            if (segment.StartsWith('<') && close > 1)
                return string.Join('.', segments.Take(generated)) + "." + segment.Substring(1, close - 1);
        }
        return null;
    }

    /// <summary><c>Demo.Counter.Add(Int32)</c> is matched as <c>Demo.Counter.Add</c>.</summary>
    static string WithoutParameters(string method)
    {
        int paren = method.IndexOf('(');
        return paren < 0 ? method : method.Substring(0, paren);
    }
}
