using System.Text.RegularExpressions;
using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.Benchmarks;

/// <summary>
/// Smoke test of the benchmark harness (tests/RaceDetector.Benchmarks): with --quick it instruments the
/// workloads app and runs every workload once plain and once instrumented. Timings are never asserted.
/// </summary>
public class BenchmarkHarnessTests
{
    static readonly string[] Workloads = ["field", "array", "lock", "private"];

    [Fact]
    public void Quick_run_reports_every_workload_with_ratios_equal_checksums_and_no_races()
    {
        var result = ProcessRunner.Dotnet([HarnessPath(), "--quick"], timeout: TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.StandardOutput.Split('\n').Select(l => l.TrimEnd()).ToList();
        foreach (string workload in Workloads)
        {
            // workload, plain ms, instr ms, time x, plain MB, instr MB, mem x, checksums equal, races
            var row = lines.Select(l => Regex.Match(l,
                    $@"^{workload}\s+(?<plain>\d+\.\d)\s+(?<instr>\d+\.\d)\s+(?<time>\d+\.\d\d)x\s+\d+\.\d\s+\d+\.\d\s+(?<mem>\d+\.\d\d)x\s+(?<equal>yes|no)\s+(?<races>\d+)$"))
                .SingleOrDefault(m => m.Success);
            Assert.True(row is not null, $"no table row for {workload}:\n{result}");
            Assert.Equal("yes", row.Groups["equal"].Value);
            Assert.Equal("0", row.Groups["races"].Value);
        }
        Assert.Contains("OK: checksums equal, no races reported", result.StandardOutput);
    }

    /// <summary>The harness as built in the same configuration as the tests (a build dependency of this project).</summary>
    static string HarnessPath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string configuration = output.Parent!.Name, framework = output.Name;
        string path = Path.Combine(Repo.Root, "tests", "RaceDetector.Benchmarks", "bin", configuration, framework, "RaceDetector.Benchmarks.dll");
        Assert.True(File.Exists(path), $"{path} is missing; build the solution first");
        return path;
    }
}
