// ThreadPoolAndTimers: the happens-before edges of thread-pool work items, registered waits,
// System.Threading.Timer callbacks and System.Timers.Timer Elapsed handlers, one scenario per run.
// Usage: ThreadPoolAndTimers <scenario>. Scenarios named "racy-..." hold deliberate races; every racy access
// carries a "// RACE: <member> (<operation>)" comment that the end-to-end tests (ThreadPoolAndTimersTests)
// read. The other scenarios are race-free under every interleaving and synchronize only through what the
// detector models. Nothing waits for a work item or a timer callback, so each one counts itself done with
// Interlocked and the main thread polls the count with Volatile.Read (events are not modelled).

static class Program
{
    static readonly object Gate = new();

    static readonly Dictionary<string, Action> ByName = new()
    {
        ["queue-work-item"] = QueueWorkItem,
        ["unsafe-queue-work-item"] = UnsafeQueueWorkItem,
        ["register-wait"] = RegisterWait,
        ["timer"] = TimerCallback,
        ["timer-change"] = TimerChange,
        ["time-provider-timer"] = TimeProviderTimer,
        ["timer-dispose-wait"] = TimerDisposeWait,
        ["timer-periodic"] = TimerPeriodic,
        ["timers-timer"] = TimersTimer,
        ["sync-context-post"] = SyncContextPost,
        ["progress"] = ProgressReport,
        ["racy-write-after-queue"] = RacyWriteAfterQueue,
        ["racy-write-after-queue-work-item"] = RacyWriteAfterQueueWorkItem,
        ["racy-two-work-items"] = RacyTwoWorkItems,
        ["racy-read-before-done"] = RacyReadBeforeDone,
        ["racy-register-wait"] = RacyRegisterWait,
        ["racy-timer-callbacks"] = RacyTimerCallbacks,
        ["racy-write-after-timer"] = RacyWriteAfterTimer,
        ["racy-write-after-change"] = RacyWriteAfterChange,
        ["racy-write-after-timers-start"] = RacyWriteAfterTimersStart,
        ["racy-timers-handlers"] = RacyTimersHandlers,
        ["racy-write-after-post"] = RacyWriteAfterPost,
        ["racy-write-after-report"] = RacyWriteAfterReport,
    };

    static int Main(string[] args) => Scenarios.Run("ThreadPoolAndTimers", args, ByName);

    // ---- race-free ----

    // Every QueueUserWorkItem overload: what the parent wrote before queuing happens before the item.
    static void QueueWorkItem()
    {
        Data.QueueInput = 3;
        ThreadPool.QueueUserWorkItem(_ =>
        {
            Data.QueueA = Data.QueueInput + 1;
            Interlocked.Increment(ref Data.QueueDone);
        });
        ThreadPool.QueueUserWorkItem(state =>
        {
            Data.QueueB = (int)state! + Data.QueueInput;
            Interlocked.Increment(ref Data.QueueDone);
        }, 10);
        ThreadPool.QueueUserWorkItem(state =>
        {
            Data.QueueC = state * Data.QueueInput;
            Interlocked.Increment(ref Data.QueueDone);
        }, 5, preferLocal: false);
        while (Volatile.Read(ref Data.QueueDone) < 3)
            Thread.Sleep(1);
        Data.QueueInput = 0;
        Console.WriteLine($"queue-work-item {Data.QueueA} {Data.QueueB} {Data.QueueC}");
    }

    // Every UnsafeQueueUserWorkItem overload: IThreadPoolWorkItem (queued first, so that no logical thread
    // that ended on its pool thread can leave it a clock) and the delegate ones.
    static void UnsafeQueueWorkItem()
    {
        Data.UnsafeInput = 4;
        ThreadPool.UnsafeQueueUserWorkItem(new ScalingWorkItem(5), preferLocal: false);
        ThreadPool.UnsafeQueueUserWorkItem(state =>
        {
            Data.UnsafeA = (int)state! + Data.UnsafeInput;
            Interlocked.Increment(ref Data.UnsafeDone);
        }, 20);
        ThreadPool.UnsafeQueueUserWorkItem(state =>
        {
            Data.UnsafeB = state * Data.UnsafeInput;
            Interlocked.Increment(ref Data.UnsafeDone);
        }, 3, preferLocal: true);
        while (Volatile.Read(ref Data.UnsafeDone) < 3)
            Thread.Sleep(1);
        Data.UnsafeInput = 0;
        Console.WriteLine($"unsafe-queue-work-item {Data.UnsafeA} {Data.UnsafeB} {Data.UnsafeC}");
    }

