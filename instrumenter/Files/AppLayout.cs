namespace RaceDetector.Instrumenter.Files;

/// <summary>An app's folder, its entry assembly (if it is an app rather than a library folder), and its candidate assemblies.</summary>
internal sealed record AppLayout(string Directory, string? EntryAssembly, IReadOnlyList<string> Candidates, bool EntryNamedExplicitly)
{
    /// <summary>Accepts an app DLL, an apphost executable, or a folder.</summary>
    public static AppLayout For(string input)
    {
        string path = Path.GetFullPath(input);
        if (System.IO.Directory.Exists(path))
            return new AppLayout(path, FindEntry(path), CandidatesIn(path), EntryNamedExplicitly: false);
        if (!File.Exists(path))
            throw new InstrumentationException($"{input}: no such file or folder");

        string directory = Path.GetDirectoryName(path)!;
        string entry = path;
        var file = AssemblyFile.Inspect(path);
        if (file.Kind is AssemblyFileKind.Native or AssemblyFileKind.NotPortableExecutable)
        {
            // An apphost (bin/Debug/net10.0/App, App.exe on Windows) runs App.dll from the same folder; the app's
            // name may hold dots (My.App), so only an .exe extension is replaced.
            string beside = HasExtension(path, ".exe") ? Path.ChangeExtension(path, ".dll") : path + ".dll";
            if (!HasExtension(path, ".dll") && File.Exists(beside)
                && AssemblyFile.Inspect(beside).Kind == AssemblyFileKind.Managed)
                entry = beside;
            else
                throw new InstrumentationException($"{input}: {file.Problem}");
        }
        else if (file.Problem is { } problem)
        {
            throw new InstrumentationException($"{input}: {problem}");
        }
        return new AppLayout(directory, entry, CandidatesIn(directory), EntryNamedExplicitly: true);
    }

    /// <summary>The runtimeconfig.json next to the entry assembly, which makes it a runnable app.</summary>
    public string? RuntimeConfig => EntryAssembly is null ? null : Path.ChangeExtension(EntryAssembly, ".runtimeconfig.json");

    public string? DepsJson => EntryAssembly is null ? null : Path.ChangeExtension(EntryAssembly, ".deps.json");

    static string? FindEntry(string directory)
    {
        var apps = System.IO.Directory.GetFiles(directory, "*.runtimeconfig.json")
            .Select(c => Path.Combine(directory, Path.GetFileName(c).Replace(".runtimeconfig.json", ".dll")))
            .Where(File.Exists)
            .ToList();
        return apps.Count == 1 ? apps[0] : null;
    }

    /// <summary>
    /// The .dll and .exe files, and single-file bundles (Linux and macOS apphosts have no extension, or the
    /// app's dotted name), so that a published bundle is listed with its reason rather than silently left out.
    /// </summary>
    static IReadOnlyList<string> CandidatesIn(string directory) =>
        System.IO.Directory.GetFiles(directory)
            .Where(f => HasExtension(f, ".dll", ".exe") || (!HasExtension(f, ".so", ".dylib") && SingleFileBundle.Is(f)))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();

    static bool HasExtension(string path, params string[] extensions) =>
        extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));
}
