// Shared by the scenario programs that list it in their project file.

/// <summary>Runs the one scenario a program's first argument names; without one, lists them.</summary>
static class Scenarios
{
    public static int Run(string program, string[] args, IReadOnlyDictionary<string, Action> scenarios)
    {
        if (Find(program, args, scenarios) is not { } scenario)
            return 2;
        scenario();
        return 0;
    }

    /// <summary>Like <see cref="Run"/>, for scenarios that await.</summary>
    public static async Task<int> RunAsync(string program, string[] args, IReadOnlyDictionary<string, Func<Task>> scenarios)
    {
        if (Find(program, args, scenarios) is not { } scenario)
            return 2;
        await scenario();
        return 0;
    }

    static T? Find<T>(string program, string[] args, IReadOnlyDictionary<string, T> scenarios) where T : class
    {
        if (args.Length == 1 && scenarios.TryGetValue(args[0], out var scenario))
            return scenario;
        Console.Error.WriteLine($"usage: {program} <scenario>; scenarios: " + string.Join(", ", scenarios.Keys));
        return null;
    }
}

/// <summary>Named threads for scenarios; a program adds its own helpers in another part.</summary>
static partial class Workers
{
    public static Thread[] Start(params (string Name, ThreadStart Body)[] bodies)
    {
        var threads = new Thread[bodies.Length];
        for (int i = 0; i < bodies.Length; i++)
            threads[i] = new Thread(bodies[i].Body) { Name = bodies[i].Name };
        foreach (var thread in threads)
            thread.Start();
        return threads;
    }

    public static void Join(Thread[] threads)
    {
        foreach (var thread in threads)
            thread.Join();
    }

    /// <summary>Starts every body on a thread of its own name, then joins them all.</summary>
    public static void Run(params (string Name, ThreadStart Body)[] bodies) => Join(Start(bodies));

    /// <summary>
    /// Runs each step on a thread of its own name, one after another in real time only: a step waits on
    /// the previous step's CancellationToken.IsCancellationRequested, which the detector does not model.
    /// </summary>
    public static void InOrder(params (string Name, ThreadStart Body)[] steps)
    {
        var finished = new CancellationTokenSource[steps.Length];
        var bodies = new (string, ThreadStart)[steps.Length];
        for (int i = 0; i < steps.Length; i++)
        {
            finished[i] = new CancellationTokenSource();
            int step = i;
            bodies[i] = (steps[i].Name, () =>
            {
                while (step > 0 && !finished[step - 1].IsCancellationRequested)
                    Thread.Yield();
                steps[step].Body();
                finished[step].Cancel();
            });
        }
        Run(bodies);
    }

    /// <summary>Runs <paramref name="first"/> and then <paramref name="second"/> on two threads (see <see cref="InOrder"/>).</summary>
    public static void InTurn(string firstName, ThreadStart first, string secondName, ThreadStart second) =>
        InOrder((firstName, first), (secondName, second));
}
