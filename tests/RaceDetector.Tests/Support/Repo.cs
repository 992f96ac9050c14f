namespace RaceDetector.Tests.Support;

/// <summary>Paths in the repository and in the test output.</summary>
public static class Repo
{
    /// <summary>The repository root: the folder holding RaceDetector.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Samples => Path.Combine(Root, "samples");

    public static string Sample(string name) => Path.Combine(Samples, name);

    /// <summary>The CLI, as built next to the tests.</summary>
    public static string Cli => Path.Combine(AppContext.BaseDirectory, "racedetector.dll");

    static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RaceDetector.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException("cannot find RaceDetector.sln above " + AppContext.BaseDirectory);
    }
}
