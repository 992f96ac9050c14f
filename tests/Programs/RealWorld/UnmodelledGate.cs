namespace RealWorld;

/// <summary>
/// Waits for another thread without creating a happens-before edge the detector knows of: it polls
/// <see cref="CancellationToken.IsCancellationRequested"/>, which the detector does not model.
/// </summary>
static class UnmodelledGate
{
    public static void WaitFor(CancellationToken signal)
    {
        while (!signal.IsCancellationRequested)
            Thread.Sleep(1);
    }
}
