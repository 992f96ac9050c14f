using Newtonsoft.Json.Linq;
using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>The SARIF written by <c>racedetector test --sarif</c> for the Inventory samples.</summary>
public class SarifReportTests
{
    static JObject Result(TestCommandRun run) => (JObject)SarifAssert.Valid(run.SarifPath)["runs"]![0]!["results"]!.Single();

    [Fact]
    public void Matches_the_schema_and_has_one_rule_per_race_kind()
    {
        var log = SarifAssert.Valid(InventoryRuns.XunitV2.SarifPath);

        Assert.Equal("2.1.0", (string)log["version"]!);
        var driver = log["runs"]![0]!["tool"]!["driver"]!;
        Assert.Equal("RaceDetector", (string)driver["name"]!);
        Assert.Equal(["write-write", "read-write"], driver["rules"]!.Select(r => (string)r["id"]!));
    }

    [Fact]
    public void The_result_points_at_both_racy_accesses_with_repository_relative_paths()
    {
        var run = InventoryRuns.XunitV2;
        var result = Result(run);
        var race = Assert.Single(run.Report.Races);

        Assert.Equal("write-write", (string)result["ruleId"]!);
        Assert.Equal("error", (string)result["level"]!);
        Assert.Contains("Inventory.StockCounter._onHand", (string)result["message"]!["text"]!);
        Assert.Contains(InventoryRuns.RacyTest, (string)result["message"]!["text"]!);
        foreach (var location in new[] { result["locations"]![0]!, result["relatedLocations"]![0]! })
        {
            var physical = location["physicalLocation"]!;
            Assert.Equal("samples/Inventory/StockCounter.cs", (string)physical["artifactLocation"]!["uri"]!);
            Assert.Equal("SRCROOT", (string)physical["artifactLocation"]!["uriBaseId"]!);
            Assert.Equal(InventoryRuns.RacyLine, (int)physical["region"]!["startLine"]!);
        }
        Assert.Equal(1, (int)result["relatedLocations"]![0]!["id"]!);
        var root = (string)SarifAssert.Valid(run.SarifPath)["runs"]![0]!["originalUriBaseIds"]!["SRCROOT"]!["uri"]!;
        Assert.Equal(new Uri(Repo.Root + Path.DirectorySeparatorChar).AbsoluteUri, root);
        Assert.Equal(race.Id, (string)result["partialFingerprints"]!["raceDetectorId/v1"]!);
    }

    [Fact]
    public void Both_stacks_are_thread_flows_outermost_frame_first()
    {
        var run = InventoryRuns.XunitV2;
        var race = Assert.Single(run.Report.Races);
        var flows = Result(run)["codeFlows"]![0]!["threadFlows"]!;

        Assert.Equal(["current", "previous"], flows.Select(f => (string)f["id"]!));
        var current = flows[0]!["locations"]!.ToList();
        Assert.Equal(race.Current.Stack.Count, current.Count);
        Assert.Equal(race.Current.Stack.Select(f => f.Method).Reverse(),
            current.Select(l => (string)l["location"]!["logicalLocations"]![0]!["fullyQualifiedName"]!));
        Assert.Equal(Enumerable.Range(0, current.Count), current.Select(l => (int)l["nestingLevel"]!));
        var innermost = current[^1]["location"]!["physicalLocation"]!;
        Assert.Equal(InventoryRuns.RacyLine, (int)innermost["region"]!["startLine"]!);
    }

    [Fact]
    public void Fingerprints_are_stable_across_runs_and_test_frameworks()
    {
        // Two runs, two test frameworks, two processes: the same race keeps the same fingerprint.
        string FingerPrint(TestCommandRun run) => (string)Result(run)["partialFingerprints"]!["raceDetectorId/v1"]!;

        Assert.Equal(FingerPrint(InventoryRuns.XunitV2), FingerPrint(InventoryRuns.XunitV3));
    }

    [Fact]
    public void Run_writes_sarif_too()
    {
        using var temp = new TempDirectory("rd-run-sarif");
        var run = SampleRun.Of("LostUpdate", "Debug", "--sarif", temp.File("races.sarif"));

        Assert.Equal(66, run.Process.ExitCode);
        var result = (JObject)SarifAssert.Valid(temp.File("races.sarif"))["runs"]![0]!["results"]!.Single();
        var physical = result["locations"]![0]!["physicalLocation"]!;
        Assert.Equal("samples/LostUpdate/Program.cs", (string)physical["artifactLocation"]!["uri"]!);
        Assert.Equal(run.Line("// RACE: count"), (int)physical["region"]!["startLine"]!);
    }
}
