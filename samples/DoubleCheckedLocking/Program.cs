// Double-checked locking without volatile: GetInstance reads `instance` once without the lock and only
// takes the lock when it saw null. The store that publishes the singleton happens under the lock, but
// the first, unlocked read is ordered with it by nothing, so it is a data race. (The singleton's own
// fields are set in its constructor: .NET publishes a constructor's writes with the reference, so
// readers that reach the object through `instance` see them; the race is on `instance` itself.)
// RaceDetector reports one race, on the static field Singleton.instance: the unlocked read vs the
// write under the lock. See DoubleCheckedLockingVolatile and DoubleCheckedLockingLazy for fixes.

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
    static Singleton? instance;
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
        var result = instance; // RACE: instance
        if (result is null)
        {
            lock (gate)
            {
                result = instance;
                if (result is null)
                {
                    result = new Singleton();
                    instance = result; // RACE: instance
                }
            }
        }
        return result;
    }
}
