using System.ComponentModel;
using System.Diagnostics;
using RaceDetector.Runtime.Sync;
using RaceDetector.Runtime.Tasks;

namespace RaceDetector.Runtime;

/// <summary>Replacements for <see cref="SemaphoreSlim"/> and <see cref="Semaphore"/>: a Release happens before the wait it satisfies.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[StackTraceHidden]
public static class SemaphoreIntercepts
{
    const string Slim = "System.Threading.SemaphoreSlim";
    const string Kernel = "System.Threading.Semaphore";

    /// <summary>Replaces <c>new SemaphoreSlim(int)</c>.</summary>
    [Intercept(Slim, ".ctor")]
    public static SemaphoreSlim Create(int initialCount, int site) => Created(new SemaphoreSlim(initialCount), initialCount);

    /// <summary>Replaces <c>new SemaphoreSlim(int, int)</c>.</summary>
    [Intercept(Slim, ".ctor")]
    public static SemaphoreSlim Create(int initialCount, int maxCount, int site) => Created(new SemaphoreSlim(initialCount, maxCount), initialCount);

    /// <summary>Replaces <c>new Semaphore(int, int)</c>.</summary>
    [Intercept(Kernel, ".ctor")]
    public static Semaphore CreateKernel(int initialCount, int maximumCount, int site) => Created(new Semaphore(initialCount, maximumCount), initialCount);

    /// <summary>Replaces <c>new Semaphore(int, int, string)</c>.</summary>
    [Intercept(Kernel, ".ctor")]
    public static Semaphore CreateKernel(int initialCount, int maximumCount, string? name, int site) =>
        Created(new Semaphore(initialCount, maximumCount, name), initialCount);

    /// <summary>Replaces <see cref="SemaphoreSlim.Wait()"/>.</summary>
    [Intercept(Slim, "Wait")]
    public static void Wait(SemaphoreSlim semaphore, int site)
    {
        Interrupts.Observing(semaphore, static s => { s.Wait(); return true; });
        Permits.Taken(semaphore);
    }

    /// <summary>Replaces <see cref="SemaphoreSlim.Wait(int)"/>.</summary>
    [Intercept(Slim, "Wait")]
    public static bool Wait(SemaphoreSlim semaphore, int millisecondsTimeout, int site) =>
        Permits.TakenIf(semaphore, Interrupts.Observing((semaphore, millisecondsTimeout), static a => a.semaphore.Wait(a.millisecondsTimeout)));

    /// <summary>Replaces <see cref="SemaphoreSlim.Wait(TimeSpan)"/>.</summary>
    [Intercept(Slim, "Wait")]
    public static bool Wait(SemaphoreSlim semaphore, TimeSpan timeout, int site) =>
        Permits.TakenIf(semaphore, Interrupts.Observing((semaphore, timeout), static a => a.semaphore.Wait(a.timeout)));

    /// <summary>Replaces <see cref="SemaphoreSlim.Wait(CancellationToken)"/>.</summary>
    [Intercept(Slim, "Wait")]
    public static void Wait(SemaphoreSlim semaphore, CancellationToken cancellationToken, int site)
    {
        Interrupts.Observing((semaphore, cancellationToken), static a => { a.semaphore.Wait(a.cancellationToken); return true; });
        Permits.Taken(semaphore);
    }

    /// <summary>Replaces <see cref="SemaphoreSlim.Wait(int, CancellationToken)"/>.</summary>
    [Intercept(Slim, "Wait")]
    public static bool Wait(SemaphoreSlim semaphore, int millisecondsTimeout, CancellationToken cancellationToken, int site) =>
        Permits.TakenIf(semaphore, semaphore.Wait(millisecondsTimeout, cancellationToken));

    /// <summary>Replaces <see cref="SemaphoreSlim.Wait(TimeSpan, CancellationToken)"/>.</summary>
    [Intercept(Slim, "Wait")]
    public static bool Wait(SemaphoreSlim semaphore, TimeSpan timeout, CancellationToken cancellationToken, int site) =>
        Permits.TakenIf(semaphore, semaphore.Wait(timeout, cancellationToken));

    /// <summary>Replaces <see cref="SemaphoreSlim.WaitAsync()"/>: the permit is taken where the wait is observed.</summary>
    [Intercept(Slim, "WaitAsync")]
    public static Task WaitAsync(SemaphoreSlim semaphore, int site) => Observed(semaphore, semaphore.WaitAsync());

