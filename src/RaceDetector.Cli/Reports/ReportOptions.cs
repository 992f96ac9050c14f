using System.CommandLine;
using RaceDetector.Cli.Abi;

namespace RaceDetector.Cli.Reports;

/// <summary>How a command reports races: the options shared by <c>run</c> and <c>test</c>.</summary>
internal sealed record RaceSettings(string? JsonPath, string? SarifPath, string? SuppressionsPath, bool HaltOnError, int ExitCode, string SourceRoot)
{
    /// <summary>
    /// The <c>RACEDETECTOR_OPTIONS</c> text that makes the runtime write to <paramref name="jsonPath"/> (and
    /// <paramref name="logPath"/>), keeping what the user's own variable sets besides.
    /// </summary>
    public string RuntimeOptions(string jsonPath, string? logPath)
    {
        var own = new List<(string Key, string Value)> { ("json", jsonPath), ("exit_code", $"{ExitCode}"), ("halt_on_error", HaltOnError ? "1" : "0") };
        if (logPath is not null)
            own.Add(("log", logPath));
        if (SuppressionsPath is not null)
            own.Add(("suppressions", SuppressionsPath));
        return UserRuntimeOptions.Merge(Environment.GetEnvironmentVariable("RACEDETECTOR_OPTIONS"), own, Console.Error);
    }
}

/// <summary>
/// A user's <c>RACEDETECTOR_OPTIONS</c> combined with the settings a command gives the programs it runs: the user's
/// other options (<c>log=</c>, say) still apply, and the command's own settings win, each replaced one with a warning.
/// </summary>
internal static class UserRuntimeOptions
{
    public static string Merge(string? userText, IReadOnlyList<(string Key, string Value)> own, TextWriter warnings)
    {
        var problems = new List<string>();
        var kept = new List<string>();
        foreach (var token in OptionsText.Split(userText ?? "", problems))
        {
            string key = token.Split('=')[0];
            if (own.Any(o => o.Key == key))
                problems.Add($"ignoring '{token}': the command sets {key} itself");
            else
                kept.Add(token.Length > key.Length ? OptionsText.Format(key, token[(key.Length + 1)..]) : token); // quoted again: values may hold spaces
        }
        foreach (var problem in problems)
            warnings.WriteLine($"racedetector: warning: RACEDETECTOR_OPTIONS: {problem}");
        return string.Join(' ', kept.Concat(own.Select(o => OptionsText.Format(o.Key, o.Value))));
    }
}

/// <summary>
/// The <c>--json</c>, <c>--sarif</c>, <c>--exit-code</c> and <c>--source-root</c> options, plus, for commands
/// that run programs, <c>--suppressions</c> and <c>--halt-on-error</c>.
/// </summary>
internal sealed class ReportOptions(bool runsPrograms)
{
    readonly Option<string?> _json = new("--json") { Description = "Write the JSON race report to this file (updated as races are found)." };
    readonly Option<string?> _sarif = new("--sarif") { Description = "Write a SARIF 2.1.0 report (for GitHub code scanning) to this file." };
    readonly Option<string?> _suppressions = new("--suppressions") { Description = "Suppressions file: race:GLOB, race_top:GLOB or assembly:GLOB, one a line." };
    readonly Option<bool> _halt = new("--halt-on-error") { Description = "Stop the program at the first race." };
    readonly Option<int> _exitCode = new("--exit-code")
    {
        Description = "Exit code when races were reported (0 to 255).",
        DefaultValueFactory = _ => CliErrors.RacesFound,
        CustomParser = CommandLineErrors.ExitCodeValue,
    };
    readonly Option<string?> _sourceRoot = new("--source-root") { Description = "Folder SARIF paths are relative to (default: the git repository around the target, else the current folder)." };

    public void AddTo(Command command)
    {
        command.Options.Add(_json);
        command.Options.Add(_sarif);
        if (runsPrograms)
        {
            command.Options.Add(_suppressions);
            command.Options.Add(_halt);
        }
        command.Options.Add(_exitCode);
        command.Options.Add(_sourceRoot);
    }

    /// <summary>
    /// Reads the options. A suppressions file that is missing or malformed, or a report path that cannot be written,
    /// is an input error now, not a warning or a lost report later.
    /// </summary>
    public RaceSettings Read(ParseResult parse, string target)
    {
        string? suppressions = parse.GetValue(_suppressions) is { } path ? CheckSuppressions(path) : null;
        string root = parse.GetValue(_sourceRoot) is { } explicitRoot ? Path.GetFullPath(explicitRoot) : SourceRoot.Around(target);
        string? json = parse.GetValue(_json);
        string? sarif = parse.GetValue(_sarif);
        foreach (var report in new[] { json, sarif }.OfType<string>())
            JsonFiles.CheckWritable(report);
        return new RaceSettings(json, sarif, suppressions, parse.GetValue(_halt), parse.GetValue(_exitCode), root);
    }

    /// <summary>The full path of a suppressions file, after checking that it exists and every rule parses.</summary>
    public static string CheckSuppressions(string path)
    {
        if (!File.Exists(path))
            throw new CliException($"{path}: no such suppressions file");
        var problems = new List<string>();
        SuppressionRules.Parse(File.ReadLines(path), problems);
        if (problems.Count > 0)
            throw new CliException($"{path}: {problems[0]}" + (problems.Count > 1 ? $" (and {problems.Count - 1} more)" : ""));
        return Path.GetFullPath(path);
    }
}
