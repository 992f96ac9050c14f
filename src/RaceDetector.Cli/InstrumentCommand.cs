using System.CommandLine;
using RaceDetector.Instrumenter;

namespace RaceDetector.Cli;

/// <summary><c>racedetector instrument &lt;dll | exe | folder&gt; -o &lt;out&gt;</c>: writes an instrumented copy of an app.</summary>
internal static class InstrumentCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "The app's .dll, its apphost, or its output folder." };
        var output = new Option<string>("--output", "-o") { Description = "Folder for the instrumented app (created; replaced if RaceDetector wrote it).", Required = true };
        var selection = new SelectionOptions();
        var command = new Command("instrument", "Instrument an app and its non-framework dependencies into a new folder. The input is never modified.");
        command.Arguments.Add(input);
        command.Options.Add(output);
        selection.AddTo(command);
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            var result = AppInstrumenter.Instrument(parse.GetValue(input)!, parse.GetValue(output)!, selection.Read(parse));
            foreach (var assembly in result.Assemblies)
            {
                Console.WriteLine(assembly.Action == AssemblyAction.Instrumented
                    ? $"instrumented {assembly.FileName} ({assembly.Sites} sites)"
                    : $"copied       {assembly.FileName}: {assembly.Reason}");
            }
            Console.WriteLine($"wrote {result.OutputDirectory}");
            return 0;
        }));
        return command;
    }
}

/// <summary>The <c>--include</c>/<c>--exclude</c> options shared by the commands that instrument.</summary>
internal sealed class SelectionOptions
{
    readonly Option<string[]> _include = new("--include")
    {
        Description = "Only instrument assemblies whose name matches this glob (repeatable). Overrides the default exclusions.",
        AllowMultipleArgumentsPerToken = false,
    };

    readonly Option<string[]> _exclude = new("--exclude")
    {
        Description = "Never instrument assemblies whose name matches this glob (repeatable).",
        AllowMultipleArgumentsPerToken = false,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_include);
        command.Options.Add(_exclude);
    }

    public InstrumentOptions Read(ParseResult parse) => new()
    {
        Include = parse.GetValue(_include) ?? [],
        Exclude = parse.GetValue(_exclude) ?? [],
    };
}
