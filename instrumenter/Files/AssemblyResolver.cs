using Mono.Cecil;

namespace RaceDetector.Instrumenter.Files;

/// <summary>
/// Resolves references for Cecil: the assemblies being instrumented resolve to the very definitions
/// being rewritten (so field lookups see the added shadows), everything else is read from the app
/// folder and the shared frameworks. Matching is by simple name, as the runtime's binder does for the app.
/// </summary>
internal sealed class AssemblyResolver(IReadOnlyList<string> searchDirectories) : IAssemblyResolver
{
    readonly Dictionary<string, AssemblyDefinition> _loaded = new(StringComparer.OrdinalIgnoreCase);
    readonly List<AssemblyDefinition> _owned = new();

    /// <summary>Makes <paramref name="assembly"/> the answer for its name.</summary>
    public void Register(AssemblyDefinition assembly) => _loaded[assembly.Name.Name] = assembly;

    public AssemblyDefinition Resolve(AssemblyNameReference name) => Resolve(name, new ReaderParameters());

    public AssemblyDefinition Resolve(AssemblyNameReference name, ReaderParameters parameters)
    {
        if (_loaded.TryGetValue(name.Name, out var known))
            return known;
        foreach (var directory in searchDirectories)
        {
            foreach (var extension in new[] { ".dll", ".exe" })
            {
                string path = Path.Combine(directory, name.Name + extension);
                if (!File.Exists(path))
                    continue;
                var assembly = AssemblyDefinition.ReadAssembly(path, new ReaderParameters
                {
                    AssemblyResolver = this,
                    ReadingMode = ReadingMode.Deferred,
                    InMemory = true,
                });
                _loaded[name.Name] = assembly;
                _owned.Add(assembly);
                return assembly;
            }
        }
        throw new AssemblyResolutionException(name);
    }

    /// <summary>True when <paramref name="name"/> can be found.</summary>
    public bool CanResolve(AssemblyNameReference name)
    {
        try
        {
            Resolve(name);
            return true;
        }
        catch (Exception ex) when (ex is AssemblyResolutionException or BadImageFormatException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        foreach (var assembly in _owned)
            assembly.Dispose();
        _owned.Clear();
        _loaded.Clear();
    }
}
