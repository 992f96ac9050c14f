using RaceDetector.Runtime.Abi;
using RaceDetector.Runtime.Detection;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.Reporting;

/// <summary>
/// The slow path that turns a detected conflict into a report: drops pairs of sites already reported,
/// renders both accesses, writes stderr and the JSON file at once, and stops the program under
/// halt_on_error.
/// </summary>
internal static class RaceSink
{
    static readonly object s_gate = new();
    static readonly HashSet<(int, int)> s_reportedPairs = new();
    static readonly HashSet<string> s_tests = new();
    static JsonReportFile? s_json;
    static TextLogFile? s_log;
    static int s_races;
    static int s_suppressed;

    public static int RaceCount
    {
        get
        {
            lock (s_gate)
                return s_races;
        }
    }

    public static void Start(RuntimeOptions options)
    {
        lock (s_gate)
        {
            if (options.ResolvedJsonPath is { } path)
                s_json = new JsonReportFile(path);
            if (options.ResolvedLogPath is { } log)
                s_log = OpenLog(log);
        }
        WriteJson(exitCode: null);
    }

    public static void Report(CurrentAccess current, List<PriorAccess> priors, RaceLocation location)
    {
        IReadOnlyList<FrameReport>? currentStack = null;
        bool reported = false;
        foreach (var prior in priors)
        {
            var pair = current.Site < prior.Site ? (current.Site, prior.Site) : (prior.Site, current.Site);
            lock (s_gate)
            {
                if (!s_reportedPairs.Add(pair))
                    continue;
            }
            var currentSite = SiteRegistry.Find(current.Site);
            current.Thread.RefreshName(Thread.CurrentThread.Name);
            currentStack ??= StackCapture.Current(currentSite);
            var race = Build(current, currentSite, currentStack, prior, location);
            if (DetectorRuntime.Suppressions.Match(race, SiteRegistry.AssemblyOf, current.Site, prior.Site) is not null)
            {
                lock (s_gate)
                    s_suppressed++;
                WriteJson(exitCode: null);
                continue;
            }
            string text = TextReport.Format(race);
            lock (s_gate)
            {
                s_races++;
                foreach (var test in new[] { race.Current.TestName, race.Previous.TestName }.OfType<string>())
                    s_tests.Add(test);
                s_json?.Add(race);
                StderrChannel.WriteLine(text);
                AppendLog(text);
            }
            WriteJson(exitCode: null);
            reported = true;
        }
        if (reported && DetectorRuntime.Options.HaltOnError)
            DetectorRuntime.Halt();
    }

    /// <summary>Final summary at process exit. Returns the number of races.</summary>
    public static int Finish(int exitCode)
    {
        int races = RaceCount;
        int suppressed;
        lock (s_gate)
            suppressed = s_suppressed;
        StderrChannel.WriteLine(suppressed == 0
            ? $"RaceDetector: {races} data race(s) reported"
            : $"RaceDetector: {races} data race(s) reported, {suppressed} suppressed");
        WriteJson(exitCode);
        return races;
    }

    public static void WriteJson(int? exitCode)
    {
        lock (s_gate)
        {
            try
            {
                s_json?.Write(new ReportSummary(ThreadRegistry.ThreadsSeen, ThreadRegistry.LogicalThreadsSeen, ThreadRegistry.SlotsAllocated,
                    s_suppressed, s_tests.Order(StringComparer.Ordinal).ToArray(), exitCode));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                StderrChannel.WriteLine($"RaceDetector: warning: cannot write the JSON report: {ex.Message}");
                s_json = null;
            }
        }
    }

    static TextLogFile? OpenLog(string path)
    {
        try
        {
            return new TextLogFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            StderrChannel.WriteLine($"RaceDetector: warning: cannot write the log {path}: {ex.Message}");
            return null;
        }
    }

    /// <summary>Called under the gate, right after the report went to stderr.</summary>
    static void AppendLog(string text)
    {
        try
        {
            s_log?.Append(text);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            StderrChannel.WriteLine($"RaceDetector: warning: cannot write the log: {ex.Message}");
            s_log = null;
        }
    }

