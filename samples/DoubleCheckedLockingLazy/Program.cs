// Lazy initialization without hand-written double-checked locking: a static Lazy<Singleton> (created
// by the type's static constructor) runs the factory once, in thread-safe
// ExecutionAndPublication mode, and hands every caller the same instance. The singleton's fields are
// set in its constructor, so they are published together with the reference.
// RaceDetector reports no race (exit code 0).

var results = new Singleton[4];
var threads = new Thread[results.Length];
for (int i = 0; i < threads.Length; i++)
{
    int slot = i;
    threads[i] = new Thread(() => results[slot] = Singleton.Instance) { Name = $"caller-{i + 1}" };
}
foreach (var thread in threads)
    thread.Start();
foreach (var thread in threads)
    thread.Join();
Console.WriteLine($"constructed {Singleton.Constructed} time(s); same instance everywhere: {results.All(r => ReferenceEquals(r, results[0]))}");
Console.WriteLine($"settings: {results[0].Name} = {results[0].Value}");

sealed class Singleton
{
    static readonly Lazy<Singleton> lazy = new(() => new Singleton());
    static int constructed;

    public string Name { get; }
    public int Value { get; }

    Singleton()
    {
        Name = "answer";
        Value = 42;
        constructed++; // runs once, inside Lazy's own lock
    }

    public static int Constructed => constructed;

    public static Singleton Instance => lazy.Value;
}
