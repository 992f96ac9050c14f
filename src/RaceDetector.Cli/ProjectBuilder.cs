using System.Diagnostics;

namespace RaceDetector.Cli;

/// <summary>Builds a project with <c>dotnet build</c> and finds the assembly it produced.</summary>
internal static class ProjectBuilder
{
    static readonly string[] ProjectExtensions = [".csproj", ".fsproj", ".vbproj"];

    /// <summary>The project file named by <paramref name="target"/> (a project file or a folder with one), or null.</summary>
    public static string? FindProject(string target)
    {
        if (File.Exists(target) && ProjectExtensions.Contains(Path.GetExtension(target), StringComparer.OrdinalIgnoreCase))
            return Path.GetFullPath(target);
        if (!Directory.Exists(target))
            return null;
        var projects = Directory.GetFiles(target).Where(f => ProjectExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)).ToList();
        return projects.Count switch
        {
            1 => Path.GetFullPath(projects[0]),
            0 => null,
            _ => throw new CliException($"{target}: more than one project file; name the one to run"),
        };
    }

    /// <summary>Builds <paramref name="project"/> and returns the path of its output assembly.</summary>
    public static string Build(string project, string configuration, string? framework)
    {
        var frameworkArguments = framework is null ? Array.Empty<string>() : ["-f", framework];
        var build = Dotnet.Run(["build", project, "-c", configuration, "--nologo", "-v", "q", .. frameworkArguments]);
        if (build.ExitCode != 0)
        {
            string firstError = build.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains(": error ")) ?? "see `dotnet build` output";
            throw new CliException($"{project}: build failed: {firstError}");
        }
        var query = Dotnet.Run(["msbuild", project, "-getProperty:TargetPath", $"-p:Configuration={configuration}", .. framework is null ? Array.Empty<string>() : [$"-p:TargetFramework={framework}"]]);
        string path = query.Output.Trim();
        if (query.ExitCode != 0 || path.Length == 0 || path.Contains('\n'))
            throw new CliException($"{project}: cannot find the built assembly (multi-targeted? pass --framework)");
        return path;
    }
}

/// <summary>Runs the dotnet host that runs this tool.</summary>
internal static class Dotnet
{
    /// <summary>Path of the <c>dotnet</c> host: the one running us, or the one named by DOTNET_HOST_PATH, or PATH's.</summary>
    public static string HostPath
    {
        get
        {
            if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath)
                return hostPath;
            string? self = Environment.ProcessPath;
            return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        }
    }

    public static (int ExitCode, string Output) Run(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(HostPath) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new CliException("cannot start dotnet");
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
