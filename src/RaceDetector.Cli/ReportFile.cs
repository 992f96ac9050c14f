using System.Text.Json.Nodes;

namespace RaceDetector.Cli;

/// <summary>
/// The JSON report of one run: the user's file, or a temporary one used only to count races. After the
/// program exits, its summary gets the exit code the command returns.
/// </summary>
internal sealed class ReportFile : IDisposable
{
    readonly bool _temporary;

    public ReportFile(string? path)
    {
        _temporary = path is null;
        Path = System.IO.Path.GetFullPath(path ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"racedetector-{Guid.NewGuid():N}.json"));
        if (File.Exists(Path))
            File.Delete(Path);
    }

    public string Path { get; }

    public int RaceCount() => Races().Count;

    public IReadOnlyList<JsonObject> Races() => (Read()?["races"] as JsonArray ?? []).OfType<JsonObject>().ToList();

    /// <summary>Records the final exit code; writes an empty report if the program never started the detector.</summary>
    public void Finish(int exitCode)
    {
        if (_temporary)
            return;
        var root = Read() ?? new JsonObject
        {
            ["tool"] = new JsonObject { ["name"] = "RaceDetector", ["version"] = Instrumenter.AppInstrumenter.ToolVersion },
            ["races"] = new JsonArray(),
            ["summary"] = new JsonObject { ["races"] = 0, ["threads"] = 0 },
        };
        if (root["summary"] is JsonObject summary)
            summary["exitCode"] = exitCode;
        Reports.JsonFiles.WriteAtomically(Path, root);
    }

    JsonObject? Read() => Reports.JsonFiles.TryRead(Path);

    public void Dispose()
    {
        if (_temporary && File.Exists(Path))
            File.Delete(Path);
    }
}
