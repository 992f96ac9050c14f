// The broken flag, fixed with a volatile flag: `ready` is a volatile field, so the writer's store to it
// is a release and the reader's load of it is an acquire. A volatile write happens before a volatile
// read of the same field that sees it, so once the reader sees `ready == true` its later plain read of
// `data` is ordered after the writer's plain write of `data`. `data` itself stays a plain field.
// RaceDetector reports no race (exit code 0): volatile accesses to `ready` never race with each other.

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
    volatile bool ready;

    public int Received { get; private set; }

    public void Send()
    {
        data = 42;
        ready = true;
    }

    public void Receive()
    {
        while (!ready)
            Thread.Yield();
        Received = data;
    }
}
