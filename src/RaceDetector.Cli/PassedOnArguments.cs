using System.CommandLine;

namespace RaceDetector.Cli;

/// <summary>
/// What follows the first <c>--</c> of the command line: arguments for the program a command runs (the app,
/// <c>dotnet test</c>), passed on as they are. The parser never sees them for such a command: it would give the
/// first of them to an optional argument before <c>--</c> (<c>test -- --filter X</c> would test a project named
/// <c>--filter</c>), and could not tell them from racedetector's own arguments when checking for unknown options.
/// </summary>
internal sealed class PassedOnArguments(string[] commandLine)
{
    readonly int _separator = Array.IndexOf(commandLine, "--");
    readonly HashSet<Command> _takers = [];

    /// <summary>The arguments after <c>--</c>; none without it.</summary>
    public IReadOnlyList<string> Values => _separator < 0 ? [] : commandLine[(_separator + 1)..];

    /// <summary>Declares that <paramref name="command"/> passes the arguments after <c>--</c> on.</summary>
    public void TakenBy(Command command) => _takers.Add(command);

    /// <summary>
    /// Parses the command line up to <c>--</c> when its command passes the rest on; all of it otherwise, so the parser
    /// rejects arguments after <c>--</c> that a command cannot take.
    /// </summary>
    public ParseResult Parse(RootCommand root)
    {
        if (_separator < 0)
            return root.Parse(commandLine);
        var own = root.Parse(commandLine[.._separator]);
        return _takers.Contains(own.CommandResult.Command) ? own : root.Parse(commandLine);
    }
}
