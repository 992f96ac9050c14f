using Xunit.Sdk;

namespace RaceDetector.Tests.Support;

/// <summary>
/// Builds of one program of <c>tests/Programs</c>, each variant (a configuration, a PDB kind, a publish...) made
/// once, into a folder of its own with its own intermediate files (<c>--artifacts-path</c>), so that variants never
/// share an obj/ folder. Owned by a class fixture: the builds are deleted with it.
/// </summary>
public sealed class ProgramBuilds(string name) : IDisposable
{
    readonly TempDirectory _root = new("rd-builds");
    readonly Dictionary<string, string> _outputs = new();
    readonly object _gate = new();

    public string Name { get; } = name;

    public string Project { get; } = Path.Combine(Repo.Root, "tests", "Programs", name);

    /// <summary>
    /// The output folder of <c>dotnet &lt;verb&gt; Project &lt;arguments&gt;</c> (verb <c>build</c> or <c>publish</c>),
    /// run the first time <paramref name="variant"/> is asked for.
    /// </summary>
    public string Output(string variant, string verb, params string[] arguments)
    {
        lock (_gate)
        {
            if (_outputs.TryGetValue(variant, out var built))
                return built;
            string folder = _root.File(variant);
            var build = ProcessRunner.Dotnet([verb, Project, .. arguments, "--artifacts-path", Path.Combine(folder, "artifacts"),
                "-o", Path.Combine(folder, "out"), "--nologo", "-v", "q"]);
            if (build.ExitCode != 0)
                throw new XunitException($"dotnet {verb} {Name} ({variant}) failed: {build}");
            return _outputs[variant] = Path.Combine(folder, "out");
        }
    }

    /// <summary>The program's entry assembly in the <paramref name="variant"/> build.</summary>
    public string Assembly(string variant, string verb, params string[] arguments) =>
        Path.Combine(Output(variant, verb, arguments), Name + ".dll");

    public void Dispose() => _root.Dispose();
}
