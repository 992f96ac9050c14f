// Static constructors: everything a type's static constructor does happens before any use of the type.
// Race-free; the detector must not report the constructor's writes. The last scenario is a real race
// on a static written after initialization, which must be reported.

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
