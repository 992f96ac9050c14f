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
