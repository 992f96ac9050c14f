using System.CommandLine;
using RaceDetector.Cli;

var root = new RootCommand("RaceDetector: find data races in .NET programs (FastTrack happens-before analysis).");
root.Subcommands.Add(InstrumentCommand.Create());
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(TestCommand.Create());
root.Subcommands.Add(ReportCommand.Create());
root.Subcommands.Add(RestoreCommand.Create());
return root.Parse(args).Invoke();
