using System.Reflection;
using System.Text.Json;
using Mono.Cecil;
using RaceDetector.Instrumenter.Binding;
using RaceDetector.Instrumenter.Files;
using RaceDetector.Instrumenter.Il;
using RaceDetector.Instrumenter.Shadows;

namespace RaceDetector.Instrumenter;

/// <summary>
/// Instruments an app (its assembly and its non-framework dependencies) into an output folder:
/// reads, adds shadows to every selected module, rewrites all methods at each module's
/// <see cref="InstrumentationLevel"/>, then writes the complete output through a staging folder with
/// the runtime beside it. The input is never modified.
/// </summary>
public static class AppInstrumenter
{
    /// <summary>The tool version stamped into every rewritten module.</summary>
    public static string ToolVersion { get; } =
        typeof(AppInstrumenter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>
    /// Identifies this exact build of the instrumenter and its runtimes (not just the version), so caches
    /// of instrumented apps are not reused across rebuilds of the tool.
    /// </summary>
    public static string BuildFingerprint { get; } = ComputeFingerprint();

    static string ComputeFingerprint()
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(ToolVersion + typeof(AppInstrumenter).Assembly.ManifestModule.ModuleVersionId));
        foreach (var flavor in new[] { RuntimeFlavors.ForTarget(8), RuntimeFlavors.ForTarget(null) })
        {
            string path = Path.Combine(Path.GetDirectoryName(typeof(AppInstrumenter).Assembly.Location)!, "detector-runtime", flavor, RuntimeContract.AssemblyName + ".dll");
            if (File.Exists(path))
                hash.AppendData(File.ReadAllBytes(path));
        }
        return Convert.ToHexString(hash.GetHashAndReset())[..16];
    }

    /// <summary>
    /// The app assembly <paramref name="input"/> names: the file itself, the .dll an apphost runs, or a folder's one app.
    /// </summary>
    /// <exception cref="InstrumentationException">The input is not an assembly, or a folder without exactly one app.</exception>
    public static string EntryAssemblyOf(string input) =>
        AppLayout.For(input).EntryAssembly ?? throw new InstrumentationException($"{input}: not one app's folder; name the app's .dll");

    /// <summary>Instruments <paramref name="input"/> (an app DLL, apphost or folder) into <paramref name="outputDirectory"/>.</summary>
    /// <exception cref="InstrumentationException">The input cannot be instrumented; the message says why.</exception>
    public static InstrumentResult Instrument(string input, string outputDirectory, InstrumentOptions options)
    {
        var layout = AppLayout.For(input);
        var installed = FrameworkDirectories.Installed();
        var appFrameworks = FrameworkDirectories.UsedBy(layout.RuntimeConfig, installed);
        var outcomes = new List<AssemblyOutcome>();
        var selected = new List<(AssemblyFile File, AssemblySelection Selection)>();
        bool anyAssembly = false;
        foreach (var path in layout.Candidates)
        {
            var file = AssemblyFile.Inspect(path);
            anyAssembly |= file.Kind == AssemblyFileKind.Managed;
            var selection = Select(file, options, appFrameworks);
            if (selection.Level is not null)
                selected.Add((file, selection));
            else if (path == layout.EntryAssembly && layout.EntryNamedExplicitly && file.InstrumentedBy is null)
                throw new InstrumentationException($"{path}: cannot instrument: {selection.Reason}");
            else
                outcomes.Add(new AssemblyOutcome(Path.GetFileName(path), AssemblyAction.Copied, selection.Reason, 0));
        }
        if (!anyAssembly) // a folder of native files or bundles only: an output would be a mere copy
            throw new InstrumentationException($"{layout.Directory}: no .NET assembly to instrument"
                + (outcomes.FirstOrDefault() is { } first ? $"; {first.FileName}: {first.Reason}" : ""));

        string flavor = RuntimeFlavors.ForTarget(layout.RuntimeConfig is { } config ? FrameworkDirectories.TargetMajorVersion(config) : null);
        var runtime = RuntimeContract.Load(RuntimeFlavors.PathOf(flavor));
        using var resolver = new AssemblyResolver([layout.Directory, .. installed.Select(f => f.Directory)]);
        var assemblies = selected.Select(f => (f.File, f.Selection, Assembly: ReadChecked(f.File.Path, resolver))).ToList();
        foreach (var (_, _, assembly) in assemblies)
            resolver.Register(assembly);
        foreach (var (file, _, assembly) in assemblies)
            CheckDependencies(file.Path, assembly, resolver);

        var modules = assemblies.Select(a => a.Assembly.MainModule).ToList();
        var shadows = new ShadowFields(new SynchronizationFields(modules)); // before any body is rewritten
        var refs = new RefEffects(modules);
        var constructionHelpers = new ConstructionHelpers(modules);
        var constructorEscapes = new ConstructorEscapes(modules, constructionHelpers);
        var consumedFields = new ConsumedFields(modules);
        var contexts = new List<(AssemblyFile File, AssemblySelection Selection, AssemblyDefinition Assembly, ModuleContext Context, TypeDefinition Marker)>();
        foreach (var (file, selection, assembly) in assemblies)
        {
            var module = assembly.MainModule;
            var level = selection.Level!.Value;
            var hooks = new HookReferences(module, runtime);
            shadows.AddShadows(module, hooks, level);
            var (marker, siteBase) = ModuleRewriter.AddMarker(module, ToolVersion, options.Selection);
            contexts.Add((file, selection, assembly,
                new ModuleContext(module, level, hooks, shadows, refs, constructionHelpers, constructorEscapes, consumedFields, runtime, siteBase), marker));
        }
        foreach (var (file, _, _, context, marker) in contexts)
            RewriteChecked(file.Path, context, marker);

        using var output = new OutputFolder(outputDirectory);
        output.CopyFrom(layout.Directory);
        foreach (var (file, selection, assembly, context, _) in contexts)
        {
            WriteChecked(assembly, Path.Combine(output.Staging, Path.GetFileName(file.Path)));
            outcomes.Add(AssemblyOutcome.Rewritten(Path.GetFileName(file.Path), selection, context.Sites.Count));
        }
        File.Copy(runtime.Path, Path.Combine(output.Staging, Path.GetFileName(runtime.Path)), overwrite: true);
        if (options.RuntimeOptions is { } settings)
            File.WriteAllText(Path.Combine(output.Staging, RuntimeContract.OptionsFileName), settings);
        if (layout.DepsJson is { } deps && File.Exists(deps))
            DepsJson.AddRuntime(Path.Combine(output.Staging, Path.GetFileName(deps)), Path.GetFileNameWithoutExtension(layout.EntryAssembly!),
                RuntimeContract.AssemblyName, runtime.Version);
        output.Commit(JsonSerializer.Serialize(new { tool = "RaceDetector", version = ToolVersion, options = options.Key, flavor }));

        string? entry = layout.EntryAssembly is null ? null : Path.Combine(output.Final, Path.GetFileName(layout.EntryAssembly));
        return new InstrumentResult(output.Final, entry, flavor, outcomes.OrderBy(o => o.FileName, StringComparer.Ordinal).ToList());
    }

    static AssemblySelection Select(AssemblyFile file, InstrumentOptions options, IReadOnlyList<string> appFrameworks)
    {
        if (file.Problem is { } problem)
            return AssemblySelection.LeftAlone(problem);
        string name = file.AssemblyName!;
        if (name == RuntimeContract.AssemblyName)
            return AssemblySelection.LeftAlone("the detector's runtime, replaced by this version's"); // in the output of an earlier instrumentation
        if (FrameworkDirectories.IsFrameworkAssembly(name, appFrameworks))
            return AssemblySelection.LeftAlone("part of the shared framework");
        if (file.InstrumentedBy is { } stamp)
            return AssemblySelection.LeftAlone(AlreadyInstrumented(file.Path, name, stamp, options));
        return options.Select(name);
    }

    /// <summary>
    /// An instrumented module no longer holds its original IL, so it is kept as it is only when this version with
    /// these options would have made it; anything else is refused, as mixing selections would go unnoticed.
    /// </summary>
    static string AlreadyInstrumented(string path, string name, InstrumentationStamp stamp, InstrumentOptions options)
    {
        const string Original = "instrument the original build instead";
        if (stamp.Version != ToolVersion)
            throw new InstrumentationException($"{path}: already instrumented by RaceDetector {stamp.Version}; {Original}");
        if (options.Select(name) is { Level: null, Reason: var excluded })
            throw new InstrumentationException($"{path}: already instrumented, but now {excluded}; {Original}");
        if (stamp.Selection != options.Selection)
            throw new InstrumentationException($"{path}: already instrumented with other options ({Describe(stamp.Selection)}); {Original}");
        return "already instrumented by this RaceDetector version";
    }

    static string Describe(string? selection) => selection switch
    {
        null => "not recorded",
        "" => "the default selection",
        _ => selection,
    };

    static AssemblyDefinition ReadChecked(string path, AssemblyResolver resolver)
    {
        try
        {
            return ModuleWriter.Read(path, resolver);
        }
        catch (IOException ex)
        {
            throw new InstrumentationException($"{path}: cannot read the assembly: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is not InstrumentationException)
        {
            // Headers that pass inspection can still hold corrupt tables or signatures, which Cecil meets
            // as out-of-range indexes and the like: that is bad input, not a bug of ours.
            throw new InstrumentationException($"{path}: not a valid .NET assembly (its metadata is corrupt)", ex);
        }
    }

    /// <summary>A missing dependency would fail the program at run time; say so now, by name.</summary>
    static void CheckDependencies(string path, AssemblyDefinition assembly, AssemblyResolver resolver)
    {
        foreach (var reference in assembly.MainModule.AssemblyReferences)
        {
            if (!resolver.CanResolve(reference))
                throw new InstrumentationException(
                    $"{path}: depends on {reference.Name} {reference.Version}, which is neither in the app folder nor in an installed shared framework");
        }
    }

    static void RewriteChecked(string path, ModuleContext context, TypeDefinition marker)
    {
        try
        {
            ModuleRewriter.Rewrite(context, marker);
        }
        catch (Exception ex) when (ex is not InstrumentationException)
        {
            throw new InstrumentationException($"{path}: cannot instrument: {ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    static void WriteChecked(AssemblyDefinition assembly, string path)
    {
        try
        {
            ModuleWriter.Write(assembly, path);
        }
        catch (Exception ex) when (ex is not InstrumentationException)
        {
            throw new InstrumentationException($"{path}: cannot write the instrumented assembly: {ex.Message}", ex);
        }
    }
}
