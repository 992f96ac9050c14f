// Compiled into the runtime and the command-line tool (which checks a suppressions file before a run).
#if RACEDETECTOR_CLI
namespace RaceDetector.Cli.Abi;
#else
namespace RaceDetector.Runtime.Abi;
#endif

/// <summary>One suppression rule: <c>race</c>, <c>race_top</c> or <c>assembly</c>, and its glob.</summary>
internal readonly record struct SuppressionRule(string Kind, string Pattern);

/// <summary>
/// The suppressions file syntax: one <c>kind:GLOB</c> rule a line, blank lines and <c>#</c> comments ignored.
/// </summary>
internal static class SuppressionRules
{
    /// <summary>Parses rules; each malformed line becomes one message in <paramref name="problems"/>.</summary>
    public static List<SuppressionRule> Parse(IEnumerable<string> lines, List<string> problems)
    {
        var rules = new List<SuppressionRule>();
        int number = 0;
        foreach (var raw in lines)
        {
            number++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            int colon = line.IndexOf(':');
            string kind = colon > 0 ? line.Substring(0, colon).Trim() : "";
            string pattern = colon > 0 ? line.Substring(colon + 1).Trim() : "";
            if (kind is not ("race" or "race_top" or "assembly") || pattern.Length == 0)
            {
                problems.Add($"line {number}: expected race:GLOB, race_top:GLOB or assembly:GLOB, found '{line}'");
                continue;
            }
            rules.Add(new SuppressionRule(kind, pattern));
        }
        return rules;
    }
}
