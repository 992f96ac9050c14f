using System.Text.Json.Nodes;

namespace RaceDetector.Cli.Reports;

/// <summary>
/// Races as MSBuild canonical error lines (<c>file(line): error write-write: ...</c>), which an Exec task turns
/// into build errors that point at the racing line, in the console and in IDE error lists.
/// </summary>
internal static class MsBuildErrors
{
    public static void Print(IReadOnlyList<JsonObject> races)
    {
        foreach (var race in races)
        {
            var current = RaceJson.Side(race, "current");
            var previous = RaceJson.Side(race, "previous");
            var frame = RaceJson.SourceFrame(current, _ => true) ?? RaceJson.SourceFrame(previous, _ => true);
            string origin = frame is null ? "RaceDetector" : $"{RaceJson.File(frame)}({RaceJson.Line(frame)})";
            string previousAt = RaceJson.SourceFrame(previous, _ => true) is { } before ? $" at {Path.GetFileName(RaceJson.File(before))}:{RaceJson.Line(before)}" : "";
            Console.Out.WriteLine($"{origin}: error {RaceJson.Kind(race)}: Data race on {RaceJson.Location(race)}: "
                + $"{RaceJson.Describe(current)}, and a previous {RaceJson.Describe(previous)}{previousAt}, not ordered by happens-before");
        }
    }

    /// <summary>The text reports without their <c>WARNING: DATA RACE</c> lines, which MSBuild reads as warnings.</summary>
    public static string WithoutWarningHeaders(string text) =>
        string.Join('\n', text.Split('\n').Where(line => line.TrimEnd('\r') != "WARNING: DATA RACE"));
}
