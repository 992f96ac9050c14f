using System.Diagnostics;
using System.Globalization;
using RaceDetector.Benchmarks;
using RaceDetector.Instrumenter;

// Instruments the workloads app, runs every workload plain and instrumented (alternating), and prints
// the median time and peak memory of both and their ratios. Exit code 1 when a run failed, checksums
// differ or races were reported; 2 on bad arguments or when the setup fails.

if (!HarnessOptions.TryParse(args, out var options, out string? problem))
{
    if (problem is not null)
        Console.Error.WriteLine($"error: {problem}");
    Console.Error.WriteLine(HarnessOptions.Usage);
    return problem is null ? 0 : 2;
}

using var temp = new ScratchFolder(options.Keep);
Workspace workspace;
try
{
    workspace = Workspace.Create(temp.Path);
}
catch (Exception ex) when (ex is InstrumentationException or IOException or InvalidOperationException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

#if DEBUG
string configuration = "Debug";
#else
string configuration = "Release";
#endif
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"RaceDetector benchmarks: {options.Runs} run(s) per workload{(options.Quick ? ", quick sizes" : "")}, harness built {configuration}, " +
    $".NET {Environment.Version}, {Environment.ProcessorCount} cores"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"instrumented {workspace.Sites} sites in {workspace.InstrumentTime.TotalSeconds:F1} s (runtime flavor {workspace.Flavor}) into {workspace.InstrumentedDirectory}"));
if (configuration == "Debug")
    Console.WriteLine("note: the workloads are a Debug build; use -c Release for meaningful numbers");

var runner = new WorkloadRunner(workspace, options.Quick, temp.Path);
var rows = new List<ResultRow>();
foreach (string workload in options.Workloads)
{
    var row = new ResultRow(workload);
    for (int run = 1; run <= options.Runs; run++)
    {
        Console.Error.Write($"{workload} {run}/{options.Runs}: ");
        var plain = runner.Run(workload, instrumented: false, run);
        Console.Error.Write($"plain {plain.Describe()}; ");
        var instrumented = runner.Run(workload, instrumented: true, run);
        Console.Error.WriteLine($"instrumented {instrumented.Describe()}");
        row.Add(plain, instrumented);
    }
    rows.Add(row);
}

Console.WriteLine();
ResultTable.Print(Console.Out, rows);
var failures = rows.SelectMany(r => r.Problems()).ToList();
foreach (string failure in failures)
    Console.WriteLine($"FAILED: {failure}");
if (failures.Count == 0)
    Console.WriteLine("OK: checksums equal, no races reported");
if (options.Keep)
    Console.WriteLine($"kept {temp.Path}");
return failures.Count == 0 ? 0 : 1;
