// Ends the process in every way a process can end, with or without a race found first. The first argument
// names the scenario: "<ending>" is race-free, "racy-<ending>" races on Data.Value first (two threads write it,
// nothing orders them). Endings: return (exit code 5), exit (Environment.Exit(3)), throw (an unhandled
// exception), fail-fast (Environment.FailFast), wait (prints "waiting" and blocks until the test kills it).
string scenario = args.Length > 0 ? args[0] : "";
string ending = scenario.StartsWith("racy-", StringComparison.Ordinal) ? scenario["racy-".Length..] : scenario;
if (ending != scenario)
{
    var writers = Enumerable.Range(1, 2).Select(i => new Thread(() => Data.Value = i)).ToList(); // RACE: Value
    writers.ForEach(t => t.Start());
    writers.ForEach(t => t.Join());
    Console.WriteLine("raced");
}

switch (ending)
{
    case "return":
        return 5;
    case "exit":
        Environment.Exit(3);
        break;
    case "throw":
        throw new InvalidOperationException("unhandled on purpose");
    case "fail-fast":
        Environment.FailFast("failing fast on purpose");
        break;
    case "wait":
        Console.WriteLine("waiting");
        Thread.Sleep(Timeout.Infinite);
        break;
}
Console.WriteLine("scenarios: return, exit, throw, fail-fast, wait, and racy-<each>");
return 1;

static class Data
{
    public static int Value;
}
