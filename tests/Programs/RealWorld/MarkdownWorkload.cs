using System.Text;
using Markdig;
using Markdig.Syntax;

namespace RealWorld;

/// <summary>
/// Markdig the way applications use it: a pipeline with the advanced extensions renders a large
/// document to HTML; the syntax tree is walked; the CommonMark pipeline renders it to plain text.
/// </summary>
static class MarkdownWorkload
{
    const int Sections = 150;

    public static void Run(Documents documents)
    {
        string markdown = MarkdownSource.Create(Sections);
        var advanced = new MarkdownPipelineBuilder().UseAdvancedExtensions().UseYamlFrontMatter().Build();
        documents.Add("document.md", markdown);
        documents.Add("document.html", Markdown.ToHtml(markdown, advanced));
        documents.Add("document-tree.txt", Tree(Markdown.Parse(markdown, advanced)));
        documents.Add("document.txt", Markdown.ToPlainText(markdown, new MarkdownPipelineBuilder().Build()));
    }

    /// <summary>How many blocks and inlines of each type the tree holds, and where the last heading starts.</summary>
    static string Tree(MarkdownDocument document)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in document.Descendants())
            counts[node.GetType().Name] = counts.GetValueOrDefault(node.GetType().Name) + 1;
        var lastHeading = document.Descendants<HeadingBlock>().Last();
        var text = new StringBuilder();
        foreach (var (type, count) in counts)
            text.AppendLine($"{type}: {count}");
        text.AppendLine($"last heading: line {lastHeading.Line}, level {lastHeading.Level}, span {lastHeading.Span}");
        return text.ToString();
    }
}
