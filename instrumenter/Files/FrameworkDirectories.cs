using System.Text.Json.Nodes;

namespace RaceDetector.Instrumenter.Files;

/// <summary>An installed shared framework: its name (Microsoft.NETCore.App, ...) and the folder of the version used.</summary>
internal sealed record SharedFramework(string Name, string Directory);

/// <summary>Where the shared frameworks an app runs on live, and which .NET version the app targets.</summary>
internal static class FrameworkDirectories
{
    const string CoreFramework = "Microsoft.NETCore.App";

    /// <summary>The newest installed version of every shared framework (Microsoft.NETCore.App, Microsoft.AspNetCore.App, ...).</summary>
    public static IReadOnlyList<SharedFramework> Installed()
    {
        string coreDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string? sharedRoot = Path.GetDirectoryName(Path.GetDirectoryName(coreDirectory));
        var frameworks = new List<SharedFramework> { new(CoreFramework, coreDirectory) };
        if (sharedRoot is null || !Directory.Exists(sharedRoot))
            return frameworks;
        foreach (var framework in Directory.GetDirectories(sharedRoot))
        {
            var newest = Directory.GetDirectories(framework)
                .Select(d => (Path: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
                .Where(d => d.Version is not null)
                .OrderByDescending(d => d.Version)
                .FirstOrDefault();
            if (newest.Path is not null && frameworks.All(f => f.Directory != newest.Path))
                frameworks.Add(new SharedFramework(Path.GetFileName(framework), newest.Path));
        }
        return frameworks;
    }

    /// <summary>
    /// The folders of the frameworks an app runs on: those its runtimeconfig.json names (<c>framework</c>, <c>frameworks</c>,
    /// or <c>includedFrameworks</c> when self-contained), and Microsoft.NETCore.App always. Only their assemblies are the
    /// framework's: a console app's NuGet copy of Microsoft.Extensions.* is its own, although ASP.NET Core ships one too.
    /// </summary>
    public static IReadOnlyList<string> UsedBy(string? runtimeConfigPath, IReadOnlyList<SharedFramework> installed)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { CoreFramework };
        var options = RuntimeOptions(runtimeConfigPath);
        var listed = new[] { options?["framework"] }
            .Concat(new[] { "frameworks", "includedFrameworks" }.SelectMany(key => options?[key] as JsonArray ?? []));
        foreach (var framework in listed)
        {
            if ((framework as JsonObject)?["name"] is JsonValue name && name.TryGetValue(out string? text))
                names.Add(text);
        }
        return installed.Where(f => names.Contains(f.Name)).Select(f => f.Directory).ToList();
    }

    /// <summary>True for assemblies that ship in one of <paramref name="frameworkDirectories"/>: they are never instrumented.</summary>
    public static bool IsFrameworkAssembly(string assemblyName, IReadOnlyList<string> frameworkDirectories) =>
        frameworkDirectories.Any(d => File.Exists(Path.Combine(d, assemblyName + ".dll")));

    /// <summary>The major .NET version in an app's runtimeconfig.json ("tfm": "net8.0"), or null.</summary>
    public static int? TargetMajorVersion(string runtimeConfigPath)
    {
        string? tfm = RuntimeOptions(runtimeConfigPath)?["tfm"] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
        if (tfm is null || !tfm.StartsWith("net", StringComparison.Ordinal))
            return null;
        return Version.TryParse(tfm.Substring(3), out var version) ? version.Major : null;
    }

    /// <summary>The <c>runtimeOptions</c> object of a runtimeconfig.json, or null when there is none or it is not JSON.</summary>
    static JsonObject? RuntimeOptions(string? runtimeConfigPath)
    {
        if (runtimeConfigPath is null || !File.Exists(runtimeConfigPath))
            return null;
        try
        {
            return (JsonNode.Parse(File.ReadAllText(runtimeConfigPath)) as JsonObject)?["runtimeOptions"] as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
