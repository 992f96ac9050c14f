using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Schema;
using Xunit;

namespace RaceDetector.Tests.Support;

/// <summary>Checks a SARIF file against the schema in Sarif/ and against what GitHub code scanning needs of each result.</summary>
public static class SarifAssert
{
    static readonly Lazy<JSchema> s_schema = new(() =>
        JSchema.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Sarif", "sarif-2.1.0-subset.schema.json"))));

    public static JObject Valid(string path)
    {
        var log = JObject.Parse(File.ReadAllText(path));
        bool valid = log.IsValid(s_schema.Value, out IList<ValidationError> errors);
        Assert.True(valid, $"{path} does not match the SARIF 2.1.0 schema:\n" + string.Join("\n", errors.Select(e => $"{e.Path}: {e.Message}")));
        var run = (JObject)log["runs"]![0]!;
        var ruleIds = run["tool"]!["driver"]!["rules"]!.Select(r => (string)r["id"]!).ToList();
        foreach (var result in run["results"]!.Cast<JObject>())
        {
            // GitHub code scanning: a rule, a message text, and a physical location with a line for every result.
            Assert.Contains((string)result["ruleId"]!, ruleIds);
            Assert.Equal(ruleIds.IndexOf((string)result["ruleId"]!), (int)result["ruleIndex"]!);
            Assert.False(string.IsNullOrWhiteSpace((string?)result["message"]!["text"]));
            var physical = result["locations"]![0]!["physicalLocation"]!;
            Assert.False(string.IsNullOrEmpty((string?)physical["artifactLocation"]!["uri"]));
            Assert.True((int)physical["region"]!["startLine"]! >= 1);
            Assert.False(string.IsNullOrEmpty((string?)result["partialFingerprints"]!["raceDetectorId/v1"]));
        }
        return log;
    }
}
