using System.Text.Json;

namespace RaceDetector.Tests.Support;

/// <summary>One frame of a reported stack.</summary>
public sealed record Frame(string Method, string? File, int Line, int ILOffset);

/// <summary>One side of a reported race.</summary>
public sealed record Access(string Operation, bool Volatile, int ThreadId, string? ThreadName, IReadOnlyList<Frame> Stack, IReadOnlyList<string> Locks,
    string ThreadKind = "thread", int LogicalId = 0, string? Test = null, IReadOnlyList<Frame>? ThreadCreatedAt = null)
{
    public Frame Top => Stack[0];
}

/// <summary>One reported race, as read back from the JSON report.</summary>
public sealed record Race(string Id, string Kind, string LocationKind, string Type, string Member, string Display, long? Index, Access Current, Access Previous)
{
    /// <summary>Both sides' top lines, smallest first: convenient for exact line assertions.</summary>
    public (int, int) Lines => Current.Top.Line <= Previous.Top.Line ? (Current.Top.Line, Previous.Top.Line) : (Previous.Top.Line, Current.Top.Line);
}

/// <summary>
/// The JSON report written by the runtime, or merged by <c>racedetector test</c> and <c>report</c> (the schema is a
/// contract; see README). Merged reports count no thread slots (<see cref="ThreadSlots"/> is then -1).
/// </summary>
public sealed record RaceReportJson(IReadOnlyList<Race> Races, int SummaryRaces, int Threads, int ThreadSlots, int? ExitCode, string ToolName,
    int Suppressed = 0, IReadOnlyList<string>? Tests = null)
{
    public static RaceReportJson Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        var races = root.GetProperty("races").EnumerateArray().Select(ReadRace).ToList();
        var summary = root.GetProperty("summary");
        var exit = summary.GetProperty("exitCode");
        return new RaceReportJson(races, summary.GetProperty("races").GetInt32(), summary.GetProperty("threads").GetInt32(),
            summary.TryGetProperty("threadSlots", out var slots) ? slots.GetInt32() : -1,
            exit.ValueKind == JsonValueKind.Null ? null : exit.GetInt32(), root.GetProperty("tool").GetProperty("name").GetString()!,
            summary.GetProperty("suppressed").GetInt32(),
            summary.GetProperty("tests").EnumerateArray().Select(t => t.GetString()!).ToList());
    }

    /// <summary>Races on a location whose member is <paramref name="member"/>.</summary>
    public IReadOnlyList<Race> On(string member) => Races.Where(r => r.Member == member).ToList();

    static Race ReadRace(JsonElement race)
    {
        var location = race.GetProperty("location");
        var index = location.GetProperty("index");
        return new Race(race.GetProperty("id").GetString()!, race.GetProperty("kind").GetString()!,
            location.GetProperty("kind").GetString()!, location.GetProperty("type").GetString()!,
            location.GetProperty("member").GetString()!, location.GetProperty("display").GetString()!,
            index.ValueKind == JsonValueKind.Null ? null : index.GetInt64(),
            ReadAccess(race.GetProperty("current")), ReadAccess(race.GetProperty("previous")));
    }

    static Access ReadAccess(JsonElement access)
    {
        var thread = access.GetProperty("thread");
        var name = thread.GetProperty("name");
        return new Access(access.GetProperty("operation").GetString()!, access.GetProperty("volatile").GetBoolean(),
            thread.GetProperty("id").GetInt32(), name.ValueKind == JsonValueKind.Null ? null : name.GetString(),
            ReadFrames(access.GetProperty("stack")),
            access.GetProperty("locks").EnumerateArray().Select(l => l.GetString()!).ToList(),
            thread.TryGetProperty("kind", out var kind) ? kind.GetString()! : "thread",
            thread.TryGetProperty("logicalId", out var logical) ? logical.GetInt32() : 0,
            access.GetProperty("test").GetString(),
            access.TryGetProperty("threadCreatedAt", out var created) ? ReadFrames(created) : null);
    }

    static List<Frame> ReadFrames(JsonElement frames) =>
        frames.EnumerateArray().Select(f => new Frame(f.GetProperty("method").GetString()!,
            f.GetProperty("file").ValueKind == JsonValueKind.Null ? null : f.GetProperty("file").GetString(),
            f.GetProperty("line").GetInt32(), f.GetProperty("ilOffset").GetInt32())).ToList();
}
