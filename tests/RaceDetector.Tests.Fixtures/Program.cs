namespace RaceDetector.Tests.Fixtures;

/// <summary>
/// Runs every scenario in order on the main thread and prints one line per scenario:
/// <c>name: result</c>. A scenario that throws prints the exception type and message instead, so
/// one broken construct shows up as one differing line rather than a crash. Arguments, when given,
/// are scenario names: only those run (tests use this to isolate a scenario that crashes the process).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var scenarios = new ScenarioList();
        GenericScenarios.Register(scenarios);
        StructScenarios.Register(scenarios);
        ExceptionScenarios.Register(scenarios);
        ControlFlowScenarios.Register(scenarios);
        AtomicScenarios.Register(scenarios);
        LockScenarios.Register(scenarios);
        StaticConstructorScenarios.Register(scenarios);
        AsyncScenarios.Register(scenarios);
        LanguageScenarios.Register(scenarios);
        ArrayScenarios.Register(scenarios);
        UnsafeScenarios.Register(scenarios);
        SymbolScenarios.Register(scenarios);
        EdgeScenarios.Register(scenarios);
        ModernScenarios.Register(scenarios);

        var selected = args.Length == 0 ? scenarios.Items : scenarios.Items.Where(i => args.Contains(i.Name)).ToList();
        if (selected.Count != (args.Length == 0 ? scenarios.Items.Count : args.Distinct().Count()))
        {
            Console.Error.WriteLine("unknown scenario name in: " + string.Join(", ", args));
            return 2;
        }
        int failed = 0;
        foreach (var (name, body) in selected)
        {
            string result;
            try
            {
                result = body();
            }
            catch (Exception ex)
            {
                failed++;
                result = "THREW " + ex.GetType().FullName + ": " + ex.Message.ReplaceLineEndings(" ");
            }
            Console.WriteLine(name + ": " + result);
        }
        Console.WriteLine($"done: {selected.Count} scenarios, {failed} threw");
        return 0;
    }
}

public sealed class ScenarioList
{
    public List<(string Name, Func<string> Body)> Items { get; } = new();

    public void Add(string name, Func<string> body)
    {
        if (Items.Exists(i => i.Name == name))
            throw new InvalidOperationException("duplicate scenario " + name);
        Items.Add((name, body));
    }
}
