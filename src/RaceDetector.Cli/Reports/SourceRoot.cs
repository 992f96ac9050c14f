namespace RaceDetector.Cli.Reports;

/// <summary>The folder report paths are made relative to.</summary>
internal static class SourceRoot
{
    /// <summary>The git work tree that holds <paramref name="target"/>, else the current folder.</summary>
    public static string Around(string target)
    {
        string full = Path.GetFullPath(target);
        for (var directory = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full).Directory; directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, ".git")) || File.Exists(Path.Combine(directory.FullName, ".git")))
                return directory.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}
