using System.Diagnostics.CodeAnalysis;

namespace RaceDetector.Benchmarks;

/// <summary>The harness's command line.</summary>
internal sealed record HarnessOptions(int Runs, bool Quick, IReadOnlyList<string> Workloads, bool Keep)
{
    public static IReadOnlyList<string> AllWorkloads { get; } = ["field", "array", "lock", "private"];

    public const string Usage =
        """
        usage: RaceDetector.Benchmarks [--runs N] [--quick] [--workload NAME]... [--keep]
          --runs N         runs of each workload, plain and instrumented alternating (default 5; 1 with --quick)
          --quick          tiny sizes, for smoke tests; the timings mean nothing
          --workload NAME  only this workload (field, array, lock, private); may be repeated or comma-separated
          --keep           keep the temporary folder with the instrumented app and the race reports
        """;

    /// <summary>Parses <paramref name="args"/>; false with a null problem means help was asked for.</summary>
    public static bool TryParse(string[] args, [NotNullWhen(true)] out HarnessOptions? options, out string? problem)
    {
        options = null;
        problem = null;
        int? runs = null;
        bool quick = false, keep = false;
        var workloads = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--runs":
                    if (i + 1 >= args.Length || !int.TryParse(args[++i], out int n) || n < 1)
                    {
                        problem = "--runs needs a positive number";
                        return false;
                    }
                    runs = n;
                    break;
                case "--quick":
                    quick = true;
                    break;
                case "--keep":
                    keep = true;
                    break;
                case "--workload":
                    if (i + 1 >= args.Length)
                    {
                        problem = "--workload needs a name";
                        return false;
                    }
                    foreach (string name in args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (!AllWorkloads.Contains(name))
                        {
                            problem = $"unknown workload '{name}'; expected one of {string.Join(", ", AllWorkloads)}";
                            return false;
                        }
                        if (!workloads.Contains(name))
                            workloads.Add(name);
                    }
                    break;
                case "-h" or "--help":
                    return false;
                default:
                    problem = $"unknown argument '{args[i]}'";
                    return false;
            }
        }
        options = new HarnessOptions(runs ?? (quick ? 1 : 5), quick, workloads.Count > 0 ? workloads : AllWorkloads, keep);
        return true;
    }
}
