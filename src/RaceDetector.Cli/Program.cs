using System.CommandLine;
using RaceDetector.Cli;

var passedOn = new PassedOnArguments(args);
var root = new RootCommand("RaceDetector: find data races in .NET programs (FastTrack happens-before analysis).");
root.Subcommands.Add(InstrumentCommand.Create());
root.Subcommands.Add(RunCommand.Create(passedOn));
root.Subcommands.Add(TestCommand.Create(passedOn));
root.Subcommands.Add(ReportCommand.Create());
root.Subcommands.Add(RestoreCommand.Create());
var parse = passedOn.Parse(root);
// Help clears parse errors (run --help with no target); any other error is bad input, not a reason to print the help.
return parse.Errors.Count > 0 && parse.Action is not { ClearsParseErrors: true } ? CommandLineErrors.Report(parse) : parse.Invoke();
