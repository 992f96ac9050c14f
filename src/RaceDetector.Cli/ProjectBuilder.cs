using System.Diagnostics;
using System.Text.Json;

namespace RaceDetector.Cli;

/// <summary>Builds projects and solutions with <c>dotnet build</c> and asks MSBuild where their output went.</summary>
internal static class ProjectBuilder
{
    static readonly string[] ProjectExtensions = [".csproj", ".fsproj", ".vbproj"];
    static readonly string[] SolutionExtensions = [".sln", ".slnx", ".slnf"];

    public static bool IsProject(string path) => ProjectExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    public static bool IsSolution(string path) => SolutionExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>The project file named by <paramref name="target"/> (a project file or a folder with one), or null.</summary>
    public static string? FindProject(string target)
    {
        if (File.Exists(target) && IsProject(target))
            return Path.GetFullPath(target);
        if (!Directory.Exists(target))
            return null;
        var projects = Directory.GetFiles(target).Where(IsProject).ToList();
        return projects.Count switch
        {
            1 => Path.GetFullPath(projects[0]),
            0 => null,
            _ => throw new CliException($"{target}: more than one project file; name the one to use"),
        };
    }

    /// <summary>Builds <paramref name="project"/> and returns the path of its output assembly.</summary>
    public static string Build(string project, string configuration, string? framework)
    {
        Compile(project, configuration, framework);
        string path = Properties(project, configuration, framework, "TargetPath")["TargetPath"];
        if (path.Length == 0)
            throw new CliException($"{project}: cannot find the built assembly (multi-targeted? pass --framework)");
        return path;
    }

    /// <summary>Runs <c>dotnet build</c> on a project or solution; a failure is one line naming the first error.</summary>
    public static void Compile(string projectOrSolution, string configuration, string? framework)
    {
        var build = Dotnet.Run(["build", projectOrSolution, "-c", configuration, "--nologo", "-v", "q", .. FrameworkArguments(framework)]);
        if (build.ExitCode != 0)
        {
            string firstError = (build.Output + build.Error).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains(": error ")) ?? "see `dotnet build` output";
            throw new CliException($"{projectOrSolution}: build failed: {firstError}");
        }
    }

    /// <summary>Evaluates MSBuild properties of <paramref name="project"/> (empty when unset).</summary>
    public static IReadOnlyDictionary<string, string> Properties(string project, string configuration, string? framework, params string[] names)
    {
        var query = Dotnet.Run(["msbuild", project, "-nologo", $"-p:Configuration={configuration}",
            .. framework is null ? Array.Empty<string>() : [$"-p:TargetFramework={framework}"],
            .. names.Select(n => $"-getProperty:{n}")]);
        if (query.ExitCode != 0)
            throw new CliException($"{project}: MSBuild cannot evaluate the project: {(query.Output + query.Error).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0)}");
        string output = query.Output.Trim();
        if (names.Length == 1)
            return new Dictionary<string, string> { [names[0]] = output };
        using var json = JsonDocument.Parse(output);
        var properties = json.RootElement.GetProperty("Properties");
        return names.ToDictionary(n => n, n => properties.TryGetProperty(n, out var value) ? value.GetString() ?? "" : "");
    }

    static string[] FrameworkArguments(string? framework) => framework is null ? [] : ["-f", framework];
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

    /// <summary>Runs dotnet to completion and returns its exit code, stdout and stderr.</summary>
    public static (int ExitCode, string Output, string Error) Run(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(HostPath) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new CliException("cannot start dotnet");
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}
