using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RaceDetector.Cli.Reports;

/// <summary>Reading and writing report files: written whole through a temporary file, so readers never see half a report.</summary>
internal static class JsonFiles
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteAtomically(string path, JsonNode root) => Writing(path, full =>
    {
        string temporary = full + ".tmp";
        File.WriteAllText(temporary, root.ToJsonString(Indented));
        File.Move(temporary, full, overwrite: true);
    });

    /// <summary>
    /// Checks, before anything is built or run, that a report can be written at <paramref name="path"/> (creating
    /// its folder), so that a run never ends with its races found and its report lost.
    /// </summary>
    public static void CheckWritable(string path) => Writing(path, full =>
    {
        if (Directory.Exists(full))
            throw new IOException("it is a folder");
        using (File.Create(full + ".tmp", 1, FileOptions.DeleteOnClose)) { }
    });

    static void Writing(string path, Action<string> write)
    {
        string full = Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            write(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{path}: cannot write the report: {ex.Message}");
        }
    }

    /// <summary>The parsed file, or null when it is missing or not JSON (a process killed before its first write).</summary>
    public static JsonObject? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
