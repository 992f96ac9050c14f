using System.CommandLine;
using RaceDetector.Cli.Reports;

namespace RaceDetector.Cli;

/// <summary><c>racedetector report &lt;folder | file.json&gt;...</c>: merges reports written by instrumented processes.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("reports") { Description = "JSON reports, or folders of them (each may have a .log twin with the text reports).", Arity = ArgumentArity.OneOrMore }.RejectingUnknownOptions();
        var reports = new ReportOptions(runsPrograms: false);
        var msbuildErrors = new Option<bool>("--msbuild-errors") { Description = "Also print each race as an MSBuild error line: file(line): error <kind>: message." };
        var command = new Command("report", "Merge and show the reports of instrumented processes that ran on their own (RACEDETECTOR_OPTIONS, the MSBuild switch). Exit code 66 when they hold races.");
        command.Arguments.Add(inputs);
        reports.AddTo(command);
        command.Options.Add(msbuildErrors);
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            var paths = parse.GetValue(inputs)!;
            var files = new List<string>();
            foreach (var path in paths)
            {
                if (Directory.Exists(path))
                    files.AddRange(MergedReport.ReportFiles(path));
                else if (File.Exists(path))
                    files.Add(path);
                else
                    throw new CliException($"{path}: no such report file or folder");
            }
            return ReportOutput.Publish(MergedReport.FromFiles(files), reports.Read(parse, paths[0]), exitCodeWithoutRaces: 0, parse.GetValue(msbuildErrors));
        }));
        return command;
    }
}
