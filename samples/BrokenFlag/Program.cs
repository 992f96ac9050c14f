// The broken flag: a writer thread sets `data` and then raises a plain bool `ready`; a reader thread
// spins until it sees `ready` and then reads `data`. Nothing orders the two threads: a plain read that
// happens to see `ready == true` creates no happens-before edge, so the reader may still see stale
// `data` (and the JIT may even hoist the `ready` load out of a loop without calls).
// RaceDetector reports two races: on Mailbox.ready (the spin read vs the write) and on Mailbox.data
// (the writer's write, then the reader's read). See BrokenFlagLock and BrokenFlagVolatile for fixes.

var mailbox = new Mailbox();
var reader = new Thread(mailbox.Receive) { Name = "reader" };
var writer = new Thread(mailbox.Send) { Name = "writer" };
reader.Start();
writer.Start();
writer.Join();
reader.Join();
Console.WriteLine($"reader saw data = {mailbox.Received}");

class Mailbox
{
    int data;
    bool ready;

    public int Received { get; private set; }

    public void Send()
    {
        data = 42; // RACE: data
        ready = true; // RACE: ready
    }

    public void Receive()
    {
        while (!ready) // RACE: ready
            Thread.Yield();
        Received = data; // RACE: data
    }
}
