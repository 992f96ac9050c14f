using System.Text.Json.Nodes;

namespace RaceDetector.Cli.Reports;

/// <summary>Reads the parts of a JSON race report that the CLI's writers (SARIF, MSBuild errors) need.</summary>
internal static class RaceJson
{
    public static JsonObject Side(JsonObject race, string name) => race[name] as JsonObject ?? new JsonObject();

    public static string Kind(JsonObject race) => race["kind"]?.GetValue<string>() ?? "";

    public static string Location(JsonObject race) => race["location"]?["display"]?.GetValue<string>() ?? "?";

    public static string? Test(JsonObject access) => access["test"]?.GetValue<string>();

    public static List<JsonObject> Frames(JsonObject access) => (access["stack"] as JsonArray ?? []).OfType<JsonObject>().ToList();

    public static string Method(JsonObject frame) => frame["method"]?.GetValue<string>() ?? "?";

    public static string? File(JsonObject frame) => frame["file"]?.GetValue<string>();

    public static int Line(JsonObject frame) => frame["line"] is JsonValue value && value.TryGetValue(out int line) ? line : 0;

    /// <summary>"write by thread receiver-2 (in test X)".</summary>
    public static string Describe(JsonObject access)
    {
        string operation = (access["volatile"]?.GetValue<bool>() == true ? "atomic " : "") + (access["operation"]?.GetValue<string>() ?? "access");
        var thread = access["thread"];
        string name = thread?["name"]?.GetValue<string>() is { } threadName ? $"thread {threadName}" : $"thread {thread?["id"]}";
        if (thread?["kind"]?.GetValue<string>() is { } threadKind && threadKind != "thread")
            name = $"{threadKind} #{thread?["logicalId"]}";
        string test = Test(access) is { } testName ? $" (in test {testName})" : "";
        return $"{operation} by {name}{test}";
    }

    /// <summary>The innermost frame with a source line, preferring files that <paramref name="preferred"/> accepts.</summary>
    public static JsonObject? SourceFrame(JsonObject access, Func<string, bool> preferred)
    {
        var withFile = Frames(access).Where(f => File(f) is not null && Line(f) > 0).ToList();
        return withFile.FirstOrDefault(f => preferred(File(f)!)) ?? withFile.FirstOrDefault();
    }
}
