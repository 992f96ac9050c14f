using System.Globalization;

namespace RaceDetector.Benchmarks;

/// <summary>All runs of one workload, and their medians.</summary>
internal sealed class ResultRow(string workload)
{
    readonly List<RunResult> _plain = [];
    readonly List<RunResult> _instrumented = [];

    public string Workload { get; } = workload;

    public void Add(RunResult plain, RunResult instrumented)
    {
        _plain.Add(plain);
        _instrumented.Add(instrumented);
    }

    bool Complete => _plain.Concat(_instrumented).All(r => r.Error is null);

    public double PlainMs => Median(_plain.Select(r => r.ElapsedMs));

    public double InstrumentedMs => Median(_instrumented.Select(r => r.ElapsedMs));

    public double PlainMb => Median(_plain.Select(r => r.PeakMegabytes));

    public double InstrumentedMb => Median(_instrumented.Select(r => r.PeakMegabytes));

    /// <summary>Every run, plain and instrumented, printed the same checksum.</summary>
    public bool ChecksumsEqual => Complete && _plain.Concat(_instrumented).Select(r => r.Checksum).Distinct().Count() == 1;

    /// <summary>The most races any instrumented run reported.</summary>
    public int Races => _instrumented.Max(r => r.Races ?? 0);

    public IEnumerable<string> Problems()
    {
        foreach (var run in _plain.Concat(_instrumented).Where(r => r.Error is not null))
            yield return $"{Workload} ({(run.Instrumented ? "instrumented" : "plain")}): {run.Error}";
        if (Complete && !ChecksumsEqual)
            yield return $"{Workload}: checksums differ: plain {Join(_plain)}; instrumented {Join(_instrumented)}";
        if (Races > 0)
            yield return $"{Workload}: the instrumented run reported {Races} race(s) on a race-free workload";
    }

    static string Join(IEnumerable<RunResult> runs) => string.Join(", ", runs.Select(r => r.Checksum));

    static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        int middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

/// <summary>The printed table: medians over the runs, and instrumented/plain ratios.</summary>
internal static class ResultTable
{
    static readonly string[] Headers =
        ["workload", "plain ms", "instr ms", "time x", "plain MB", "instr MB", "mem x", "checksums equal", "races"];

    public static void Print(TextWriter writer, IReadOnlyList<ResultRow> rows)
    {
        var cells = rows.Select(Cells).ToList();
        var widths = Headers.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        writer.WriteLine(Format(Headers, widths));
        writer.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in cells)
            writer.WriteLine(Format(row, widths));
    }

    static string[] Cells(ResultRow row)
    {
        var c = CultureInfo.InvariantCulture;
        return
        [
            row.Workload,
            row.PlainMs.ToString("F1", c),
            row.InstrumentedMs.ToString("F1", c),
            Ratio(row.InstrumentedMs, row.PlainMs),
            row.PlainMb.ToString("F1", c),
            row.InstrumentedMb.ToString("F1", c),
            Ratio(row.InstrumentedMb, row.PlainMb),
            row.ChecksumsEqual ? "yes" : "no",
            row.Races.ToString(c),
        ];
    }

    static string Ratio(double instrumented, double plain) =>
        plain > 0 && instrumented > 0 ? (instrumented / plain).ToString("F2", CultureInfo.InvariantCulture) + "x" : "n/a";

    /// <summary>The workload name left-aligned, numbers right-aligned.</summary>
    static string Format(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd();
}
