using System.Security.Cryptography;

namespace RealWorld;

/// <summary>
/// Runs <see cref="Workload"/> on four threads at once, released together by a gate the detector does not
/// model (so it adds no happens-before edge between them), and reports what they produced.
/// </summary>
static class FourWorkers
{
    const int Count = 4;

    /// <summary>Exit code 0 when every worker produced the same documents, else 1.</summary>
    public static int Run(string? outputFolder)
    {
        var go = new CancellationTokenSource();
        var results = new Documents[Count];
        var threads = new Thread[Count];
        for (int i = 0; i < Count; i++)
        {
            int worker = i;
            threads[i] = new Thread(() =>
            {
                UnmodelledGate.WaitFor(go.Token);
                results[worker] = Workload.Run();
            }) { Name = $"worker-{worker + 1}" };
        }
        foreach (var thread in threads)
            thread.Start();
        go.Cancel();
        foreach (var thread in threads)
            thread.Join();

        var first = results[0];
        foreach (var (name, content) in first.All)
            Console.WriteLine($"{name}: {content.Length} bytes, sha256 {Convert.ToHexStringLower(SHA256.HashData(content))}");
        var disagreeing = Enumerable.Range(1, Count - 1).Where(i => !results[i].SameAs(first)).Select(i => $"worker-{i + 1}").ToList();
        Console.WriteLine(disagreeing.Count == 0 ? "workers agree" : "workers disagree: " + string.Join(", ", disagreeing));
        if (outputFolder is not null)
            first.WriteTo(outputFolder);
        return disagreeing.Count == 0 ? 0 : 1;
    }
}