    /// <summary>Replaces <see cref="SemaphoreSlim.WaitAsync(CancellationToken)"/>.</summary>
    [Intercept(Slim, "WaitAsync")]
    public static Task WaitAsync(SemaphoreSlim semaphore, CancellationToken cancellationToken, int site) =>
        Observed(semaphore, semaphore.WaitAsync(cancellationToken));

    /// <summary>Replaces <see cref="SemaphoreSlim.WaitAsync(int)"/>.</summary>
    [Intercept(Slim, "WaitAsync")]
    public static Task<bool> WaitAsync(SemaphoreSlim semaphore, int millisecondsTimeout, int site) =>
        Observed(semaphore, semaphore.WaitAsync(millisecondsTimeout));

    /// <summary>Replaces <see cref="SemaphoreSlim.WaitAsync(TimeSpan)"/>.</summary>
    [Intercept(Slim, "WaitAsync")]
    public static Task<bool> WaitAsync(SemaphoreSlim semaphore, TimeSpan timeout, int site) => Observed(semaphore, semaphore.WaitAsync(timeout));

    /// <summary>Replaces <see cref="SemaphoreSlim.WaitAsync(int, CancellationToken)"/>.</summary>
    [Intercept(Slim, "WaitAsync")]
    public static Task<bool> WaitAsync(SemaphoreSlim semaphore, int millisecondsTimeout, CancellationToken cancellationToken, int site) =>
        Observed(semaphore, semaphore.WaitAsync(millisecondsTimeout, cancellationToken));

    /// <summary>Replaces <see cref="SemaphoreSlim.WaitAsync(TimeSpan, CancellationToken)"/>.</summary>
    [Intercept(Slim, "WaitAsync")]
    public static Task<bool> WaitAsync(SemaphoreSlim semaphore, TimeSpan timeout, CancellationToken cancellationToken, int site) =>
        Observed(semaphore, semaphore.WaitAsync(timeout, cancellationToken));

    /// <summary>Replaces <see cref="SemaphoreSlim.Release()"/>.</summary>
    [Intercept(Slim, "Release")]
    public static int Release(SemaphoreSlim semaphore, int site)
    {
        Permits.Released(semaphore, 1);
        return semaphore.Release();
    }

    /// <summary>Replaces <see cref="SemaphoreSlim.Release(int)"/>.</summary>
    [Intercept(Slim, "Release")]
    public static int Release(SemaphoreSlim semaphore, int releaseCount, int site)
    {
        Permits.Released(semaphore, releaseCount);
        return semaphore.Release(releaseCount);
    }

    /// <summary>Replaces <see cref="Semaphore.Release()"/>.</summary>
    [Intercept(Kernel, "Release")]
    public static int Release(Semaphore semaphore, int site)
    {
        Permits.Released(semaphore, 1);
        return semaphore.Release();
    }

    /// <summary>Replaces <see cref="Semaphore.Release(int)"/>.</summary>
    [Intercept(Kernel, "Release")]
    public static int Release(Semaphore semaphore, int releaseCount, int site)
    {
        Permits.Released(semaphore, releaseCount);
        return semaphore.Release(releaseCount);
    }

    static T Created<T>(T semaphore, int initialCount) where T : class
    {
        Permits.Created(semaphore, initialCount);
        return semaphore;
    }

    /// <summary>
    /// A wait that completed at once took its permit here, on the caller's thread of execution (and its
    /// task may be a shared cached one); a pending wait takes it where its task is awaited.
    /// </summary>
    static T Observed<T>(SemaphoreSlim semaphore, T task) where T : Task
    {
        if (task.IsCompleted)
        {
            if (task is Task<bool> timed ? timed.IsCompletedSuccessfully && timed.Result : task.IsCompletedSuccessfully)
                Permits.Taken(semaphore);
            return task;
        }
        if (DetectorRuntime.Enabled)
            Detection.Guard.Run((semaphore, task), static a => TaskClocks.BindObserver(a.task, t =>
            {
                if (t is Task<bool> timed ? timed.IsCompletedSuccessfully && timed.Result : ((Task)t).IsCompletedSuccessfully)
                    Permits.Taken(a.semaphore);
            }));
        return task;
    }
}
