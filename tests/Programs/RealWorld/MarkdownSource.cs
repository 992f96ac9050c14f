using System.Text;

namespace RealWorld;

/// <summary>
/// Generates a large Markdown document that exercises most of CommonMark and Markdig's advanced
/// extensions: headings, emphasis, code spans and fences, links, autolinks, lists (nested, ordered,
/// tasks), pipe tables, block quotes, footnotes, definition lists, abbreviations, containers, math.
/// </summary>
static class MarkdownSource
{
    static readonly string[] Words =
        ["parser", "token", "inline", "block", "render", "pipeline", "syntax", "escape", "anchor", "table", "fence", "quote"];

    public static string Create(int sections)
    {
        var text = new StringBuilder();
        text.AppendLine("---\ntitle: Generated\n---\n");
        text.AppendLine("# A generated handbook\n");
        text.AppendLine("*[HTML]: Hyper Text Markup Language\n");
        for (int section = 1; section <= sections; section++)
            Section(text, section);
        for (int section = 1; section <= sections; section++)
            text.AppendLine($"[^{section}]: Footnote {section} about {Word(section)} with `code` and *emphasis*.\n");
        return text.ToString();
    }

    static void Section(StringBuilder text, int n)
    {
        text.AppendLine($"## Section {n}: the {Word(n)} {Word(n * 7)} {{#section-{n}}}\n");
        text.AppendLine($"Some *{Word(n)}* and **{Word(n + 1)}** text with `{Word(n + 2)}()` code, ~~struck~~ words, a "
                        + $"[link to {Word(n + 3)}](https://example.com/{n}?q={Word(n)}&x=1 \"Title {n}\"), an autolink "
                        + $"<https://example.org/{Word(n + 4)}/{n}>, HTML & entities &copy; &#169; &lt;b&gt;, inline math $x_{n}^2$, "
                        + $"a <span class=\"tag\">raw {Word(n)}</span> and a footnote[^{n}].");
        text.AppendLine($"A second line\\\nafter a hard break, and ***{Word(n + 5)} {Word(n + 6)}*** with _under_ and __double__ emphasis.\n");

        text.AppendLine($"- item {Word(n)}\n  - nested *{Word(n + 1)}*\n    1. deep {n}\n    2. deeper [ref][r{n}]\n- [x] done task\n- [ ] open task {n}\n");
        text.AppendLine($"3. third\n4. fourth with `code`\n5. fifth\n\n[r{n}]: https://example.net/ref/{n} \"Reference {n}\"\n");

        text.AppendLine($"```csharp\n// section {n}\nvar {Word(n)} = new List<int> {{ {n}, {n + 1} }};\nif ({Word(n)}.Count > 1 && x < y) return \"<ok>\";\n```\n");
        text.AppendLine($"    indented code {n}\n    second line\n");

        text.AppendLine("| Name | Count | Ratio | Notes |\n|:-----|------:|:-----:|-------|");
        for (int row = 0; row < 4; row++)
            text.AppendLine($"| {Word(n + row)} | {n * row} | {(row + 1) / 3.0:0.00} | `{Word(row)}` and *{Word(n - row)}* |");
        text.AppendLine();

        text.AppendLine($"> Quoted {Word(n)} text\n> - with a list\n> - and **strong** words\n>\n> > nested quote {n}\n");
        text.AppendLine($"{Word(n)}\n:   The definition of {Word(n)}, in HTML.\n");
        text.AppendLine($"::: note\nA custom container {n}.\n:::\n");
        text.AppendLine("***\n");
    }

    static string Word(int n) => Words[Math.Abs(n) % Words.Length];
}
