namespace RaceDetector.Cli;

/// <summary>What <c>racedetector test</c> was pointed at: what to build, and the projects that may hold tests.</summary>
internal sealed record TestTarget(IReadOnlyList<string> BuildTargets, IReadOnlyList<string> Projects)
{
    /// <summary>A test project file, a solution, or a folder holding one solution, one project, or projects further down.</summary>
    public static TestTarget Resolve(string target)
    {
        if (File.Exists(target))
        {
            string full = Path.GetFullPath(target);
            if (ProjectBuilder.IsProject(full))
                return new TestTarget([full], [full]);
            if (ProjectBuilder.IsSolution(full))
                return new TestTarget([full], SolutionProjects(full));
            throw new CliException($"{target}: not a project or solution file");
        }
        if (!Directory.Exists(target))
            throw new CliException($"{target}: no such project, solution or folder");
        var solutions = Directory.GetFiles(target).Where(ProjectBuilder.IsSolution).ToList();
        if (solutions.Count > 1)
            throw new CliException($"{target}: more than one solution file; name the one to test");
        if (solutions.Count == 1)
            return Resolve(solutions[0]);
        if (ProjectBuilder.FindProject(target) is { } project)
            return new TestTarget([project], [project]);
        var nested = Directory.EnumerateFiles(target, "*.*proj", SearchOption.AllDirectories)
            .Where(ProjectBuilder.IsProject)
            .Where(p => !Path.GetRelativePath(target, p).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Select(Path.GetFullPath)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (nested.Count == 0)
            throw new CliException($"{target}: no project or solution file in this folder or below it");
        return new TestTarget(nested, nested);
    }

    static List<string> SolutionProjects(string solution)
    {
        var list = Dotnet.Run(["sln", solution, "list"]);
        if (list.ExitCode != 0)
            throw new CliException($"{solution}: cannot list the solution's projects: {list.Error.Trim().Split('\n')[0]}");
        string folder = Path.GetDirectoryName(solution)!;
        return list.Output.Split('\n')
            .Select(l => l.Trim())
            .Where(ProjectBuilder.IsProject)
            .Select(l => Path.GetFullPath(Path.Combine(folder, l.Replace('\\', Path.DirectorySeparatorChar))))
            .ToList();
    }

    /// <summary>The built test assemblies: one per test project and target framework.</summary>
    public IReadOnlyList<string> TestAssemblies(string configuration, string? framework)
    {
        var assemblies = new List<string>();
        foreach (var project in Projects)
        {
            var properties = ProjectBuilder.Properties(project, configuration, framework, "IsTestProject", "TargetPath", "TargetFrameworks");
            if (!string.Equals(properties["IsTestProject"], "true", StringComparison.OrdinalIgnoreCase))
                continue;
            if (properties["TargetPath"].Length > 0)
            {
                assemblies.Add(Built(project, properties["TargetPath"]));
                continue;
            }
            foreach (var tfm in properties["TargetFrameworks"].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                assemblies.Add(Built(project, ProjectBuilder.Properties(project, configuration, tfm, "TargetPath")["TargetPath"]));
        }
        if (assemblies.Count == 0)
            throw new CliException($"{string.Join(", ", BuildTargets)}: no test projects found (a test project references Microsoft.NET.Test.Sdk; is it restored?)");
        return assemblies;
    }

    static string Built(string project, string targetPath)
    {
        if (!File.Exists(targetPath))
            throw new CliException($"{project}: {targetPath} is not built; build it first or drop --no-build");
        return targetPath;
    }
}
