// DependencyInjection: objects that Microsoft.Extensions.DependencyInjection and Options build on one thread
// and hand to others through their own (uninstrumented) locks, one scenario per run. Two threads resolve the
// same services one after the other in real time only (Workers.InOrder), so the detector sees no edge
// between them but the container's. Scenarios named "...-misuse" hold deliberate races; every racy access
// carries a "// RACE: <member> (<operation>)" comment that the end-to-end tests (DependencyInjectionTests) read.
// singleton-factory, options, keyed-factory and constructor-helper print `seen=...` and are race-free.

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

return Scenarios.Run("DependencyInjection", args, new Dictionary<string, Action>
{
    ["singleton-factory"] = () => Resolve(services => services.AddSingleton(_ => Settings.Loaded("factory")),
        provider => provider.GetRequiredService<Settings>().Name),
    ["keyed-factory"] = () => Resolve(services => services.AddKeyedSingleton("main", (_, key) => Settings.Loaded((string)key!)),
        provider => provider.GetRequiredKeyedService<Settings>("main").Name),
    ["options"] = () => Resolve(services => services.Configure<Limits>(limits => limits.Max = 5),
        provider => provider.GetRequiredService<IOptions<Limits>>().Value.Max.ToString()),
    ["constructor-helper"] = () => Resolve(services => services.AddSingleton<Catalog>(),
        provider => provider.GetRequiredService<Catalog>().First),
    ["singleton-misuse"] = () => Resolve(services => services.AddSingleton(_ => Settings.Loaded("factory")),
        provider => provider.GetRequiredService<Settings>().Visit().ToString()),
});

// Each thread resolves from the one provider and records what it saw; the first one to resolve runs the factory.
static void Resolve(Action<IServiceCollection> register, Func<IServiceProvider, string> use)
{
    var services = new ServiceCollection();
    register(services);
    using var provider = services.BuildServiceProvider();
    var seen = new string[2];
    Workers.InOrder(("first", () => seen[0] = use(provider)), ("second", () => seen[1] = use(provider)));
    Console.WriteLine($"seen={seen[0]},{seen[1]}");
}

sealed class Settings
{
    public string Name = "";
    public int Visits;

    public static Settings Loaded(string name)
    {
        var settings = new Settings();
        settings.Name = name; // published with the object the factory returns
        return settings;
    }

    public int Visit() => ++Visits; // RACE: Visits (write)
}

sealed class Limits
{
    public int Max { get; set; }
}

sealed class Catalog
{
    readonly List<string> _items = new();

    public Catalog() => Fill();

    public string First { get; private set; } = "";

    void Fill()
    {
        _items.Add("a");
        First = _items[0];
    }
}
