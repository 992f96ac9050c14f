// Litmus test SB (store buffering, Dekker's core) with plain fields: T1 writes x and then reads y;
// T2 writes y and then reads x. Each thread's write may still sit in its core's store buffer when the
// other thread reads, so both may read 0 (r1 == 0 && r2 == 0), even on x86. Nothing orders the threads.
// RaceDetector reports two races on static fields: Litmus.x (T1's write vs T2's read) and Litmus.y
// (T2's write vs T1's read). See StoreBufferingVolatile.

var t1 = new Thread(Litmus.Thread1) { Name = "T1" };
var t2 = new Thread(Litmus.Thread2) { Name = "T2" };
t1.Start();
t2.Start();
t1.Join();
t2.Join();
Console.WriteLine($"r1 (y) = {Litmus.R1}, r2 (x) = {Litmus.R2}; r1 == 0 && r2 == 0 is allowed");

static class Litmus
{
    static int x;
    static int y;

    public static int R1 { get; private set; }
    public static int R2 { get; private set; }

    public static void Thread1()
    {
        x = 1; // RACE: x
        R1 = y; // RACE: y
    }

    public static void Thread2()
    {
        y = 1; // RACE: y
        R2 = x; // RACE: x
    }
}
