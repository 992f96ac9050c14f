using System.Security.Cryptography;
using System.Text;
using RaceDetector.Instrumenter;

namespace RaceDetector.Cli;

/// <summary>
/// Instrumented copies of apps, kept in a cache folder keyed by a hash of the app folder's content,
/// the tool's build and the options, so running the same build again skips instrumentation.
/// </summary>
internal static class InstrumentCache
{
    const int EntriesKept = 16;

    /// <summary>The cache root: RACEDETECTOR_CACHE, else $XDG_CACHE_HOME/racedetector, else ~/.cache/racedetector.</summary>
    public static string Root =>
        Environment.GetEnvironmentVariable("RACEDETECTOR_CACHE") is { Length: > 0 } explicitRoot
            ? explicitRoot
            : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "racedetector");

    /// <summary>The instrumented copy of the app <paramref name="app"/> (its .dll or apphost) names.</summary>
    public static InstrumentResult Instrumented(string app, InstrumentOptions options)
    {
        // The cached entry is the assembly the app runs, never the apphost named (which dotnet exec cannot run).
        string appAssembly = AppInstrumenter.EntryAssemblyOf(app);
        string appDirectory = Path.GetDirectoryName(appAssembly)!;
        string entry = Path.Combine(Root, Key(appDirectory, options), Path.GetFileName(appAssembly));
        string folder = Path.GetDirectoryName(entry)!;
        if (File.Exists(Path.Combine(folder, ".racedetector")) && File.Exists(entry))
        {
            Directory.SetLastWriteTimeUtc(folder, DateTime.UtcNow);
            return new InstrumentResult(folder, entry, "", []);
        }
        Directory.CreateDirectory(Root);
        var result = AppInstrumenter.Instrument(appAssembly, folder, options);
        Prune();
        return result;
    }

    static string Key(string appDirectory, InstrumentOptions options)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        hash.AppendData(Encoding.UTF8.GetBytes(AppInstrumenter.BuildFingerprint + "\n" + options.Key + "\n"));
        foreach (var file in Directory.GetFiles(appDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(appDirectory, file) + "\n"));
            using var stream = File.OpenRead(file);
            int read;
            while ((read = stream.Read(buffer)) > 0)
                hash.AppendData(buffer, 0, read);
        }
        return Convert.ToHexString(hash.GetHashAndReset())[..16].ToLowerInvariant();
    }

    /// <summary>Keeps the most recently used entries only, so the cache does not grow without bound.</summary>
    static void Prune()
    {
        var stale = new DirectoryInfo(Root).GetDirectories()
            .OrderByDescending(d => d.LastWriteTimeUtc)
            .Skip(EntriesKept);
        foreach (var directory in stale)
        {
            try
            {
                directory.Delete(recursive: true);
            }
            catch (IOException)
            {
                // In use by another run: it goes next time.
            }
        }
    }
}
