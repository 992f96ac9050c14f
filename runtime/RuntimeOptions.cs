using RaceDetector.Runtime.Abi;

namespace RaceDetector.Runtime;

/// <summary>
/// Settings read from <c>RACEDETECTOR_OPTIONS</c>, written like TSAN_OPTIONS:
/// <c>json=/tmp/races.json log=/tmp/races.txt halt_on_error=1 exit_code=66 suppressions=races.supp</c>.
/// Values with spaces may be double-quoted; <c>%p</c> in the JSON and log paths becomes the process id, so
/// several processes (test hosts) can report side by side. Without the environment variable, the same text is read from
/// <see cref="FileName"/> next to the runtime, which <c>racedetector instrument --runtime-options</c> writes.
/// <c>inject_fault_after=N</c> makes the N-th slow-path check fail, to test that an internal fault
/// turns detection off and leaves the program alone.
/// </summary>
internal sealed record RuntimeOptions(string? JsonPath, string? LogPath, string? SuppressionsPath, bool HaltOnError, int ExitCode, int InjectFaultAfter,
    IReadOnlyList<string> Warnings)
{
    public const string EnvironmentVariable = "RACEDETECTOR_OPTIONS";

    /// <summary>The options file read when the environment variable is not set.</summary>
    public const string FileName = "RaceDetector.Runtime.options";

    /// <summary>The options text: the environment variable, else the options file beside the runtime, else nothing.</summary>
    public static string? Text()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { } text)
            return text;
        string? directory = Path.GetDirectoryName(typeof(RuntimeOptions).Assembly.Location);
        string? file = directory is null ? null : Path.Combine(directory, FileName);
        return file is not null && File.Exists(file) ? File.ReadAllText(file) : null;
    }

    /// <summary>The JSON path with <c>%p</c> replaced by this process's id.</summary>
    public string? ResolvedJsonPath => WithProcessId(JsonPath);

    /// <summary>The text log path with <c>%p</c> replaced by this process's id.</summary>
    public string? ResolvedLogPath => WithProcessId(LogPath);

    public static RuntimeOptions Default { get; } = new(null, null, null, false, 66, 0, Array.Empty<string>());

    static string? WithProcessId(string? path) => path?.Replace("%p", Environment.ProcessId.ToString());

    public static RuntimeOptions Parse(string? text)
    {
        var options = Default;
        var warnings = new List<string>();
        foreach (var token in OptionsText.Split(text ?? "", warnings))
        {
            int equals = token.IndexOf('=');
            if (equals <= 0)
            {
                warnings.Add($"ignoring '{token}': expected key=value");
                continue;
            }
            string key = token.Substring(0, equals);
            string value = token.Substring(equals + 1);
            switch (key)
            {
                case "json":
                    options = options with { JsonPath = value.Length == 0 ? null : value };
                    break;
                case "log":
                    options = options with { LogPath = value.Length == 0 ? null : value };
                    break;
                case "suppressions":
                    options = options with { SuppressionsPath = value.Length == 0 ? null : value };
                    break;
                case "halt_on_error" when value is "0" or "1":
                    options = options with { HaltOnError = value == "1" };
                    break;
                case "exit_code" when int.TryParse(value, out int code):
                    options = options with { ExitCode = code };
                    break;
                case "inject_fault_after" when int.TryParse(value, out int checks) && checks > 0:
                    options = options with { InjectFaultAfter = checks };
                    break;
                default:
                    warnings.Add($"ignoring '{token}': unknown option or bad value");
                    break;
            }
        }
        return options with { Warnings = warnings };
    }
}
