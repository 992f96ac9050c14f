using System.Text;

// Compiled into both halves; each gets its own namespace so code that sees both (the tests) is unambiguous.
#if RACEDETECTOR_INSTRUMENTER
namespace RaceDetector.Instrumenter.Abi;
#else
namespace RaceDetector.Runtime.Abi;
#endif

/// <summary>
/// One instrumented site: where it is in the source and what it touches. The instrumenter writes a
/// table of these into each rewritten module as a manifest resource; the runtime reads it only to
/// print reports. This file is compiled into both halves, so the format has one definition.
/// </summary>
internal sealed record SiteRecord(
    string Operation,
    string Method,
    int ILOffset,
    string? File,
    int Line,
    int Column,
    string LocationKind,
    string TypeName,
    string Member,
    string ValueType,
    string Holder)
{
    /// <summary>Name of the manifest resource that holds a module's site table.</summary>
    public const string ResourceName = "RaceDetector.Sites";

    const string Header = "RaceDetectorSites/1";

    /// <summary>Writes the table: a header line, then one tab-separated line per site, in site order.</summary>
    public static byte[] Serialize(IReadOnlyList<SiteRecord> sites)
    {
        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        foreach (var s in sites)
        {
            string[] fields =
            [
                s.Operation, s.Method, s.ILOffset.ToString(), s.File ?? "", s.Line.ToString(), s.Column.ToString(),
                s.LocationKind, s.TypeName, s.Member, s.ValueType, s.Holder,
            ];
            text.AppendJoin('\t', fields.Select(Escape)).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Reads a table written by <see cref="Serialize"/>; null when the format is unknown.</summary>
    public static SiteRecord[]? Deserialize(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        if (reader.ReadLine() != Header)
            return null;
        var sites = new List<SiteRecord>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            var f = line.Split('\t').Select(Unescape).ToArray();
            if (f.Length < 11)
                return null;
            sites.Add(new SiteRecord(f[0], f[1], int.Parse(f[2]), f[3].Length == 0 ? null : f[3], int.Parse(f[4]),
                int.Parse(f[5]), f[6], f[7], f[8], f[9], f[10]));
        }
        return sites.ToArray();
    }

    static string Escape(string value) =>
        value.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r");

    static string Unescape(string value)
    {
        if (!value.Contains('\\'))
            return value;
        var text = new StringBuilder(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c != '\\' || i + 1 == value.Length)
            {
                text.Append(c);
                continue;
            }
            char next = value[++i];
            text.Append(next switch { 't' => '\t', 'n' => '\n', 'r' => '\r', _ => next });
        }
        return text.ToString();
    }
}
