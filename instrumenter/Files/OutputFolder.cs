namespace RaceDetector.Instrumenter.Files;

/// <summary>
/// Builds an output folder next to its final place and moves it in only when complete, so a failed
/// run never leaves a half-written output. An existing output is replaced only if RaceDetector wrote it.
/// </summary>
internal sealed class OutputFolder : IDisposable
{
    /// <summary>File that marks a folder as RaceDetector output, so it may be replaced.</summary>
    public const string MarkerFile = ".racedetector";

    readonly string _final;
    bool _committed;

    public OutputFolder(string path)
    {
        _final = Path.GetFullPath(path);
        if (Directory.Exists(_final) && Directory.EnumerateFileSystemEntries(_final).Any()
            && !File.Exists(Path.Combine(_final, MarkerFile)))
            throw new InstrumentationException($"{path}: the output folder exists and was not written by RaceDetector; choose a new or empty folder");
        Staging = _final.TrimEnd(Path.DirectorySeparatorChar) + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            Directory.CreateDirectory(Staging);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InstrumentationException($"{path}: cannot write the output folder: {ex.Message}", ex);
        }
    }

    /// <summary>The folder to write into; it becomes the output on <see cref="Commit"/>.</summary>
    public string Staging { get; }

    public string Final => _final;

    /// <summary>Copies <paramref name="source"/>'s tree into the staging folder, skipping the output itself.</summary>
    public void CopyFrom(string source)
    {
        foreach (var directory in Directory.GetDirectories(source, "*", SearchOption.AllDirectories))
        {
            if (!IsOurs(directory))
                Directory.CreateDirectory(Path.Combine(Staging, Path.GetRelativePath(source, directory)));
        }
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            if (!IsOurs(file) && Path.GetFileName(file) != MarkerFile)
                Copy(file, Path.Combine(Staging, Path.GetRelativePath(source, file)));
        }
    }

    /// <summary>
    /// Moves the staging folder into place. An output being replaced is moved aside first and deleted only
    /// afterwards, so a failure leaves the previous output whole rather than half deleted.
    /// </summary>
    public void Commit(string markerText)
    {
        File.WriteAllText(Path.Combine(Staging, MarkerFile), markerText);
        string? previous = Directory.Exists(_final) ? Staging + "-previous" : null;
        try
        {
            if (previous is not null)
                Directory.Move(_final, previous);
            Directory.Move(Staging, _final);
            _committed = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (previous is not null && !Directory.Exists(_final) && Directory.Exists(previous))
                Directory.Move(previous, _final);
            throw new InstrumentationException($"{_final}: cannot replace the output folder: {ex.Message}", ex);
        }
        if (previous is not null)
            DeleteQuietly(previous);
    }

    /// <summary>The new output is in place; an old copy that will not go away is only clutter.</summary>
    static void DeleteQuietly(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    static void Copy(string file, string destination)
    {
        try
        {
            File.Copy(file, destination, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A dangling link or an unreadable file: name it, and the staging folder goes away on Dispose.
            throw new InstrumentationException($"{file}: cannot copy it into the output folder: {ex.Message}", ex);
        }
    }

    public void Dispose()
    {
        if (!_committed && Directory.Exists(Staging))
            Directory.Delete(Staging, recursive: true);
    }

    /// <summary>The output folder and any staging folder (ours or a crashed run's), when they sit inside the input folder.</summary>
    bool IsOurs(string path) =>
        IsWithin(path, _final) || path.StartsWith(_final.TrimEnd(Path.DirectorySeparatorChar) + ".tmp-", StringComparison.Ordinal);

    static bool IsWithin(string path, string folder)
    {
        string relative = Path.GetRelativePath(folder, path);
        return relative == "." || (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative));
    }
}