    // RegisterWaitForSingleObject: what the parent wrote before registering happens before the callback,
    // whether it runs on a timeout or because the handle was signalled.
    static void RegisterWait()
    {
        Data.WaitInput = 4;
        using var never = new ManualResetEvent(false);
        using var signalled = new ManualResetEvent(false);
        var onTimeout = ThreadPool.RegisterWaitForSingleObject(never, (_, timedOut) =>
        {
            Data.WaitTimedOut = Data.WaitInput + (timedOut ? 1 : 0);
            Interlocked.Increment(ref Data.WaitDone);
        }, null, 1, executeOnlyOnce: true);
        var onSignal = ThreadPool.RegisterWaitForSingleObject(signalled, (state, timedOut) =>
        {
            Data.WaitSignalled = Data.WaitInput * (int)state! + (timedOut ? 100 : 0);
            Interlocked.Increment(ref Data.WaitDone);
        }, 2, TimeSpan.FromMinutes(1), executeOnlyOnce: true);
        signalled.Set();
        while (Volatile.Read(ref Data.WaitDone) < 2)
            Thread.Sleep(1);
        onTimeout.Unregister(null);
        onSignal.Unregister(null);
        Data.WaitInput = 0;
        Console.WriteLine($"register-wait {Data.WaitTimedOut} {Data.WaitSignalled}");
    }

