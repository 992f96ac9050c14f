// Litmus test MP (message passing) with plain fields: T1 writes the payload x and then the flag y;
// T2 reads the flag y and then the payload x. With plain accesses nothing orders the two threads,
// so T2 may see the flag but not the payload (r1 == 1, r2 == 0): the compiler and the CPU may reorder
// plain accesses, and the .NET memory model allows it.
// RaceDetector reports two races on static fields: Litmus.x (T1's write vs T2's read) and Litmus.y
// (T1's write vs T2's read). See MessagePassingVolatile for the fix.

var t1 = new Thread(Litmus.Thread1) { Name = "T1" };
var t2 = new Thread(Litmus.Thread2) { Name = "T2" };
t1.Start();
t2.Start();
t1.Join();
t2.Join();
Console.WriteLine($"r1 (y) = {Litmus.R1}, r2 (x) = {Litmus.R2}; r1 == 1 && r2 == 0 is allowed");

static class Litmus
{
    static int x;
    static int y;

    public static int R1 { get; private set; }
    public static int R2 { get; private set; }

    public static void Thread1()
    {
        x = 1; // RACE: x
        y = 1; // RACE: y
    }

    public static void Thread2()
    {
        R1 = y; // RACE: y
        R2 = x; // RACE: x
    }
}
