namespace RaceDetector.Instrumenter.Binding;

/// <summary>
/// The runtime is built twice: for .NET 8 (no System.Threading.Lock) and for .NET 9 and later. Both are
/// shipped next to the instrumenter as <c>detector-runtime/&lt;tfm&gt;/RaceDetector.Runtime.dll</c>.
/// </summary>
public static class RuntimeFlavors
{
    /// <summary>The runtime flavor (a target framework moniker) for an app targeting .NET <paramref name="majorVersion"/>.</summary>
    public static string ForTarget(int? majorVersion) => majorVersion is >= 9 or null ? "net9.0" : "net8.0";

    /// <summary>Full path of the runtime DLL of <paramref name="flavor"/>.</summary>
    public static string PathOf(string flavor)
    {
        string directory = Path.GetDirectoryName(typeof(RuntimeFlavors).Assembly.Location)!;
        string path = Path.Combine(directory, "detector-runtime", flavor, RuntimeContract.AssemblyName + ".dll");
        if (!File.Exists(path))
            throw new InstrumentationException($"{path}: the detector runtime is missing from the tool's installation");
        return path;
    }
}
