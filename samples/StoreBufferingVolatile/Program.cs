// Litmus test SB (store buffering) with volatile fields: T1 writes x and then reads y; T2 writes y and
// then reads x, all four accesses volatile. Volatile accesses are atomic and never race with each
// other, so there is no data race. But volatile is release/acquire, not sequentially consistent: a
// volatile write followed by a volatile read of another field may still be reordered, so
// r1 == 0 && r2 == 0 remains possible. Forbidding it takes a full fence (Interlocked or
// Thread.MemoryBarrier) between the write and the read, or a lock.
// RaceDetector reports no race (exit code 0).

var t1 = new Thread(Litmus.Thread1) { Name = "T1" };
var t2 = new Thread(Litmus.Thread2) { Name = "T2" };
t1.Start();
t2.Start();
t1.Join();
t2.Join();
Console.WriteLine($"r1 (y) = {Litmus.R1}, r2 (x) = {Litmus.R2}; r1 == 0 && r2 == 0 is still allowed");

static class Litmus
{
    static volatile int x;
    static volatile int y;

    public static int R1 { get; private set; }
    public static int R2 { get; private set; }

    public static void Thread1()
    {
        x = 1;
        R1 = y;
    }

    public static void Thread2()
    {
        y = 1;
        R2 = x;
    }
}
