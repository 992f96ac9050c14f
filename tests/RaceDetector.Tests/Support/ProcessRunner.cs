using System.Diagnostics;

namespace RaceDetector.Tests.Support;

/// <summary>The outcome of a child process.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}

/// <summary>Runs child processes for end-to-end tests, with a generous timeout so a hang fails instead of blocking CI.</summary>
public static class ProcessRunner
{
    /// <summary>An instrumentation cache shared by the whole test run, so CI never touches the home folder.</summary>
    public static string CacheDirectory { get; } = Path.Combine(Path.GetTempPath(), "rd-test-cache-" + Environment.ProcessId);

    public static ProcessResult Dotnet(IEnumerable<string> arguments, string? workingDirectory = null,
        IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = StartInfo(arguments, workingDirectory, environment);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', start.ArgumentList)} did not finish in time");
        }
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>
    /// Starts <c>dotnet</c> with redirected output and leaves it running, for tests that talk to the process or
    /// end it themselves. The caller disposes it.
    /// </summary>
    public static Process Start(IEnumerable<string> arguments, string? workingDirectory = null, IDictionary<string, string>? environment = null) =>
        Process.Start(StartInfo(arguments, workingDirectory, environment))!;

    static ProcessStartInfo StartInfo(IEnumerable<string> arguments, string? workingDirectory, IDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Repo.Root,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["RACEDETECTOR_CACHE"] = CacheDirectory;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        return start;
    }

    /// <summary>Runs the racedetector CLI with <paramref name="arguments"/>.</summary>
    public static ProcessResult Cli(params string[] arguments) => Dotnet([Repo.Cli, .. arguments]);
}
