// Compiled into the runtime and the command-line tool (which adds its own settings to a user's RACEDETECTOR_OPTIONS).
#if RACEDETECTOR_CLI
namespace RaceDetector.Cli.Abi;
#else
namespace RaceDetector.Runtime.Abi;
#endif

/// <summary>The <c>RACEDETECTOR_OPTIONS</c> syntax: <c>key=value</c> tokens separated by white space; double quotes keep spaces in a value.</summary>
internal static class OptionsText
{
    /// <summary>
    /// The tokens of <paramref name="text"/>, quotes removed. A token whose quote is never closed is dropped, with a
    /// problem: taken as it stands it would swallow the options after it (and name a report file after them).
    /// </summary>
    public static List<string> Split(string text, List<string> problems)
    {
        var tokens = new List<string>();
        var token = new System.Text.StringBuilder();
        var raw = new System.Text.StringBuilder();
        bool quoted = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c) && !quoted)
            {
                if (token.Length > 0)
                    tokens.Add(token.ToString());
                token.Clear();
                raw.Clear();
                continue;
            }
            raw.Append(c);
            if (c == '"')
                quoted = !quoted;
            else
                token.Append(c);
        }
        if (quoted)
            problems.Add($"ignoring '{raw}': unterminated quote");
        else if (token.Length > 0)
            tokens.Add(token.ToString());
        return tokens;
    }

    /// <summary>One <c>key=value</c> token, the value quoted so that it may hold spaces.</summary>
    public static string Format(string key, string value) => $"{key}=\"{value}\"";
}
