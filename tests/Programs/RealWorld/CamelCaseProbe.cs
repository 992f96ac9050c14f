using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace RealWorld;

/// <summary>
/// Newtonsoft.Json's CamelCasePropertyNamesContractResolver shares the contracts it creates between all its
/// instances, through a static dictionary that readers read without a lock. Thread "first" serializes with one
/// resolver; thread "second" then serializes the same objects with another, after first is done but with no
/// happens-before edge (the gate is not modelled): it reads the static dictionary and the contracts first
/// created. Nothing else is shared, so every run reports the same races.
/// </summary>
static class CamelCaseProbe
{
    public static int Run()
    {
        var authors = CatalogFactory.Create(20, seed: 5).Authors;
        var firstDone = new CancellationTokenSource();
        string? first = null, second = null;
        var threads = new[]
        {
            new Thread(() =>
            {
                first = Serialize(authors);
                firstDone.Cancel();
            }) { Name = "first" },
            new Thread(() =>
            {
                UnmodelledGate.WaitFor(firstDone.Token);
                second = Serialize(authors);
            }) { Name = "second" },
        };
        foreach (var thread in threads)
            thread.Start();
        foreach (var thread in threads)
            thread.Join();
        Console.WriteLine($"camel-case-probe: {first!.Length} characters, same from both threads: {first == second}");
        return first == second ? 0 : 1;
    }

    static string Serialize(Dictionary<string, Author> authors) =>
        JsonConvert.SerializeObject(authors, new JsonSerializerSettings { ContractResolver = new CamelCasePropertyNamesContractResolver() });
}
