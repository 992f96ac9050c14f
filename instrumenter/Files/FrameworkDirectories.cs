using System.Text.Json.Nodes;

namespace RaceDetector.Instrumenter.Files;

/// <summary>Where the shared frameworks an app runs on live, and which .NET version the app targets.</summary>
internal static class FrameworkDirectories
{
    /// <summary>The newest installed version of every shared framework (Microsoft.NETCore.App, Microsoft.AspNetCore.App, ...).</summary>
    public static IReadOnlyList<string> All()
    {
        string coreDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string? sharedRoot = Path.GetDirectoryName(Path.GetDirectoryName(coreDirectory));
        var directories = new List<string> { coreDirectory };
        if (sharedRoot is null || !Directory.Exists(sharedRoot))
            return directories;
        foreach (var framework in Directory.GetDirectories(sharedRoot))
        {
            var newest = Directory.GetDirectories(framework)
                .Select(d => (Path: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
                .Where(d => d.Version is not null)
                .OrderByDescending(d => d.Version)
                .FirstOrDefault();
            if (newest.Path is not null && !directories.Contains(newest.Path))
                directories.Add(newest.Path);
        }
        return directories;
    }

    /// <summary>True for assemblies that ship in a shared framework: they are never instrumented.</summary>
    public static bool IsFrameworkAssembly(string assemblyName, IReadOnlyList<string> frameworkDirectories) =>
        frameworkDirectories.Any(d => File.Exists(Path.Combine(d, assemblyName + ".dll")));

    /// <summary>The major .NET version in an app's runtimeconfig.json ("tfm": "net8.0"), or null.</summary>
    public static int? TargetMajorVersion(string runtimeConfigPath)
    {
        if (!File.Exists(runtimeConfigPath))
            return null;
        try
        {
            string? tfm = JsonNode.Parse(File.ReadAllText(runtimeConfigPath))?["runtimeOptions"]?["tfm"]?.GetValue<string>();
            if (tfm is null || !tfm.StartsWith("net", StringComparison.Ordinal))
                return null;
            return Version.TryParse(tfm.Substring(3), out var version) ? version.Major : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
