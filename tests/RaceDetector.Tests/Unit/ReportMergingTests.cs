using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using RaceDetector.Cli.Reports;
using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.Unit;

/// <summary>Merging per-process reports and writing SARIF, on hand-made reports.</summary>
public class ReportMergingTests
{
    static JsonObject Access(string test, params (string Method, string? File, int Line)[] frames) => new()
    {
        ["operation"] = "write",
        ["volatile"] = false,
        ["thread"] = new JsonObject { ["id"] = 7, ["name"] = "worker", ["main"] = false, ["kind"] = "thread", ["logicalId"] = 0 },
        ["test"] = test,
        ["stack"] = new JsonArray(frames.Select(f => (JsonNode)new JsonObject { ["method"] = f.Method, ["file"] = f.File, ["line"] = f.Line, ["ilOffset"] = 0 }).ToArray()),
        ["locks"] = new JsonArray(),
    };

    static JsonObject Race(string id, string kind, JsonObject current, JsonObject previous) => new()
    {
        ["id"] = id,
        ["kind"] = kind,
        ["location"] = new JsonObject { ["kind"] = "static-field", ["type"] = "Demo.C", ["member"] = "x", ["display"] = "Demo.C.x", ["index"] = null, ["valueType"] = "System.Int32" },
        ["current"] = current.DeepClone(),
        ["previous"] = previous.DeepClone(),
    };

    static string Report(TempDirectory temp, string name, int suppressed, params JsonObject[] races)
    {
        var root = new JsonObject
        {
            ["tool"] = new JsonObject { ["name"] = "RaceDetector", ["version"] = "0.1.0" },
            ["races"] = new JsonArray(races.Select(r => (JsonNode)r).ToArray()),
            ["summary"] = new JsonObject { ["races"] = races.Length, ["suppressed"] = suppressed, ["threads"] = 3, ["logicalThreads"] = 1, ["tests"] = new JsonArray(), ["exitCode"] = null },
        };
        string path = temp.File(name);
        File.WriteAllText(path, root.ToJsonString());
        return path;
    }

    [Fact]
    public void Same_race_from_two_processes_is_kept_once_and_totals_add_up()
    {
        using var temp = new TempDirectory("rd-merge");
        var a = Access("T.A", ("Demo.C.Set()", "/src/C.cs", 3));
        Report(temp, "race-1.json", 1, Race("r1", "write-write", a, a), Race("r2", "read-write", a, Access("T.B", ("Demo.C.Get()", "/src/C.cs", 5))));
        Report(temp, "race-2.json", 2, Race("r1", "write-write", a, a));
        File.WriteAllText(temp.File("race-2.log"), "text of race r1\n");
        File.WriteAllText(temp.File("race-3.json.tmp3"), "{ half written");

        var merged = MergedReport.FromFolder(temp.Path);

        Assert.Equal(["r1", "r2"], merged.Races.Select(r => r["id"]!.GetValue<string>()));
        Assert.Equal(3, merged.Suppressed);
        Assert.Equal(2, merged.Processes);
        Assert.Equal(["T.A", "T.B"], merged.Tests);
        Assert.Equal(["text of race r1"], merged.Texts);
        Assert.Equal("RaceDetector: 2 data race(s) in 2 test(s), 3 suppressed", merged.SummaryLine);
        var json = merged.ToJson(66);
        Assert.Equal(6, json["summary"]!["threads"]!.GetValue<int>());
        Assert.Equal(66, json["summary"]!["exitCode"]!.GetValue<int>());
    }

    [Fact]
    public void Sarif_handles_write_read_races_missing_stacks_and_files_outside_the_root()
    {
        using var temp = new TempDirectory("rd-sarif");
        string root = Path.Combine(temp.Path, "repo");
        string inside = Path.Combine(root, "src", "My File.cs");
        var races = new[]
        {
            Race("r1", "write-read", Access("T.A", ("Demo.C.Get()", inside, 12), ("Demo.Program.Main()", null, 0)), Access("T.A")),
            Race("r2", "write-write", Access("T.B", ("Demo.C.Set()", "/elsewhere/C.cs", 4)), Access("T.B", ("Demo.C.Set()", "/elsewhere/C.cs", 4))),
        };

        SarifReport.Write(temp.File("out.sarif"), races, root);

        var results = SarifAssert.Valid(temp.File("out.sarif"))["runs"]![0]!["results"]!;
        Assert.Equal("read-write", (string)results[0]!["ruleId"]!);
        Assert.Equal("src/My%20File.cs", (string)results[0]!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!);
        Assert.Single(results[0]!["codeFlows"]![0]!["threadFlows"]!); // the previous side has no stack
        var outside = results[1]!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!;
        Assert.Equal("file:///elsewhere/C.cs", (string)outside["uri"]!);
        Assert.Null(outside["uriBaseId"]);
        Assert.IsType<JValue>(results[1]!["partialFingerprints"]!["raceDetectorId/v1"]);
    }
}
