using System.Text;

namespace RaceDetector.Runtime.Reporting;

/// <summary>Formats a race the way ThreadSanitizer and Go do, so users recognize it at once.</summary>
internal static class TextReport
{
    const string Rule = "==================";

    public static string Format(RaceReport race)
    {
        var text = new StringBuilder();
        var location = race.Location;
        text.AppendLine(Rule);
        text.AppendLine("WARNING: DATA RACE");
        text.Append(Capitalize(Operation(race.Current))).Append(" of ").Append(location.ShortName)
            .Append(" (").Append(location.ValueType).Append(") by ").Append(race.Current.Thread.Describe()).Append(InTest(race.Current)).AppendLine(":");
        AppendStack(text, race.Current.Stack);
        text.Append("Previous ").Append(Operation(race.Previous)).Append(" of ").Append(location.ShortName)
            .Append(" by ").Append(race.Previous.Thread.Describe()).Append(InTest(race.Previous)).AppendLine(":");
        AppendStack(text, race.Previous.Stack);
        text.Append("Location: ").AppendLine(DescribeLocation(location));
        text.Append("Locks held: by ").Append(race.Current.Thread.Describe()).Append(": ").Append(Locks(race.Current))
            .Append("; by ").Append(race.Previous.Thread.Describe()).Append(": ").AppendLine(Locks(race.Previous));
        AppendCreation(text, race.Current);
        if (race.Previous.Thread != race.Current.Thread)
            AppendCreation(text, race.Previous);
        text.Append("SUMMARY: data race ").AppendLine(Summary(race.Current));
        text.Append(Rule);
        return text.ToString();
    }

    static string InTest(AccessReport access) => access.TestName is { } test ? $" (in test {test})" : "";

    static string Operation(AccessReport access) => (access.Atomic ? "atomic " : "") + access.Operation;

    static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text.Substring(1);

    static string Locks(AccessReport access) => access.Locks.Count == 0 ? "none" : string.Join(", ", access.Locks);

    static void AppendStack(StringBuilder text, IReadOnlyList<FrameReport> stack)
    {
        if (stack.Count == 0)
            text.AppendLine("    <no managed frames>");
        foreach (var frame in stack)
            text.AppendLine(StackCapture.Format(frame));
    }

    static void AppendCreation(StringBuilder text, AccessReport access)
    {
        var thread = access.Thread;
        var frames = CreationFrames(thread);
        if (frames.Count == 0)
            return;
        text.Append(Capitalize(thread.Describe())).Append(" created");
        if (thread.Parent is { } parent)
            text.Append(" by ").Append(parent.Describe());
        text.AppendLine(" at:");
        AppendStack(text, frames);
    }

    /// <summary>Where a thread was started (its Thread.Start stack) or a logical thread forked (the forking call and its callers).</summary>
    public static IReadOnlyList<FrameReport> CreationFrames(Threads.ThreadInfo thread)
    {
        if (thread.CreatedAt is { } stack)
            return StackCapture.Frames(stack);
        if (thread.IsLogical && SiteRegistry.Find(thread.CreatedBySite) is { } site)
            return StackCapture.Recorded(site, thread.CreatedInside);
        return [];
    }

    static string DescribeLocation(LocationReport location)
    {
        string objectPart = location.ObjectId is { } id ? $" of object #{id} ({location.ObjectType})" : "";
        return location.Kind switch
        {
            "instance-field" => $"instance field {location.Display}{objectPart}",
            "static-field" => $"static field {location.Display}",
            _ => $"array element {location.Display}{objectPart}",
        };
    }

    static string Summary(AccessReport access)
    {
        if (access.Stack.Count == 0)
            return "in unknown code";
        var top = access.Stack[0];
        return top.File is null ? $"in {top.Method}" : $"{Path.GetFileName(top.File)}:{top.Line} in {top.Method}";
    }
}
