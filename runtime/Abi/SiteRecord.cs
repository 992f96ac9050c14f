using System.Globalization;
using System.IO.Compression;
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

    const string Header = "RaceDetectorSites/2";

    /// <summary>
    /// Writes the table, deflated: a header line, the number of distinct strings, one string a line, then one
    /// tab-separated line per site, in site order, whose text fields are indices into the strings. Sites of
    /// one method share its name and file, so a table with a site per call stays small.
    /// </summary>
    public static byte[] Serialize(IReadOnlyList<SiteRecord> sites)
    {
        var strings = new List<string>();
        var indices = new Dictionary<string, int>(StringComparer.Ordinal);
        string Index(string value)
        {
            if (!indices.TryGetValue(value, out int index))
            {
                index = strings.Count;
                indices.Add(value, index);
                strings.Add(value);
            }
            return index.ToString(CultureInfo.InvariantCulture);
        }

        var records = new StringBuilder();
        foreach (var s in sites)
        {
            string[] fields =
            [
                Index(s.Operation), Index(s.Method), Number(s.ILOffset), Index(s.File ?? ""), Number(s.Line), Number(s.Column),
                Index(s.LocationKind), Index(s.TypeName), Index(s.Member), Index(s.ValueType), Index(s.Holder),
            ];
            records.AppendJoin('\t', fields).Append('\n');
        }
        var text = new StringBuilder();
        text.Append(Header).Append('\n').Append(Number(strings.Count)).Append('\n');
        foreach (var value in strings)
            text.Append(Escape(value)).Append('\n');
        text.Append(records);

        var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
            deflate.Write(Encoding.UTF8.GetBytes(text.ToString()));
        return output.ToArray();
    }

    /// <summary>Reads a table written by <see cref="Serialize"/>; null when the format is unknown or the data damaged.</summary>
    public static SiteRecord[]? Deserialize(Stream stream)
    {
        try
        {
            using var reader = new StreamReader(new DeflateStream(stream, CompressionMode.Decompress), Encoding.UTF8);
            if (reader.ReadLine() != Header || !int.TryParse(reader.ReadLine(), CultureInfo.InvariantCulture, out int count))
                return null;
            var strings = new string[count];
            for (int i = 0; i < count; i++)
                strings[i] = Unescape(reader.ReadLine() ?? "");
            var sites = new List<SiteRecord>();
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                var f = line.Split('\t').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
                if (f.Length < 11)
                    return null;
                string file = strings[f[3]];
                sites.Add(new SiteRecord(strings[f[0]], strings[f[1]], f[2], file.Length == 0 ? null : file, f[4], f[5],
                    strings[f[6]], strings[f[7]], strings[f[8]], strings[f[9]], strings[f[10]]));
            }
            return sites.ToArray();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IndexOutOfRangeException or OverflowException)
        {
            return null;
        }
    }

    static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

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
