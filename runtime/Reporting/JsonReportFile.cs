using System.Text.Encodings.Web;
using System.Text.Json;

namespace RaceDetector.Runtime.Reporting;

/// <summary>
/// The JSON report. The whole file is rewritten through a temporary file and a rename after every
/// race, so it is valid JSON and holds every race found so far even if the process is killed.
/// </summary>
internal sealed class JsonReportFile
{
    // Method names like <Main>$ stay readable; the file is never embedded in HTML.
    static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    readonly string _path;
    readonly List<byte[]> _races = new();

    public JsonReportFile(string path) => _path = Path.GetFullPath(path);

    public void Add(RaceReport race) => _races.Add(Serialize(race));

    /// <summary>Writes the file; the summary's exit code is null while the program still runs.</summary>
    public void Write(ReportSummary summary)
    {
        string temporary = _path + ".tmp" + Environment.ProcessId;
        using (var stream = File.Create(temporary))
        using (var json = new Utf8JsonWriter(stream, Options))
        {
            json.WriteStartObject();
            json.WriteStartObject("tool");
            json.WriteString("name", "RaceDetector");
            json.WriteString("version", DetectorRuntime.Version);
            json.WriteEndObject();
            json.WriteStartArray("races");
            foreach (var race in _races)
                json.WriteRawValue(race, skipInputValidation: true);
            json.WriteEndArray();
            json.WriteStartObject("summary");
            json.WriteNumber("races", _races.Count);
            json.WriteNumber("suppressed", summary.Suppressed);
            json.WriteNumber("threads", summary.Threads);
            json.WriteNumber("logicalThreads", summary.LogicalThreads);
            json.WriteNumber("threadSlots", summary.ThreadSlots);
            json.WriteStartArray("tests");
            foreach (var test in summary.Tests)
                json.WriteStringValue(test);
            json.WriteEndArray();
            if (summary.ExitCode is { } code)
                json.WriteNumber("exitCode", code);
            else
                json.WriteNull("exitCode");
            json.WriteEndObject();
            json.WriteEndObject();
        }
        File.Move(temporary, _path, overwrite: true);
    }

    static byte[] Serialize(RaceReport race)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("id", race.Id);
            json.WriteString("kind", race.Kind);
            WriteLocation(json, race.Location);
            WriteAccess(json, "current", race.Current);
            WriteAccess(json, "previous", race.Previous);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    static void WriteLocation(Utf8JsonWriter json, LocationReport location)
    {
        json.WriteStartObject("location");
        json.WriteString("kind", location.Kind);
        json.WriteString("type", location.Type);
        json.WriteString("member", location.Member);
        json.WriteString("display", location.Display);
        if (location.Index is { } index)
            json.WriteNumber("index", index);
        else
            json.WriteNull("index");
        json.WriteString("valueType", location.ValueType);
        if (location.ObjectId is { } id)
        {
            json.WriteNumber("objectId", id);
            json.WriteString("objectType", location.ObjectType);
        }
        json.WriteEndObject();
    }

    static void WriteAccess(Utf8JsonWriter json, string name, AccessReport access)
    {
        json.WriteStartObject(name);
        json.WriteString("operation", access.Operation);
        json.WriteBoolean("volatile", access.Atomic);
        json.WriteStartObject("thread");
        json.WriteNumber("id", access.Thread.ManagedId);
        if (access.Thread.Name is { Length: > 0 } threadName)
            json.WriteString("name", threadName);
        else
            json.WriteNull("name");
        json.WriteBoolean("main", access.Thread.IsMain);
        json.WriteString("kind", access.Thread.Kind);
        json.WriteNumber("logicalId", access.Thread.LogicalId);
        json.WriteEndObject();
        if (access.TestName is { } test)
            json.WriteString("test", test);
        else
            json.WriteNull("test");
        WriteFrames(json, "stack", access.Stack);
        json.WriteStartArray("locks");
        foreach (var held in access.Locks)
            json.WriteStringValue(held);
        json.WriteEndArray();
        var createdAt = TextReport.CreationFrames(access.Thread);
        if (createdAt.Count > 0)
            WriteFrames(json, "threadCreatedAt", createdAt);
        json.WriteEndObject();
    }

    static void WriteFrames(Utf8JsonWriter json, string name, IReadOnlyList<FrameReport> frames)
    {
        json.WriteStartArray(name);
        foreach (var frame in frames)
        {
            json.WriteStartObject();
            json.WriteString("method", frame.Method);
            if (frame.File is null)
                json.WriteNull("file");
            else
                json.WriteString("file", frame.File);
            json.WriteNumber("line", frame.Line);
            json.WriteNumber("ilOffset", frame.ILOffset);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}

/// <summary>The totals at the end of the JSON report.</summary>
internal sealed record ReportSummary(int Threads, int LogicalThreads, int ThreadSlots, int Suppressed, string[] Tests, int? ExitCode);
