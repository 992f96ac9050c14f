using System.Text;
using Humanizer;

namespace RealWorld;

/// <summary>
/// Humanizer the way applications use it: numbers to words and ordinals, plurals, casing, time spans,
/// relative dates against a fixed instant, byte sizes, Roman numerals, enums, truncation.
/// </summary>
static class HumanizerWorkload
{
    static readonly DateTime Now = new(2024, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    public static void Run(Documents documents)
    {
        var text = new StringBuilder();
        for (int n = 0; n < 400; n += 7)
        {
            text.AppendLine($"{n}: {n.ToWords()}, {n.Ordinalize()}, {n.ToOrdinalWords()}, {(n + 1).ToRoman()}, "
                            + $"{"book".ToQuantity(n)}, {((long)n * 123457).Bytes().Humanize("0.##")}");
        }
        foreach (var word in new[] { "person", "mouse", "octopus", "index", "child", "matrix", "status", "quiz" })
            text.AppendLine($"{word} -> {word.Pluralize()} -> {word.Pluralize().Singularize()}");
        foreach (var phrase in new[] { "PascalCaseInputString", "underscored_input_string", "some-dashed-title", "HTML parser v2" })
            text.AppendLine($"{phrase}: {phrase.Humanize()} | {phrase.Titleize()} | {phrase.Camelize()} | {phrase.Underscore()} | {phrase.Kebaberize()}");
        for (int minutes = 1; minutes < 100_000; minutes *= 3)
        {
            var span = TimeSpan.FromMinutes(minutes);
            text.AppendLine($"{minutes} min: {span.Humanize(2)}, {Now.AddMinutes(-minutes).Humanize(dateToCompareAgainst: Now)}, "
                            + $"{Now.AddMinutes(minutes).Humanize(dateToCompareAgainst: Now)}");
        }
        foreach (var genre in Enum.GetValues<Genre>())
            text.AppendLine($"{genre}: {genre.Humanize()} {genre.Humanize(LetterCasing.AllCaps)}");
        text.AppendLine("A long sentence that needs to be shortened for a narrow column".Truncate(24, Truncator.FixedNumberOfWords));
        documents.Add("humanized.txt", text.ToString());
    }
}
