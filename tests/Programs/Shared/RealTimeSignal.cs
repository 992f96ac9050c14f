// Shared by the test-framework programs that list it in their project file.

/// <summary>
/// Makes one test wait for another in real time only: the signal is a CancellationTokenSource that is cancelled and
/// polled through CancellationToken.IsCancellationRequested, which the detector does not model, so nothing orders
/// the two tests but the serial group the detector gives them. Two tests the framework may run in parallel, the
/// second waiting for the first in its set-up: had the detector put them in one group, the first (finished before the
/// second test method starts) would happen before the second, and a race between them would go unreported.
/// </summary>
public sealed class RealTimeSignal
{
    readonly CancellationTokenSource _done = new();

    /// <summary>Marks the awaited test as done (at its very end).</summary>
    public void Set() => _done.Cancel();

    /// <summary>Waits until <see cref="Set"/> was called, then a while longer, so the framework has seen that test end.</summary>
    public async Task WaitAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!_done.IsCancellationRequested)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("the awaited test did not run meanwhile: the framework does not run the two in parallel");
            await Task.Delay(5);
        }
        await Task.Delay(100);
    }
}
