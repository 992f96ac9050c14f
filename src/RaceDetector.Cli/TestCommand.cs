using System.CommandLine;
using System.Diagnostics;
using RaceDetector.Cli.Reports;

namespace RaceDetector.Cli;

/// <summary>
/// <c>racedetector test &lt;project | solution | folder&gt; [-- dotnet-test-args]</c>: builds the tests, instruments
/// each test assembly with the project's own assemblies, runs <c>dotnet test</c> on the instrumented copies, and
/// merges what every test host reported. Exit code 66 on races, else the test run's own exit code.
/// </summary>
internal static class TestCommand
{
    public static Command Create(PassedOnArguments passedOn)
    {
        var target = new Argument<string>("target")
        {
            Description = "A test project, a solution, or a folder with either (default: the current folder).",
            DefaultValueFactory = _ => ".",
        }.RejectingUnknownOptions();
        var testArguments = new Argument<string[]>("dotnet-test-arguments")
        {
            Description = "Arguments for dotnet test (after --), e.g. --filter.",
            Arity = ArgumentArity.ZeroOrMore,
        }.RejectingUnknownOptions();
        var noBuild = new Option<bool>("--no-build") { Description = "Do not build; test what was built last." };
        var configuration = new Option<string>("--configuration", "-c") { Description = "Build configuration.", DefaultValueFactory = _ => "Debug" };
        var framework = new Option<string?>("--framework", "-f") { Description = "Target framework of multi-targeted test projects (default: all)." };
        var reports = new ReportOptions(runsPrograms: true);
        var selection = new SelectionOptions();

        var command = new Command("test", "Build and run a test suite with race detection. Exit code 66 when races were reported, the test run's exit code otherwise.");
        command.Arguments.Add(target);
        command.Arguments.Add(testArguments);
        command.Options.Add(noBuild);
        command.Options.Add(configuration);
        command.Options.Add(framework);
        reports.AddTo(command);
        selection.AddTo(command);
        passedOn.TakenBy(command);
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            string path = parse.GetValue(target)!;
            var settings = reports.Read(parse, path);
            var tests = TestTarget.Resolve(path);
            string config = parse.GetValue(configuration)!;
            string? tfm = parse.GetValue(framework);
            if (!parse.GetValue(noBuild))
            {
                foreach (var buildTarget in tests.BuildTargets)
                    ProjectBuilder.Compile(buildTarget, config, tfm);
            }
            var options = selection.Read(parse);
            var instrumented = tests.TestAssemblies(config, tfm)
                .Select(a => InstrumentCache.Instrumented(a, options).EntryAssembly!)
                .ToList();
            return Run(instrumented, [.. parse.GetValue(testArguments) ?? [], .. passedOn.Values], settings);
        }));
        return command;
    }

    static int Run(IReadOnlyList<string> testAssemblies, IReadOnlyList<string> testArguments, RaceSettings settings)
    {
        using var reports = new ReportDirectory();
        var start = new ProcessStartInfo(Dotnet.HostPath) { UseShellExecute = false };
        start.ArgumentList.Add("test");
        foreach (var assembly in testAssemblies)
            start.ArgumentList.Add(assembly);
        foreach (var argument in testArguments)
            start.ArgumentList.Add(argument);
        start.Environment["RACEDETECTOR_OPTIONS"] = settings.RuntimeOptions(reports.JsonPattern, reports.LogPattern);

        // Ctrl+C reaches dotnet test too; let it stop its test hosts, then report what they found.
        ConsoleCancelEventHandler keepWaiting = (_, e) => e.Cancel = true;
        Console.CancelKeyPress += keepWaiting;
        try
        {
            using var process = Process.Start(start) ?? throw new CliException("cannot start dotnet test");
            process.WaitForExit();
            return ReportOutput.Publish(reports.Merge(), settings, process.ExitCode);
        }
        finally
        {
            Console.CancelKeyPress -= keepWaiting;
        }
    }
}
