// Double-checked locking done right: `instance` is volatile, so the store that publishes the singleton
// is a release and the unlocked read is an acquire. A thread that sees the singleton also sees
// everything written before it was published; volatile accesses never race with each other, and the
// second check and the store happen under the lock.
// RaceDetector reports no race (exit code 0).

var results = new Singleton[4];
var threads = new Thread[results.Length];
for (int i = 0; i < threads.Length; i++)
{
    int slot = i;
    threads[i] = new Thread(() => results[slot] = Singleton.GetInstance()) { Name = $"caller-{i + 1}" };
}
foreach (var thread in threads)
    thread.Start();
foreach (var thread in threads)
    thread.Join();
Console.WriteLine($"constructed {Singleton.Constructed} time(s); same instance everywhere: {results.All(r => ReferenceEquals(r, results[0]))}");
Console.WriteLine($"settings: {results[0].Name} = {results[0].Value}");

sealed class Singleton
{
    static readonly object gate = new();
    static volatile Singleton? instance;
    static int constructed;

    public string Name { get; }
    public int Value { get; }

    Singleton()
    {
        Name = "answer";
        Value = 42;
        constructed++; // runs under the lock
    }

    public static int Constructed => constructed;

    public static Singleton GetInstance()
    {
        var result = instance;
        if (result is null)
        {
            lock (gate)
            {
                result = instance;
                if (result is null)
                {
                    result = new Singleton();
                    instance = result;
                }
            }
        }
        return result;
    }
}
