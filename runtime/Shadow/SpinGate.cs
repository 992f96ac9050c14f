namespace RaceDetector.Runtime.Shadow;

/// <summary>
/// A one-word lock for a variable's state. The sections it guards are a few dozen instructions and
/// never block, so a compare-and-swap is cheaper than a monitor; under contention it spins, then yields.
/// </summary>
internal static class SpinGate
{
    public static void Enter(ref int gate)
    {
        if (Interlocked.CompareExchange(ref gate, 1, 0) != 0)
            EnterContended(ref gate);
    }

    public static void Exit(ref int gate) => Volatile.Write(ref gate, 0);

    static void EnterContended(ref int gate)
    {
        var spinner = new SpinWait();
        while (Volatile.Read(ref gate) != 0 || Interlocked.CompareExchange(ref gate, 1, 0) != 0)
            spinner.SpinOnce(sleep1Threshold: -1);
    }
}
