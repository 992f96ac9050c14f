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
                "race_top" => Top(race.Current) is { } a && Glob.Matches(pattern, a) || Top(race.Previous) is { } b && Glob.Matches(pattern, b),
                "assembly" => assemblyOfSite(currentSite) is { } x && Glob.Matches(pattern, x)
                              || assemblyOfSite(previousSite) is { } y && Glob.Matches(pattern, y),
                _ => Glob.Matches(pattern, race.Location.Display)
                     || race.Current.Stack.Concat(race.Previous.Stack).Any(f => Glob.Matches(pattern, WithoutParameters(f.Method))),
            };
            if (matched)
                return kind + ":" + pattern;
        }
        return null;
    }

    static string? Top(AccessReport access) => access.Stack.Count > 0 ? WithoutParameters(access.Stack[0].Method) : null;

    /// <summary><c>Demo.Counter.Add(Int32)</c> is matched as <c>Demo.Counter.Add</c>.</summary>
    static string WithoutParameters(string method)
    {
        int paren = method.IndexOf('(');
        return paren < 0 ? method : method.Substring(0, paren);
    }
}
