using System.CommandLine;
using System.Diagnostics;
using RaceDetector.Cli.Reports;
using RaceDetector.Instrumenter;

namespace RaceDetector.Cli;

/// <summary>
/// <c>racedetector run &lt;app.dll | project&gt; [-- args]</c>: builds (for a project), instruments into the
/// cache, runs the program with race reporting on, and exits 66 when races were reported.
/// </summary>
internal static class RunCommand
{
    public static Command Create(PassedOnArguments passedOn)
    {
        var target = new Argument<string>("target") { Description = "The app's .dll, or a project file or folder to build first." }.RejectingUnknownOptions();
        var appArguments = new Argument<string[]>("arguments") { Description = "Arguments for the program (after --).", Arity = ArgumentArity.ZeroOrMore };
        var reports = new ReportOptions(runsPrograms: true);
        var configuration = new Option<string>("--configuration", "-c") { Description = "Build configuration of a project.", DefaultValueFactory = _ => "Debug" };
        var framework = new Option<string?>("--framework", "-f") { Description = "Target framework of a multi-targeted project." };
        var selection = new SelectionOptions();

        var command = new Command("run", "Build if needed, instrument, and run a program with race detection. Exit code 66 when races were reported.");
        command.Arguments.Add(target);
        command.Arguments.Add(appArguments);
        command.Options.Add(configuration);
        command.Options.Add(framework);
        reports.AddTo(command);
        selection.AddTo(command);
        passedOn.TakenBy(command);
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            var settings = reports.Read(parse, parse.GetValue(target)!);
            string app = RunnableAssembly(ResolveApp(parse.GetValue(target)!, parse.GetValue(configuration)!, parse.GetValue(framework)));
            var instrumented = InstrumentCache.Instrumented(app, selection.Read(parse));
            return Run(instrumented.EntryAssembly!, [.. parse.GetValue(appArguments) ?? [], .. passedOn.Values], settings);
        }));
        return command;
    }

    static string ResolveApp(string target, string configuration, string? framework)
    {
        if (ProjectBuilder.FindProject(target) is { } project)
            return ProjectBuilder.Build(project, configuration, framework);
        if (File.Exists(target))
            return Path.GetFullPath(target);
        if (Directory.Exists(target))
            throw new CliException($"{target}: no project file in this folder; pass the app's .dll");
        throw new CliException($"{target}: no such file or folder");
    }

    /// <summary>
    /// The assembly the host will run for <paramref name="app"/> (a .dll or its apphost). Only an app has a
    /// runtimeconfig.json; without one, the host fails with several lines about libhostpolicy: say why now.
    /// </summary>
    static string RunnableAssembly(string app)
    {
        string assembly = AppInstrumenter.EntryAssemblyOf(app);
        string runtimeConfig = Path.ChangeExtension(assembly, ".runtimeconfig.json");
        if (!File.Exists(runtimeConfig))
            throw new CliException($"{app}: a class library, not an app (no {Path.GetFileName(runtimeConfig)})");
        return assembly;
    }

    static int Run(string entryAssembly, string[] arguments, RaceSettings settings)
    {
        using var report = new ReportFile(settings.JsonPath);
        var start = new ProcessStartInfo(Dotnet.HostPath) { UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(entryAssembly);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["RACEDETECTOR_OPTIONS"] = settings.RuntimeOptions(report.Path, logPath: null);
        string runtime = Path.Combine(Path.GetDirectoryName(entryAssembly)!, "RaceDetector.Runtime.dll");
        string? hooks = Environment.GetEnvironmentVariable("DOTNET_STARTUP_HOOKS");
        start.Environment["DOTNET_STARTUP_HOOKS"] = string.IsNullOrEmpty(hooks) ? runtime : hooks + Path.PathSeparator + runtime;

        // Ctrl+C reaches the program too; wait for it to finish its own way.
        ConsoleCancelEventHandler keepWaiting = (_, e) => e.Cancel = true;
        Console.CancelKeyPress += keepWaiting;
        try
        {
            using var process = Process.Start(start) ?? throw new CliException($"{entryAssembly}: cannot start the program");
            process.WaitForExit();
            int races = report.RaceCount();
            int exit = races > 0 ? settings.ExitCode : process.ExitCode;
            report.Finish(exit);
            ReportOutput.WriteSarif(report.Races(), settings);
            return exit;
        }
        finally
        {
            Console.CancelKeyPress -= keepWaiting;
        }
    }
}
