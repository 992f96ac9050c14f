// Compiled into both halves; each gets its own namespace so code that sees both (the tests) is unambiguous.
#if RACEDETECTOR_INSTRUMENTER
namespace RaceDetector.Instrumenter.Abi;
#else
namespace RaceDetector.Runtime.Abi;
#endif

/// <summary>
/// Case-insensitive <c>*</c>/<c>?</c> wildcard matching, for assembly selection and suppression rules.
/// Compiled into both halves, like <see cref="SiteRecord"/>.
/// </summary>
internal static class Glob
{
    public static bool Matches(string pattern, string text) => Match(pattern.AsSpan(), text.AsSpan());

    static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        while (!pattern.IsEmpty)
        {
            if (pattern[0] == '*')
            {
                for (int skip = 0; skip <= text.Length; skip++)
                {
                    if (Match(pattern.Slice(1), text.Slice(skip)))
                        return true;
                }
                return false;
            }
            if (text.IsEmpty || (pattern[0] != '?' && char.ToUpperInvariant(pattern[0]) != char.ToUpperInvariant(text[0])))
                return false;
            pattern = pattern.Slice(1);
            text = text.Slice(1);
        }
        return text.IsEmpty;
    }
}
