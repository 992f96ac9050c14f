using RaceDetector.Instrumenter;

namespace RaceDetector.Cli;

/// <summary>
/// Instruments an app's own folder, for build integrations that run tests from <c>bin/</c>. The
/// originals are moved (not copied, so they keep their timestamps and incremental builds stay
/// correct) into a backup folder whose manifest lists every change before it is made; restoring
/// replays the manifest, so even a run killed half-way can be undone.
/// </summary>
internal static class InPlaceInstrumentation
{
    const string ManifestName = "manifest.txt";
    const string Replaced = "replaced ";
    const string Added = "added ";

    /// <summary>The backup folder used when none is named: next to the app folder.</summary>
    public static string DefaultBackup(string appDirectory) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(appDirectory)) + ".racedetector-backup";

    public static InstrumentResult Instrument(string appDirectory, string backupDirectory, InstrumentOptions options)
    {
        if (!Directory.Exists(appDirectory))
            throw new CliException($"{appDirectory}: --in-place needs the app's output folder, and there is no such folder");
        Restore(backupDirectory);
        string staging = Path.TrimEndingDirectorySeparator(Path.GetFullPath(backupDirectory)) + ".staging";
        try
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
            var result = AppInstrumenter.Instrument(appDirectory, staging, options);
            SwapIn(staging, Path.GetFullPath(appDirectory), Path.GetFullPath(backupDirectory));
            return result with { OutputDirectory = Path.GetFullPath(appDirectory), EntryAssembly = null };
        }
        finally
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
        }
    }

    static void SwapIn(string staging, string appDirectory, string backupDirectory)
    {
        Directory.CreateDirectory(backupDirectory);
        using var manifest = new StreamWriter(Path.Combine(backupDirectory, ManifestName)) { AutoFlush = true };
        manifest.WriteLine(appDirectory);
        foreach (var file in Directory.GetFiles(staging, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(staging, file);
            if (relative == ".racedetector")
                continue;
            string target = Path.Combine(appDirectory, relative);
            if (File.Exists(target))
            {
                if (SameContent(file, target))
                    continue;
                manifest.WriteLine(Replaced + relative);
                string saved = Path.Combine(backupDirectory, "files", relative);
                Directory.CreateDirectory(Path.GetDirectoryName(saved)!);
                File.Move(target, saved, overwrite: true);
            }
            else
            {
                manifest.WriteLine(Added + relative);
            }
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    /// <summary>Puts the originals back and removes added files. Returns false when there was nothing to restore.</summary>
    public static bool Restore(string backupDirectory)
    {
        string manifestPath = Path.Combine(backupDirectory, ManifestName);
        if (!File.Exists(manifestPath))
            return false;
        var lines = File.ReadAllLines(manifestPath);
        if (lines.Length == 0)
            throw new CliException($"{manifestPath}: empty backup manifest; the app folder cannot be restored from it");
        string appDirectory = lines[0];
        foreach (var line in lines.Skip(1).Reverse())
        {
            if (line.StartsWith(Replaced, StringComparison.Ordinal))
            {
                string relative = line.Substring(Replaced.Length);
                string saved = Path.Combine(backupDirectory, "files", relative);
                if (File.Exists(saved))
                    File.Move(saved, Path.Combine(appDirectory, relative), overwrite: true);
            }
            else if (line.StartsWith(Added, StringComparison.Ordinal))
            {
                string added = Path.Combine(appDirectory, line.Substring(Added.Length));
                if (File.Exists(added))
                    File.Delete(added);
            }
        }
        Directory.Delete(backupDirectory, recursive: true);
        return true;
    }

    static bool SameContent(string a, string b)
    {
        var left = new FileInfo(a);
        var right = new FileInfo(b);
        if (left.Length != right.Length)
            return false;
        using var first = left.OpenRead();
        using var second = right.OpenRead();
        var x = new byte[81920];
        var y = new byte[81920];
        int read;
        while ((read = first.Read(x)) > 0)
        {
            second.ReadExactly(y, 0, read);
            if (!x.AsSpan(0, read).SequenceEqual(y.AsSpan(0, read)))
                return false;
        }
        return true;
    }
}
