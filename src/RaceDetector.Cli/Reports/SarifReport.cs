using System.Text.Json.Nodes;

namespace RaceDetector.Cli.Reports;

/// <summary>
/// Writes races as SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one rule per race
/// kind, one result per distinct race (the current access as its location, the previous access as a
/// related location), both stacks as thread flows, paths relative to the source root, and the race's
/// stable id as its fingerprint so a race keeps its alert across runs.
/// </summary>
internal static class SarifReport
{
    const string RootId = "SRCROOT";
    const string WriteWrite = "write-write";
    const string ReadWrite = "read-write";

    public static void Write(string path, IReadOnlyList<JsonObject> races, string sourceRoot)
    {
        var paths = new SarifPaths(sourceRoot);
        var run = new JsonObject
        {
            ["tool"] = new JsonObject { ["driver"] = Driver() },
            ["originalUriBaseIds"] = new JsonObject { [RootId] = new JsonObject { ["uri"] = paths.RootUri } },
            ["results"] = new JsonArray(races.Select(r => (JsonNode)Result(r, paths)).ToArray()),
            ["columnKind"] = "utf16CodeUnits",
        };
        var log = new JsonObject
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(run),
        };
        JsonFiles.WriteAtomically(path, log);
    }

    static JsonObject Driver() => new()
    {
        ["name"] = "RaceDetector",
        ["version"] = Instrumenter.AppInstrumenter.ToolVersion,
        ["semanticVersion"] = Instrumenter.AppInstrumenter.ToolVersion,
        ["rules"] = new JsonArray(
            Rule(WriteWrite, "WriteWriteDataRace", "Two threads wrote the same memory with no happens-before order between the writes."),
            Rule(ReadWrite, "ReadWriteDataRace", "One thread read memory that another wrote, with no happens-before order between the read and the write.")),
    };

    static JsonObject Rule(string id, string name, string description) => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["shortDescription"] = new JsonObject { ["text"] = "Data race: " + id },
        ["fullDescription"] = new JsonObject { ["text"] = description },
        ["help"] = new JsonObject
        {
            ["text"] = description + " Order the accesses with a lock, a volatile or Interlocked operation, a task wait, or another synchronization, or make the data thread-local.",
        },
        ["defaultConfiguration"] = new JsonObject { ["level"] = "error" },
        ["properties"] = new JsonObject { ["tags"] = new JsonArray("concurrency", "data-race"), ["precision"] = "high", ["problem.severity"] = "error" },
    };

    static JsonObject Result(JsonObject race, SarifPaths paths)
    {
        string kind = RaceJson.Kind(race);
        string ruleId = kind == WriteWrite ? WriteWrite : ReadWrite;
        var current = RaceJson.Side(race, "current");
        var previous = RaceJson.Side(race, "previous");
        string location = RaceJson.Location(race);
        var related = Location(previous, paths) ?? Location(current, paths);
        if (related is not null)
        {
            related["id"] = 1;
            related["message"] = new JsonObject { ["text"] = "previous " + RaceJson.Describe(previous) };
        }
        return new JsonObject
        {
            ["ruleId"] = ruleId,
            ["ruleIndex"] = ruleId == WriteWrite ? 0 : 1,
            ["level"] = "error",
            ["message"] = new JsonObject
            {
                ["text"] = $"Data race on {location}: {RaceJson.Describe(current)}, and a [previous {RaceJson.Describe(previous)}](1), not ordered by happens-before.",
            },
            ["locations"] = new JsonArray(Location(current, paths) ?? Location(previous, paths) ?? Unlocated(location)),
            ["relatedLocations"] = related is null ? new JsonArray() : new JsonArray(related),
            ["codeFlows"] = CodeFlows(location, (current, "current"), (previous, "previous"), paths),
            ["partialFingerprints"] = new JsonObject { ["raceDetectorId/v1"] = race["id"]?.GetValue<string>() ?? "" },
            ["properties"] = new JsonObject
            {
                ["raceKind"] = kind,
                ["location"] = location,
                ["tests"] = new JsonArray(new[] { current, previous }.Select(RaceJson.Test).OfType<string>().Distinct()
                    .Select(t => (JsonNode)JsonValue.Create(t)).ToArray()),
            },
        };
    }

    static JsonObject? Location(JsonObject access, SarifPaths paths) =>
        RaceJson.SourceFrame(access, paths.IsUnderRoot) is { } frame ? FrameLocation(frame, paths) : null;

    static JsonObject FrameLocation(JsonObject frame, SarifPaths paths)
    {
        var location = new JsonObject
        {
            ["logicalLocations"] = new JsonArray(new JsonObject { ["fullyQualifiedName"] = RaceJson.Method(frame), ["kind"] = "function" }),
        };
        if (RaceJson.File(frame) is { } file && RaceJson.Line(frame) > 0)
            location["physicalLocation"] = new JsonObject
            {
                ["artifactLocation"] = paths.ArtifactLocation(file),
                ["region"] = new JsonObject { ["startLine"] = RaceJson.Line(frame) },
            };
        return location;
    }

    static JsonObject Unlocated(string location) => new()
    {
        ["logicalLocations"] = new JsonArray(new JsonObject { ["fullyQualifiedName"] = location, ["kind"] = "member" }),
    };

    /// <summary>One code flow with a thread flow per side that has a stack (SARIF needs at least one location in each).</summary>
    static JsonArray CodeFlows(string location, (JsonObject Access, string Role) current, (JsonObject Access, string Role) previous, SarifPaths paths)
    {
        var flows = new[] { current, previous }
            .Where(side => RaceJson.Frames(side.Access).Count > 0)
            .Select(side => (JsonNode)ThreadFlow(side.Access, side.Role, paths))
            .ToArray();
        if (flows.Length == 0)
            return new JsonArray();
        return new JsonArray(new JsonObject
        {
            ["message"] = new JsonObject { ["text"] = $"The two unordered accesses to {location}" },
            ["threadFlows"] = new JsonArray(flows),
        });
    }

    /// <summary>A stack as a thread flow: SARIF lists it in execution order, outermost caller first.</summary>
    static JsonObject ThreadFlow(JsonObject access, string role, SarifPaths paths)
    {
        var frames = RaceJson.Frames(access);
        frames.Reverse();
        var locations = frames.Select((frame, depth) =>
        {
            var location = FrameLocation(frame, paths);
            location["message"] = new JsonObject { ["text"] = RaceJson.Method(frame) };
            return (JsonNode)new JsonObject { ["location"] = location, ["nestingLevel"] = depth };
        }).ToArray();
        return new JsonObject
        {
            ["id"] = role,
            ["message"] = new JsonObject { ["text"] = $"{role}: {RaceJson.Describe(access)}" },
            ["locations"] = new JsonArray(locations),
        };
    }
}

/// <summary>File paths as SARIF artifact locations: relative to the source root where possible.</summary>
internal sealed class SarifPaths(string sourceRoot)
{
    readonly string _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(sourceRoot)) + Path.DirectorySeparatorChar;

    public string RootUri => new Uri(_root).AbsoluteUri;

    public bool IsUnderRoot(string file) => Path.IsPathFullyQualified(file) && Path.GetFullPath(file).StartsWith(_root, StringComparison.Ordinal);

    public JsonObject ArtifactLocation(string file)
    {
        if (IsUnderRoot(file))
        {
            string relative = Path.GetRelativePath(_root, Path.GetFullPath(file)).Replace(Path.DirectorySeparatorChar, '/');
            return new JsonObject { ["uri"] = string.Join('/', relative.Split('/').Select(Uri.EscapeDataString)), ["uriBaseId"] = "SRCROOT" };
        }
        return new JsonObject { ["uri"] = Path.IsPathFullyQualified(file) ? new Uri(file).AbsoluteUri : file.Replace('\\', '/') };
    }
}
