// Static constructors: everything a type's static constructor does happens before any use of the type.
// The detector must not report the constructor's writes. Two real races must be reported: a static written
// after initialization, and a write made before running some type's static constructor, read by a thread
// that never uses that type (the constructor orders nothing for it).

var readers = new Thread[3];
for (int i = 0; i < readers.Length; i++)
{
    readers[i] = new Thread(() =>
    {
        // The first reader to get here runs Settings' static constructor; the others wait for it.
        Console.WriteLine(Settings.Name.Length + Settings.Counter + Settings.Shared.Values[0]);
    }) { Name = $"reader-{i}" };
}
foreach (var reader in readers)
    reader.Start();
foreach (var reader in readers)
    reader.Join();

var writer = new Thread(() => Late.Value = 1) { Name = "late-writer" }; // RACE: Value
writer.Start();
Console.WriteLine(Late.Value); // RACE: Value
writer.Join();

// The initializer runs two static constructors after its write: Unrelated's, and the compiler's lambda cache's.
// Main waits for it in real time only (IsCancellationRequested is not an edge) and never uses either type.
var box = new Box();
var done = new CancellationTokenSource();
var initializer = new Thread(() =>
{
    box.Seen = 1; // RACE: Seen
    Console.WriteLine(Unrelated.Table.Length + Lambdas.Twice(2));
    done.Cancel();
}) { Name = "initializer" };
initializer.Start();
while (!done.IsCancellationRequested)
    Thread.Sleep(1);
Console.WriteLine(box.Seen); // RACE: Seen
initializer.Join();

static class Settings
{
    public static string Name = "settings";
    public static int Counter = 7;
    public static readonly Holder Shared = CreateHolder();

    static Holder CreateHolder()
    {
        var holder = new Holder();
        holder.Values = new int[] { 35 };  // written by the static constructor, not by Holder's constructor
        return holder;
    }
}

class Holder
{
    public int[] Values = [];
}

static class Late
{
    public static int Value;
}

class Box
{
    public int Seen;
}

static class Unrelated
{
    public static readonly int[] Table = [1, 2, 3];
}

static class Lambdas
{
    public static int Twice(int n)
    {
        Func<int, int> twice = x => x * 2;
        return twice(n);
    }
}
