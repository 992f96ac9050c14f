using System.Reflection;
using RaceDetector.Runtime.Reporting;

namespace RaceDetector.Runtime;

/// <summary>
/// Process-wide lifecycle: starts on the first instrumented module (or the startup hook), finishes
/// reports at exit, and turns detection off after an internal fault so the program carries on.
/// </summary>
internal static class DetectorRuntime
{
    static readonly object s_gate = new();
    static volatile bool s_enabled = true;
    static bool s_started;
    static bool s_finished;
    static int s_faultCountdown;

    public static string Version { get; } =
        typeof(DetectorRuntime).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public static bool Enabled => s_enabled;

    public static RuntimeOptions Options { get; private set; } = RuntimeOptions.Default;

    public static Suppressions Suppressions { get; private set; } = Suppressions.None;

    /// <summary>Registers an instrumented module's sites; the first registration starts the detector.</summary>
    public static int RegisterModule(Module module, int siteCount, bool checksAccesses)
    {
        int first = SiteRegistry.Register(module, siteCount, checksAccesses);
        EnsureStarted();
        return first;
    }

    public static void EnsureStarted()
    {
        lock (s_gate)
        {
            if (s_started)
                return;
            s_started = true;
        }
        Options = RuntimeOptions.Parse(RuntimeOptions.Text());
        s_faultCountdown = Options.InjectFaultAfter;
        foreach (var warning in Options.Warnings)
            StderrChannel.WriteLine($"RaceDetector: warning: {RuntimeOptions.EnvironmentVariable}: {warning}");
        Suppressions = LoadSuppressions(Options.SuppressionsPath);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Finish();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => RaceSink.WriteJson(exitCode: null);
        RaceSink.Start(Options);
        Threads.CacheSweeper.Start();
    }

    static Suppressions LoadSuppressions(string? path)
    {
        if (path is null)
            return Suppressions.None;
        try
        {
            var problems = new List<string>();
            var suppressions = Suppressions.Parse(File.ReadLines(path), problems);
            foreach (var problem in problems)
                StderrChannel.WriteLine($"RaceDetector: warning: {path}: {problem}");
            return suppressions;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            StderrChannel.WriteLine($"RaceDetector: warning: cannot read suppressions {path}: {ex.Message}");
            return Suppressions.None;
        }
    }

    /// <summary>Turns detection off for good after an internal error, with one line on stderr.</summary>
    public static void Fault(Exception error)
    {
        if (!s_enabled)
            return;
        s_enabled = false;
        StderrChannel.WriteLine($"RaceDetector: internal error, race detection is off for the rest of this run: {error.GetType().Name}: {error.Message}");
    }

    /// <summary>Throws on the N-th call when <c>inject_fault_after=N</c> is set; free otherwise.</summary>
    public static void InjectedFaultPoint()
    {
        if (s_faultCountdown > 0 && Interlocked.Decrement(ref s_faultCountdown) == 0)
            throw new InvalidOperationException("injected fault (inject_fault_after)");
    }

    /// <summary>halt_on_error: stop the program after the first report.</summary>
    public static void Halt()
    {
        Finish();
        Environment.Exit(Options.ExitCode);
    }

    static void Finish()
    {
        lock (s_gate)
        {
            if (s_finished)
                return;
            s_finished = true;
        }
        int races = RaceSink.RaceCount;
        int exitCode = races > 0 ? Options.ExitCode : Environment.ExitCode;
        if (races > 0)
            Environment.ExitCode = exitCode;
        RaceSink.Finish(exitCode);
    }
}