    // A one-shot timer: what the parent wrote before creating it happens before the callback.
    static void TimerCallback()
    {
        Data.TimerInput = 6;
        using var a = new Timer(_ =>
        {
            Data.TimerA = Data.TimerInput + 1;
            Interlocked.Increment(ref Data.TimerDone);
        }, null, 1, Timeout.Infinite);
        using var b = new Timer(state =>
        {
            Data.TimerB = (int)state! * Data.TimerInput;
            Interlocked.Increment(ref Data.TimerDone);
        }, 7, TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
        while (Volatile.Read(ref Data.TimerDone) < 2)
            Thread.Sleep(1);
        Data.TimerInput = 0;
        Console.WriteLine($"timer {Data.TimerA} {Data.TimerB}");
    }

    // Timer.Change (int, TimeSpan and long overloads) re-arms the timer: what the parent wrote before the
    // change happens before the callback, even when written after the timer was created.
    static void TimerChange()
    {
        using var a = new Timer(_ =>
        {
            Data.ChangeA = Data.ChangeInput + 1;
            Interlocked.Increment(ref Data.ChangeDone);
        });
        using var b = new Timer(_ =>
        {
            Data.ChangeB = Data.ChangeInput + 2;
            Interlocked.Increment(ref Data.ChangeDone);
        }, null, Timeout.Infinite, Timeout.Infinite);
        using var c = new Timer(_ =>
        {
            Data.ChangeC = Data.ChangeInput + 3;
            Interlocked.Increment(ref Data.ChangeDone);
        }, null, Timeout.Infinite, Timeout.Infinite);
        Data.ChangeInput = 10;
        a.Change(1, Timeout.Infinite);
        b.Change(TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
        c.Change(1L, -1L);
        while (Volatile.Read(ref Data.ChangeDone) < 3)
            Thread.Sleep(1);
        Data.ChangeInput = 0;
        Console.WriteLine($"timer-change {Data.ChangeA} {Data.ChangeB} {Data.ChangeC}");
    }

    // TimeProvider.CreateTimer and ITimer.Change: as System.Threading.Timer.
    static void TimeProviderTimer()
    {
        Data.ProviderInput = 20;
        using var created = TimeProvider.System.CreateTimer(_ =>
        {
            Data.ProviderA = Data.ProviderInput + 1;
            Interlocked.Increment(ref Data.ProviderDone);
        }, null, TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
        using var changed = TimeProvider.System.CreateTimer(_ =>
        {
            Data.ProviderB = Data.ProviderLate + 2;
            Interlocked.Increment(ref Data.ProviderDone);
        }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Data.ProviderLate = 5; // written after the second timer was created, before it was changed
        changed.Change(TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
        while (Volatile.Read(ref Data.ProviderDone) < 2)
            Thread.Sleep(1);
        Data.ProviderInput = 0;
        Console.WriteLine($"time-provider-timer {Data.ProviderA} {Data.ProviderB}");
    }

    // Timer.Dispose(WaitHandle): the handle is signalled after the last callback finished. The callback has run
    // before the timer is disposed (polled through IsCancellationRequested, which orders nothing).
    static void TimerDisposeWait()
    {
        using var ran = new CancellationTokenSource();
        using var disposed = new ManualResetEvent(false);
        var timer = new Timer(_ =>
        {
            Data.DisposeTicks++;
            ran.Cancel();
        }, null, 0, Timeout.Infinite);
        while (!ran.IsCancellationRequested)
            Thread.Sleep(1);
        timer.Dispose(disposed);
        disposed.WaitOne();
        Console.WriteLine($"timer-dispose-wait {Data.DisposeTicks}");
    }

    // A periodic timer whose callbacks share state under a lock, and stop counting after five.
    static void TimerPeriodic()
    {
        Data.TickInput = 3;
        using (var timer = new Timer(_ =>
        {
            lock (Gate)
            {
                if (Data.Ticks < 5)
                {
                    Data.Ticks++;
                    Data.TickSum += Data.TickInput;
                    if (Data.Ticks == 5)
                        Volatile.Write(ref Data.TicksDone, 1);
                }
            }
        }, null, 1, 1))
        {
            while (Volatile.Read(ref Data.TicksDone) == 0)
                Thread.Sleep(1);
        }
        lock (Gate)
            Console.WriteLine($"timer-periodic {Data.Ticks} {Data.TickSum}");
    }

    // System.Timers.Timer: what came before Start happens before the Elapsed handler.
    static void TimersTimer()
    {
        using var timer = new System.Timers.Timer(1) { AutoReset = false };
        timer.Elapsed += (_, _) =>
        {
            Data.ElapsedSeen = Data.ElapsedInput * 2;
            Interlocked.Increment(ref Data.ElapsedDone);
        };
        Data.ElapsedInput = 4;
        timer.Start();
        while (Volatile.Read(ref Data.ElapsedDone) < 1)
            Thread.Sleep(1);
        Console.WriteLine($"timers-timer {Data.ElapsedSeen}");
    }

    // ---- racy ----

    // The parent writes after queuing what the work item reads.
    // SynchronizationContext.Post: the default context queues the callback to the thread pool.
    static void SyncContextPost()
    {
        var context = new SynchronizationContext();
        Data.PostInput = 6;
        context.Post(state =>
        {
            Data.PostSeen = (int)state! * Data.PostInput;
            Interlocked.Increment(ref Data.PostDone);
        }, 7);
        while (Volatile.Read(ref Data.PostDone) < 1)
            Thread.Sleep(1);
        Data.PostInput = 0;
        Console.WriteLine($"sync-context-post {Data.PostSeen}");
    }

    static void RacyWriteAfterPost()
    {
        new SynchronizationContext().Post(_ =>
        {
            Data.AfterPostSeen = Data.AfterPost; // RACE: AfterPost (read)
            Interlocked.Increment(ref Data.AfterPostDone);
        }, null);
        Data.AfterPost = 1; // RACE: AfterPost (write)
        while (Volatile.Read(ref Data.AfterPostDone) < 1)
            Thread.Sleep(1);
        Console.WriteLine($"racy-write-after-post {Data.AfterPostSeen >= 0}");
    }

    // Progress<T>: creating it and each Report happen before the handler runs; what the reporter wrote into the
    // reported object (an object initializer) and before the report is seen by the handler.
    static void ProgressReport()
    {
        IProgress<Reading> progress = new Progress<Reading>(reading =>
        {
            Data.ProgressSeen = reading.Value * Data.ProgressScale;
            Interlocked.Increment(ref Data.ProgressDone);
        });
        Data.ProgressScale = 2;
        progress.Report(new Reading { Value = 21 });
        while (Volatile.Read(ref Data.ProgressDone) < 1)
            Thread.Sleep(1);
        Console.WriteLine($"progress {Data.ProgressSeen}");
    }

    sealed class Reading
    {
        public int Value;
    }

    static void RacyWriteAfterReport()
    {
        IProgress<int> progress = new Progress<int>(_ =>
        {
            Data.AfterReportSeen = Data.AfterReport; // RACE: AfterReport (read)
            Interlocked.Increment(ref Data.AfterReportDone);
        });
        progress.Report(1);
        Data.AfterReport = 1; // RACE: AfterReport (write)
        while (Volatile.Read(ref Data.AfterReportDone) < 1)
            Thread.Sleep(1);
        Console.WriteLine($"racy-write-after-report {Data.AfterReportSeen >= 0}");
    }

    static void RacyWriteAfterQueue()
    {
        ThreadPool.QueueUserWorkItem(_ =>
        {
            Data.AfterQueueSeen = Data.AfterQueue; // RACE: AfterQueue (read)
            Interlocked.Increment(ref Data.AfterQueueDone);
        });
        Data.AfterQueue = 1; // RACE: AfterQueue (write)
        while (Volatile.Read(ref Data.AfterQueueDone) < 1)
            Thread.Sleep(1);
        Console.WriteLine($"racy-write-after-queue {Data.AfterQueueSeen >= 0}");
    }

    // The parent writes after queuing an IThreadPoolWorkItem that reads the field.
    static void RacyWriteAfterQueueWorkItem()
    {
        ThreadPool.UnsafeQueueUserWorkItem(new LateReader(), preferLocal: false);
        Data.AfterWorkItem = 1; // RACE: AfterWorkItem (write)
        while (Volatile.Read(ref Data.AfterWorkItemDone) < 1)
            Thread.Sleep(1);
        Console.WriteLine($"racy-write-after-queue-work-item {Data.AfterWorkItemSeen >= 0}");
    }

    sealed class LateReader : IThreadPoolWorkItem
    {
        public void Execute()
        {
            Data.AfterWorkItemSeen = Data.AfterWorkItem; // RACE: AfterWorkItem (read)
            Interlocked.Increment(ref Data.AfterWorkItemDone);
        }
    }

    // Two work items write one field (each counts itself done only after its write).
    static void RacyTwoWorkItems()
    {
        ThreadPool.QueueUserWorkItem(_ =>
        {
            Data.TwoItems = 1; // RACE: TwoItems (write)
            Interlocked.Increment(ref Data.TwoItemsDone);
        });
        ThreadPool.QueueUserWorkItem(state =>
        {
            Data.TwoItems = state; // RACE: TwoItems (write)
            Interlocked.Increment(ref Data.TwoItemsDone);
        }, 2, preferLocal: false);
        while (Volatile.Read(ref Data.TwoItemsDone) < 2)
            Thread.Sleep(1);
        Console.WriteLine($"racy-two-work-items {Data.TwoItems > 0}");
    }

    // The parent reads what a work item writes before waiting for it.
    static void RacyReadBeforeDone()
    {
        ThreadPool.UnsafeQueueUserWorkItem(_ =>
        {
            Data.BeforeDone = 1; // RACE: BeforeDone (write)
            Interlocked.Increment(ref Data.BeforeDoneDone);
        }, null);
        int seen = Data.BeforeDone; // RACE: BeforeDone (read)
        while (Volatile.Read(ref Data.BeforeDoneDone) < 1)
            Thread.Sleep(1);
        Console.WriteLine($"racy-read-before-done {seen >= 0}");
    }

    // The parent writes after registering a wait what the (timed-out) callback reads.
    static void RacyRegisterWait()
    {
        using var never = new ManualResetEvent(false);
        var registration = ThreadPool.RegisterWaitForSingleObject(never, (_, _) =>
        {
            Data.RegisterWaitSeen = Data.RegisterWaitLate; // RACE: RegisterWaitLate (read)
            Interlocked.Increment(ref Data.RegisterWaitDone);
        }, null, 1, executeOnlyOnce: true);
        Data.RegisterWaitLate = 1; // RACE: RegisterWaitLate (write)
        while (Volatile.Read(ref Data.RegisterWaitDone) < 1)
            Thread.Sleep(1);
        registration.Unregister(null);
        Console.WriteLine($"racy-register-wait {Data.RegisterWaitSeen >= 0}");
    }

    // Callbacks of one periodic timer are not ordered with each other: the first two callbacks write one
    // field after leaving the lock that numbers them. The parent waits until both writes happened.
    static void RacyTimerCallbacks()
    {
        using (var timer = new Timer(_ =>
        {
            int number;
            lock (Gate)
                number = ++Data.CallbackCount;
            if (number <= 2)
            {
                Data.TimerShared = number; // RACE: TimerShared (write)
                Interlocked.Increment(ref Data.CallbacksWritten);
            }
        }, null, 1, 1))
        {
            while (Volatile.Read(ref Data.CallbacksWritten) < 2)
                Thread.Sleep(1);
        }
        Console.WriteLine("racy-timer-callbacks done");
    }

    // The parent writes after creating a timer what its callback reads.
    static void RacyWriteAfterTimer()
    {
        using var timer = new Timer(_ =>
        {
            Data.AfterTimerSeen = Data.AfterTimer; // RACE: AfterTimer (read)
            Interlocked.Increment(ref Data.AfterTimerDone);
        }, null, 1, Timeout.Infinite);
        Data.AfterTimer = 1; // RACE: AfterTimer (write)
        while (Volatile.Read(ref Data.AfterTimerDone) < 1)
            Thread.Sleep(1);
        Console.WriteLine($"racy-write-after-timer {Data.AfterTimerSeen >= 0}");
    }

    // Change orders only what came before it: a write after the change races with the callback's read.
    static void RacyWriteAfterChange()
    {
        using var timer = new Timer(_ =>
        {
            Data.AfterChangeSeen = Data.AfterChange; // RACE: AfterChange (read)
            Interlocked.Increment(ref Data.AfterChangeDone);
        }, null, Timeout.Infinite, Timeout.Infinite);
        timer.Change(1, Timeout.Infinite);
        Data.AfterChange = 1; // RACE: AfterChange (write)
        while (Volatile.Read(ref Data.AfterChangeDone) < 1)
            Thread.Sleep(1);
        Console.WriteLine($"racy-write-after-change {Data.AfterChangeSeen >= 0}");
    }
    // A write after System.Timers.Timer.Start races with the Elapsed handler's read.
    static void RacyWriteAfterTimersStart()
    {
        using var timer = new System.Timers.Timer(1) { AutoReset = false };
        timer.Elapsed += (_, _) =>
        {
            Data.AfterStartSeen = Data.AfterStart; // RACE: AfterStart (read)
            Interlocked.Increment(ref Data.AfterStartDone);
        };
        timer.Start();
        Data.AfterStart = 1; // RACE: AfterStart (write)
        while (Volatile.Read(ref Data.AfterStartDone) < 1)
            Thread.Sleep(1);
        Console.WriteLine($"racy-write-after-timers-start {Data.AfterStartSeen >= 0}");
    }

    // Runs of a periodic System.Timers.Timer's handler are not ordered with each other.
    static void RacyTimersHandlers()
    {
        using (var timer = new System.Timers.Timer(1))
        {
            timer.Elapsed += (_, _) =>
            {
                int number;
                lock (Gate)
                    number = ++Data.ElapsedCount;
                if (number <= 2)
                {
                    Data.ElapsedShared = number; // RACE: ElapsedShared (write)
                    Interlocked.Increment(ref Data.ElapsedWritten);
                }
            };
            timer.Start();
            while (Volatile.Read(ref Data.ElapsedWritten) < 2)
                Thread.Sleep(1);
        }
        Console.WriteLine("racy-timers-handlers done");
    }
}

/// <summary>A work item the pool runs through IThreadPoolWorkItem.Execute, not through a delegate.</summary>
sealed class ScalingWorkItem(int factor) : IThreadPoolWorkItem
{
    public void Execute()
    {
        Data.UnsafeC = factor * Data.UnsafeInput;
        Interlocked.Increment(ref Data.UnsafeDone);
    }
}

static class Data
{
    public static int QueueInput, QueueA, QueueB, QueueC, QueueDone;
    public static int UnsafeInput, UnsafeA, UnsafeB, UnsafeC, UnsafeDone;
    public static int WaitInput, WaitTimedOut, WaitSignalled, WaitDone;
    public static int TimerInput, TimerA, TimerB, TimerDone;
    public static int ChangeInput, ChangeA, ChangeB, ChangeC, ChangeDone;
    public static int ProviderInput, ProviderA, ProviderB, ProviderLate, ProviderDone;
    public static int DisposeTicks;
    public static int TickInput, Ticks, TickSum, TicksDone;

    public static int PostInput, PostSeen, PostDone;
    public static int ProgressScale, ProgressSeen, ProgressDone;
    public static int AfterReport, AfterReportSeen, AfterReportDone;
    public static int AfterQueue, AfterQueueSeen, AfterQueueDone;
    public static int AfterPost, AfterPostSeen, AfterPostDone;
    public static int AfterWorkItem, AfterWorkItemSeen, AfterWorkItemDone;
    public static int TwoItems, TwoItemsDone;
    public static int BeforeDone, BeforeDoneDone;
    public static int RegisterWaitLate, RegisterWaitSeen, RegisterWaitDone;
    public static int CallbackCount, TimerShared, CallbacksWritten;
    public static int AfterTimer, AfterTimerSeen, AfterTimerDone;
    public static int AfterChange, AfterChangeSeen, AfterChangeDone;
    public static int ElapsedInput, ElapsedSeen, ElapsedDone;
    public static int AfterStart, AfterStartSeen, AfterStartDone;
    public static int ElapsedCount, ElapsedShared, ElapsedWritten;
}
