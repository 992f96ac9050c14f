// The broken flag, fixed with a lock: the writer sets `data` and `ready` while holding `gate`, and the
// reader checks `ready` and reads `data` while holding the same lock. Each lock release happens before
// the next acquire of that lock, so once the reader sees `ready == true` it also sees `data == 42`.
// RaceDetector reports no race (exit code 0).

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
    readonly object gate = new();
    int data;
    bool ready;

    public int Received { get; private set; }

    public void Send()
    {
        lock (gate)
        {
            data = 42;
            ready = true;
        }
    }

    public void Receive()
    {
        while (true)
        {
            lock (gate)
            {
                if (ready)
                {
                    Received = data;
                    return;
                }
            }
            Thread.Yield();
        }
    }
}
