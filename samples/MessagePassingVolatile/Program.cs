// Litmus test MP (message passing) done right: T1 writes the plain payload x and then publishes the
// flag y with Volatile.Write (a release); T2 spins on Volatile.Read(ref y) (an acquire) until it sees
// 1, and only then reads x. The volatile write happens before the volatile read that sees it, so T2
// always reads x == 1, and its plain read of x is ordered after T1's plain write.
// RaceDetector reports no race (exit code 0).

var t1 = new Thread(Litmus.Thread1) { Name = "T1" };
var t2 = new Thread(Litmus.Thread2) { Name = "T2" };
t2.Start();
t1.Start();
t1.Join();
t2.Join();
Console.WriteLine($"T2 saw the flag, then x = {Litmus.R2}");

static class Litmus
{
    static int x;
    static int y;

    public static int R2 { get; private set; }

    public static void Thread1()
    {
        x = 1;
        Volatile.Write(ref y, 1);
    }

    public static void Thread2()
    {
        while (Volatile.Read(ref y) != 1)
            Thread.Yield();
        R2 = x;
    }
}
