using System.Diagnostics;
using RaceDetector.Runtime.Abi;

namespace RaceDetector.Runtime.Reporting;

/// <summary>
/// Turns managed stacks into report frames, hiding the detector's own frames and the framework frames
/// beyond the outermost instrumented one: under a test runner those are dozens of the runner's frames.
/// Libraries instrumented for synchronization only count as framework here, as in the shadow call stack,
/// which they push nothing on: a callback they run on a pool thread shows the user's frames only.
/// </summary>
internal static class StackCapture
{
    static readonly System.Reflection.Assembly s_runtimeAssembly = typeof(StackCapture).Assembly;

    /// <summary>The calling thread's stack; its innermost frame is replaced by the exact site.</summary>
    public static IReadOnlyList<FrameReport> Current(SiteRecord? site)
    {
        var frames = Frames(new StackTrace(1, fNeedFileInfo: true));
        if (site is not null)
        {
            var top = FromSite(site);
            if (frames.Count > 0)
                frames[0] = top;
            else
                frames.Add(top);
        }
        return frames;
    }

    public static List<FrameReport> Frames(StackTrace trace)
    {
        var frames = new List<FrameReport>();
        int outermostInstrumented = -1;
        foreach (var frame in trace.GetFrames())
        {
            var method = frame.GetMethod();
            if (method is null || method.DeclaringType?.Assembly == s_runtimeAssembly)
                continue;
            if (SiteRegistry.ChecksAccesses(method.Module))
                outermostInstrumented = frames.Count;
            frames.Add(new FrameReport(MethodNames.Of(method), frame.GetFileName(), frame.GetFileLineNumber(), frame.GetILOffset()));
        }
        if (outermostInstrumented >= 0)
            frames.RemoveRange(outermostInstrumented + 1, frames.Count - outermostInstrumented - 1);
        return frames;
    }

    public static FrameReport FromSite(SiteRecord site) => new(site.Method, site.File, site.Line, site.ILOffset);

    /// <summary>
    /// A recorded access's stack: its own site, then the instrumented calls it was inside of (innermost
    /// first). Frames of code that is not instrumented do not appear. A synchronization call that forks work
    /// (Task.Run) is on the path itself, once.
    /// </summary>
    public static IReadOnlyList<FrameReport> Recorded(SiteRecord? site, Calls.CallPath? path)
    {
        var frames = new List<FrameReport>();
        if (site is not null)
            frames.Add(FromSite(site));
        foreach (int call in path?.Sites() ?? [])
        {
            if (SiteRegistry.Find(call) is not { } caller)
                continue;
            if (frames.Count == 1 && site is not null && caller.Method == site.Method && caller.ILOffset == site.ILOffset)
                continue;
            frames.Add(FromSite(caller));
        }
        return frames;
    }

    /// <summary>Reads like <c>    at Demo.Counter.Increment() in /src/Counter.cs:line 12</c>.</summary>
    public static string Format(FrameReport frame) =>
        frame.File is null || frame.Line <= 0
            ? $"    at {frame.Method}"
            : $"    at {frame.Method} in {frame.File}:line {frame.Line}";
}
