using System.Security.Cryptography;

namespace RaceDetector.Tests.Support;

/// <summary>A folder's files with their hashes and timestamps: equal snapshots mean nothing was left changed.</summary>
public static class FolderSnapshot
{
    public static List<string> Of(string folder, Func<string, bool>? ignore = null) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => ignore?.Invoke(Path.GetFileName(f)) != true)
            .Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(folder, f)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))} {File.GetLastWriteTimeUtc(f):O}")
            .ToList();
}
