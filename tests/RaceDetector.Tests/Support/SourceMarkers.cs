namespace RaceDetector.Tests.Support;

/// <summary>
/// Finds lines in sample sources by a marker comment, so tests assert exact lines without hard-coding
/// numbers: <c>count++; // RACE: count</c> is found by <c>Line(file, "RACE: count")</c>.
/// </summary>
public static class SourceMarkers
{
    public static int Line(string file, string marker)
    {
        var lines = File.ReadAllLines(file);
        var matches = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(marker, StringComparison.Ordinal)).ToList();
        if (matches.Count != 1)
            throw new InvalidOperationException($"expected exactly one line with '{marker}' in {file}, found {matches.Count}");
        return matches[0] + 1;
    }

    /// <summary>Every line number carrying <paramref name="marker"/>.</summary>
    public static IReadOnlyList<int> Lines(string file, string marker)
    {
        var lines = File.ReadAllLines(file);
        return Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(marker, StringComparison.Ordinal)).Select(i => i + 1).ToList();
    }
}
