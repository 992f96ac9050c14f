using System.CommandLine;
using RaceDetector.Instrumenter;

namespace RaceDetector.Cli;

/// <summary>
/// <c>racedetector instrument &lt;dll | exe | folder&gt; -o &lt;out&gt;</c> writes an instrumented copy of an
/// app; <c>--in-place</c> instruments the folder itself, keeping the originals for <c>racedetector restore</c>.
/// </summary>
internal static class InstrumentCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "The app's .dll, its apphost, or its output folder." }.RejectingUnknownOptions();
        var output = new Option<string?>("--output", "-o") { Description = "Folder for the instrumented app (created; replaced if RaceDetector wrote it)." };
        var inPlace = new Option<bool>("--in-place") { Description = "Instrument the app's folder itself; the originals go to the backup folder until `racedetector restore`." };
        var backup = new Option<string?>("--backup") { Description = "Backup folder for --in-place (default: <folder>.racedetector-backup next to it)." };
        var runtimeOptions = new Option<string?>("--runtime-options")
        {
            Description = "Detector settings (RACEDETECTOR_OPTIONS syntax, e.g. \"json=races-%p.json\") stored with the app; the variable still wins.",
        };
        var suppressions = new Option<string?>("--suppressions") { Description = "Suppressions file stored with the app's runtime options (checked now)." };
        var selection = new SelectionOptions();
        var command = new Command("instrument", "Instrument an app and its non-framework dependencies into a new folder. The input is never modified unless --in-place is given.");
        command.Arguments.Add(input);
        command.Options.Add(output);
        command.Options.Add(inPlace);
        command.Options.Add(backup);
        command.Options.Add(runtimeOptions);
        command.Options.Add(suppressions);
        selection.AddTo(command);
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            var options = selection.Read(parse) with { RuntimeOptions = RuntimeOptionsText(parse.GetValue(runtimeOptions), parse.GetValue(suppressions)) };
            string source = parse.GetValue(input)!;
            InstrumentResult result;
            if (parse.GetValue(inPlace))
            {
                if (parse.GetValue(output) is not null)
                    throw new CliException("give either --output or --in-place, not both");
                result = InPlaceInstrumentation.Instrument(source, parse.GetValue(backup) ?? InPlaceInstrumentation.DefaultBackup(source), options);
            }
            else
            {
                string target = parse.GetValue(output) ?? throw new CliException("name the output folder with --output (or instrument the folder itself with --in-place)");
                result = AppInstrumenter.Instrument(source, target, options);
            }
            foreach (var assembly in result.Assemblies)
            {
                Console.WriteLine(assembly.Action switch
                {
                    AssemblyAction.Instrumented => $"instrumented {assembly.FileName} ({assembly.Sites} sites)",
                    AssemblyAction.SynchronizationOnly => $"sync-only    {assembly.FileName} ({assembly.Sites} sites): {assembly.Reason}",
                    _ => $"copied       {assembly.FileName}: {assembly.Reason}",
                });
            }
            Console.WriteLine($"wrote {result.OutputDirectory}");
            return 0;
        }));
        return command;
    }

    static string? RuntimeOptionsText(string? text, string? suppressions)
    {
        if (suppressions is null)
            return text;
        string rule = $"suppressions=\"{Reports.ReportOptions.CheckSuppressions(suppressions)}\"";
        return text is null ? rule : text + " " + rule;
    }
}

/// <summary><c>racedetector restore &lt;folder&gt;</c>: undoes <c>instrument --in-place</c>.</summary>
internal static class RestoreCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("folder") { Description = "The app folder instrumented with --in-place." }.RejectingUnknownOptions();
        var backup = new Option<string?>("--backup") { Description = "The backup folder given to --in-place, if not the default." };
        var command = new Command("restore", "Put back the original files of a folder instrumented with --in-place.");
        command.Arguments.Add(folder);
        command.Options.Add(backup);
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            string app = parse.GetValue(folder)!;
            string from = parse.GetValue(backup) ?? InPlaceInstrumentation.DefaultBackup(app);
            Console.WriteLine(InPlaceInstrumentation.Restore(from) ? $"restored {app}" : $"nothing to restore: no backup in {from}");
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
        Description = "Only instrument assemblies whose name matches this glob (repeatable), fully. Overrides the default exclusions; "
                      + "System.* and Microsoft.* libraries not matched are still instrumented for synchronization only.",
        AllowMultipleArgumentsPerToken = false,
    };

    readonly Option<string[]> _exclude = new("--exclude")
    {
        Description = "Never instrument assemblies whose name matches this glob (repeatable), not even for synchronization.",
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
