using System.Text.Json.Nodes;

namespace RaceDetector.Cli.Reports;

/// <summary>
/// The races of a run that spanned several processes (test hosts): the per-process JSON reports
/// combined, each distinct race (by its stable id) once, with their text reports and totals.
/// </summary>
internal sealed class MergedReport
{
    readonly List<JsonObject> _races = new();
    readonly SortedSet<string> _tests = new(StringComparer.Ordinal);
    readonly List<string> _texts = new();
    int _threads;
    int _logicalThreads;

    MergedReport()
    {
    }

    public IReadOnlyList<JsonObject> Races => _races;

    /// <summary>Tests that ran code on either side of a race.</summary>
    public IReadOnlyCollection<string> Tests => _tests;

    /// <summary>The text reports, as each process logged them.</summary>
    public IReadOnlyList<string> Texts => _texts;

    public int Suppressed { get; private set; }

    public int Processes { get; private set; }

    /// <summary>The line that closes the command's output.</summary>
    public string SummaryLine =>
        $"RaceDetector: {_races.Count} data race(s) in {_tests.Count} test(s)" + (Suppressed > 0 ? $", {Suppressed} suppressed" : "");

    /// <summary>Combines the <c>*.json</c> reports in <paramref name="folder"/> (and their <c>.log</c> twins).</summary>
    public static MergedReport FromFolder(string folder) => FromFiles(ReportFiles(folder));

    /// <summary>The JSON reports in <paramref name="folder"/>, in a stable order.</summary>
    public static IEnumerable<string> ReportFiles(string folder) =>
        Directory.Exists(folder) ? Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal) : [];

    /// <summary>Combines JSON reports; a <c>.log</c> file next to each one holds its text reports.</summary>
    public static MergedReport FromFiles(IEnumerable<string> jsonFiles)
    {
        var merged = new MergedReport();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in jsonFiles)
        {
            if (JsonFiles.TryRead(file) is not { } root)
                continue;
            merged.Processes++;
            foreach (var race in (root["races"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (!ids.Add(race["id"]?.GetValue<string>() ?? Guid.NewGuid().ToString()))
                    continue;
                merged._races.Add((JsonObject)race.DeepClone());
                foreach (var side in new[] { "current", "previous" })
                {
                    if (race[side]?["test"]?.GetValue<string>() is { } test)
                        merged._tests.Add(test);
                }
            }
            if (root["summary"] is JsonObject summary)
            {
                merged.Suppressed += Number(summary, "suppressed");
                merged._threads += Number(summary, "threads");
                merged._logicalThreads += Number(summary, "logicalThreads");
            }
            string log = Path.ChangeExtension(file, ".log");
            if (File.Exists(log) && File.ReadAllText(log).Trim() is { Length: > 0 } text)
                merged._texts.Add(text);
        }
        return merged;
    }

    static int Number(JsonObject summary, string name) => summary[name] is JsonValue value && value.TryGetValue(out int number) ? number : 0;

    /// <summary>The combined report, in the same shape as one process's report.</summary>
    public JsonObject ToJson(int exitCode) => new()
    {
        ["tool"] = new JsonObject { ["name"] = "RaceDetector", ["version"] = Instrumenter.AppInstrumenter.ToolVersion },
        ["races"] = new JsonArray(_races.Select(r => (JsonNode)r.DeepClone()).ToArray()),
        ["summary"] = new JsonObject
        {
            ["races"] = _races.Count,
            ["suppressed"] = Suppressed,
            ["threads"] = _threads,
            ["logicalThreads"] = _logicalThreads,
            ["processes"] = Processes,
            ["tests"] = new JsonArray(_tests.Select(t => (JsonNode)JsonValue.Create(t)).ToArray()),
            ["exitCode"] = exitCode,
        },
    };
}
