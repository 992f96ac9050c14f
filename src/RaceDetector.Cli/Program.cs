using System.CommandLine;
using RaceDetector.Cli;

var root = new RootCommand("RaceDetector: find data races in .NET programs (FastTrack happens-before analysis).");
root.Subcommands.Add(InstrumentCommand.Create());
root.Subcommands.Add(RunCommand.Create());
return root.Parse(args).Invoke();
