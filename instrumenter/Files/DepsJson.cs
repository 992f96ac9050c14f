using System.Text.Json;
using System.Text.Json.Nodes;

namespace RaceDetector.Instrumenter.Files;

/// <summary>
/// Lists the detector runtime in an app's deps.json. The host only loads assemblies its deps.json
/// names, so without this entry the rewritten code fails with FileNotFoundException.
/// </summary>
internal static class DepsJson
{
    public static void AddRuntime(string depsJsonPath, string appName, string runtimeName, Version runtimeVersion)
    {
        var root = JsonNode.Parse(File.ReadAllText(depsJsonPath)) as JsonObject
            ?? throw new InstrumentationException($"{depsJsonPath}: not a valid deps.json file");
        string library = $"{runtimeName}/{runtimeVersion.ToString(3)}";
        if (root["targets"] is JsonObject targets)
        {
            foreach (var (_, target) in targets)
            {
                if (target is not JsonObject entries)
                    continue;
                foreach (var (name, entry) in entries)
                {
                    if (name.StartsWith(appName + "/", StringComparison.OrdinalIgnoreCase) && entry is JsonObject app)
                    {
                        var dependencies = app["dependencies"] as JsonObject ?? new JsonObject();
                        dependencies[runtimeName] = runtimeVersion.ToString(3);
                        app["dependencies"] = dependencies;
                    }
                }
                entries[library] = new JsonObject
                {
                    ["runtime"] = new JsonObject { [runtimeName + ".dll"] = new JsonObject() },
                };
            }
        }
        var libraries = root["libraries"] as JsonObject ?? new JsonObject();
        libraries[library] = new JsonObject { ["type"] = "project", ["serviceable"] = false, ["sha512"] = "" };
        root["libraries"] = libraries;
        File.WriteAllText(depsJsonPath, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