    static RaceReport Build(CurrentAccess current, SiteRecord? currentSite, IReadOnlyList<FrameReport> currentStack,
        PriorAccess prior, RaceLocation location)
    {
        var priorSite = SiteRegistry.Find(prior.Site);
        var site = currentSite ?? priorSite;
        // An element reached through a span does not know the field its array came from; the other side may.
        if (location.Kind == LocationKind.ArrayElement && site is { Holder.Length: 0 } && priorSite is { Holder.Length: > 0 })
            site = priorSite;
        var currentReport = new AccessReport(OperationName(current.Kind), IsAtomic(current.Kind), current.Thread.Info,
            currentStack, LockNames(current.Thread.Context.HeldLockSites), current.Thread.TestName);
        var priorThread = prior.Context?.Thread ?? new ThreadInfo(0, "unknown", null, -1);
        var priorStack = StackCapture.Recorded(priorSite, prior.Path);
        var priorReport = new AccessReport(OperationName(prior.Kind), IsAtomic(prior.Kind), priorThread, priorStack,
            LockNames(prior.Context?.HeldLockSites ?? Array.Empty<int>()), prior.Context?.TestName);
        string kind = priorReport.Operation + "-" + currentReport.Operation;
        return new RaceReport(StableId(currentSite, priorSite), kind, DescribeLocation(site, location), currentReport, priorReport);
    }

    static string OperationName(AccessKind kind) =>
        kind is AccessKind.Read or AccessKind.AtomicRead ? "read" : "write";

    static bool IsAtomic(AccessKind kind) => kind is AccessKind.AtomicRead or AccessKind.AtomicWrite;

    static IReadOnlyList<string> LockNames(int[] sites) =>
        sites.Select(s => SiteRegistry.Find(s)?.Member ?? "a lock").ToArray();

    static LocationReport DescribeLocation(SiteRecord? site, RaceLocation location)
    {
        string type = site?.TypeName ?? "?";
        string member = site?.Member ?? "?";
        string valueType = site?.ValueType ?? "?";
        var target = location.Target;
        int? objectId = target is null ? null : ObjectIds.Of(target);
        string? objectType = target is null ? null : MethodNames.TypeName(target.GetType(), qualified: true);
        switch (location.Kind)
        {
            case LocationKind.ArrayElement:
                string holder = site is { Holder.Length: > 0 } ? site.Holder : (objectType ?? "array");
                string display = $"{holder}[{location.Index}]";
                return new LocationReport("array-element", type, member, display, location.Index,
                    ShortMember(holder) + $"[{location.Index}]", valueType, objectType, objectId);
            case LocationKind.StaticField:
                return new LocationReport("static-field", type, member, type + "." + member, null,
                    ShortName(type) + "." + member, valueType, null, null);
            default:
                return new LocationReport("instance-field", type, member, type + "." + member, null,
                    ShortName(type) + "." + member, valueType, objectType, objectId);
        }
    }

    /// <summary><c>Demo.Counter</c> becomes <c>Counter</c>; generic argument lists are kept.</summary>
    static string ShortName(string qualified)
    {
        int generic = qualified.IndexOf('<');
        string head = generic < 0 ? qualified : qualified.Substring(0, generic);
        int dot = head.LastIndexOf('.');
        return dot < 0 ? qualified : qualified.Substring(dot + 1);
    }

    /// <summary><c>Demo.Program.buffer</c> becomes <c>Program.buffer</c>.</summary>
    static string ShortMember(string qualified)
    {
        int dot = qualified.LastIndexOf('.');
        return dot < 0 ? qualified : ShortName(qualified.Substring(0, dot)) + qualified.Substring(dot);
    }

    /// <summary>A hash of both sites that does not depend on the order they were seen in or on the run.</summary>
    static string StableId(SiteRecord? a, SiteRecord? b)
    {
        string keyA = a is null ? "?" : $"{a.Method}@{a.ILOffset}:{a.Operation}";
        string keyB = b is null ? "?" : $"{b.Method}@{b.ILOffset}:{b.Operation}";
        string key = string.CompareOrdinal(keyA, keyB) <= 0 ? keyA + "|" + keyB : keyB + "|" + keyA;
        ulong hash = 14695981039346656037UL;
        foreach (char c in key)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash.ToString("x16");
    }
}
