// One race, on a field of a library class, built by the tests as each kind of input: portable, embedded or no
// PDB, strong-named, ReadyToRun, single-file bundle. The library's identity is printed so that a strong-named
// build can be seen to load under its own name.
using InputKinds;

var counter = new Counter();
var threads = Enumerable.Range(1, 2).Select(i => new Thread(() => Work(counter)) { Name = $"worker-{i}" }).ToList();
threads.ForEach(t => t.Start());
threads.ForEach(t => t.Join());
Console.WriteLine($"count={counter.Count}");
Console.WriteLine($"library={typeof(Counter).Assembly.FullName}");

static void Work(Counter counter) => counter.Increment(); // CALLER
