using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using RaceDetector.Instrumenter;

namespace RaceDetector.Cli;

/// <summary>A problem with the command's input, reported as one line.</summary>
internal sealed class CliException(string message) : Exception(message);

/// <summary>Exit codes and the one-line error convention shared by all commands.</summary>
internal static class CliErrors
{
    /// <summary>Races were reported (the ThreadSanitizer and Go convention).</summary>
    public const int RacesFound = 66;

    /// <summary>Bad input: not an assembly, missing file, build failure, unwritable output.</summary>
    public const int BadInput = 2;

    /// <summary>A bug in RaceDetector itself.</summary>
    public const int InternalError = 70;

    /// <summary>Runs a command body; input problems become one line on stderr and a non-zero exit, never a stack dump.</summary>
    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception ex) when (ex is CliException or InstrumentationException)
        {
            Console.Error.WriteLine($"racedetector: error: {ex.Message}");
            return BadInput;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"racedetector: internal error: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
            if (Environment.GetEnvironmentVariable("RACEDETECTOR_DEBUG") == "1")
                Console.Error.WriteLine(ex);
            return InternalError;
        }
    }
}

/// <summary>Command-line mistakes (a bad option value, an unknown option), reported like input errors: one line each, exit code 2.</summary>
internal static class CommandLineErrors
{
    const string UnknownOption = "unknown option ";

    /// <summary>
    /// Prints the parse errors and a pointer to the command's help, instead of the whole help text. An unknown option
    /// is the error: the words after it, which the parser then took for arguments, are not reported as well.
    /// </summary>
    public static int Report(ParseResult parse)
    {
        var messages = parse.Errors.Select(e => e.Message).Distinct().ToList();
        if (messages.Any(IsUnknownOption))
            messages.RemoveAll(m => !IsUnknownOption(m));
        foreach (var message in messages)
            Console.Error.WriteLine($"racedetector: error: {message}");
        Console.Error.WriteLine($"racedetector: see '{CommandPath(parse.CommandResult)} --help'");
        return CliErrors.BadInput;
    }

    /// <summary>
    /// The parser hands an unknown option (<c>run --bogus app.dll</c>) to an argument, which would then be reported as
    /// a missing file or passed on to the program: call it an unknown option, unless a file or folder has that name.
    /// </summary>
    public static Argument<T> RejectingUnknownOptions<T>(this Argument<T> argument)
    {
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.Length > 1 && t.Value[0] == '-'))
            {
                if (!File.Exists(token.Value) && !Directory.Exists(token.Value))
                    result.AddError($"{UnknownOption}'{token.Value}'");
            }
        });
        return argument;
    }

    static bool IsUnknownOption(string message) => message.StartsWith(UnknownOption, StringComparison.Ordinal);

    /// <summary>An option value that must be a process exit code, 0 to 255 (a larger one would be truncated by the OS).</summary>
    public static int ExitCodeValue(ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int code) && code <= 255)
            return code;
        result.AddError($"--exit-code: '{text}' is not an exit code (a number from 0 to 255)");
        return 0;
    }

    static string CommandPath(CommandResult command) =>
        command.Parent is CommandResult parent ? CommandPath(parent) + " " + command.Command.Name : "racedetector";
}
