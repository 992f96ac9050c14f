using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace RaceDetector.Benchmarks;

/// <summary>One run of one workload: what it printed, or why it failed.</summary>
internal sealed record RunResult(bool Instrumented, double ElapsedMs, long PeakBytes, string? Checksum, int? Races, string? Error)
{
    public double PeakMegabytes => PeakBytes / (1024.0 * 1024.0);

    public string Describe() => Error is not null
        ? "FAILED"
        : string.Create(CultureInfo.InvariantCulture, $"{ElapsedMs:F1} ms, {PeakMegabytes:F1} MB{(Races is { } r ? $", {r} races" : "")}");
}

/// <summary>Runs a workload in a child process with <c>dotnet exec</c>, plain or instrumented.</summary>
internal sealed class WorkloadRunner(Workspace workspace, bool quick, string scratch)
{
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public RunResult Run(string workload, bool instrumented, int run)
    {
        var start = new ProcessStartInfo(HostPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(instrumented ? workspace.InstrumentedEntry : workspace.PlainEntry);
        start.ArgumentList.Add(workload);
        if (quick)
            start.ArgumentList.Add("quick");
        start.Environment.Remove("RACEDETECTOR_OPTIONS");
        start.Environment.Remove("DOTNET_STARTUP_HOOKS");
        string? report = null;
        if (instrumented)
        {
            report = Path.Combine(scratch, $"races-{workload}-{run}.json");
            File.Delete(report);
            start.Environment["RACEDETECTOR_OPTIONS"] = $"json=\"{report}\"";
            start.Environment["DOTNET_STARTUP_HOOKS"] = workspace.RuntimePath;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start dotnet");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            return Failed(instrumented, $"did not finish in {Timeout.TotalMinutes} minutes");
        }
        process.WaitForExit();
        string stdout = output.Result, stderr = error.Result;
        string context = $"exit {process.ExitCode}\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}";

        string? line = stdout.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith('{'));
        if (line is null)
            return Failed(instrumented, "printed no result line; " + context);
        double ms;
        long peak;
        string checksum;
        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            ms = root.GetProperty("elapsedMs").GetDouble();
            peak = root.GetProperty("peakWorkingSetBytes").GetInt64();
            checksum = root.GetProperty("checksum").GetString()!;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return Failed(instrumented, $"bad result line '{line}': {ex.Message}");
        }

        int? races = null;
        if (report is not null)
        {
            if (!File.Exists(report))
                return Failed(instrumented, "the instrumented run wrote no JSON race report; " + context);
            using var json = JsonDocument.Parse(File.ReadAllText(report));
            races = json.RootElement.GetProperty("summary").GetProperty("races").GetInt32();
        }
        // An instrumented run exits 66 when it reported races; that is counted from the report, not treated as a crash.
        if (process.ExitCode != 0 && !(instrumented && races > 0))
            return new RunResult(instrumented, ms, peak, checksum, races, "failed; " + context);
        return new RunResult(instrumented, ms, peak, checksum, races, null);
    }

    static RunResult Failed(bool instrumented, string error) => new(instrumented, 0, 0, null, null, error);

    /// <summary>The dotnet host: the one that runs us under the SDK, else the one on PATH.</summary>
    static string HostPath
    {
        get
        {
            if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath)
                return hostPath;
            string? self = Environment.ProcessPath;
            return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        }
    }
}
