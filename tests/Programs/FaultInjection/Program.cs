// Runs racy and race-free work while the detector is told to fail internally
// (RACEDETECTOR_OPTIONS=inject_fault_after=N). The program must finish normally with its own output.
var box = new Box();
for (int round = 0; round < 3; round++)
{
    var threads = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
    {
        for (int i = 0; i < 1000; i++)
            box.Count++;
    })).ToList();
    threads.ForEach(t => t.Start());
    threads.ForEach(t => t.Join());
}
Console.WriteLine("finished");
return 3;

class Box
{
    public int Count;
}
