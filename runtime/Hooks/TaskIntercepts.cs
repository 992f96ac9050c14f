using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using RaceDetector.Runtime.Sync;
using RaceDetector.Runtime.Tasks;

namespace RaceDetector.Runtime;

/// <summary>
/// Replacements for the calls that wait for tasks (Wait, Result, WaitAll/WaitAny, awaiters' GetResult),
/// combine them (WhenAll/WhenAny, Unwrap), complete them (TaskCompletionSource) or start deferred work
/// (Task.Start, Timer.Change). Waiting acquires the task's completion, also when the wait throws.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[StackTraceHidden]
public static class TaskIntercepts
{
    const string TaskType = "System.Threading.Tasks.Task";
    const string TaskOfT = "System.Threading.Tasks.Task`1";

    // Task.Wait: the work happened before a wait that returned true, or that threw the task's exception
    // (observed in a filter, which acquires without catching).

    /// <summary>Replaces <see cref="Task.Wait()"/>.</summary>
    [Intercept(TaskType, "Wait")]
    public static void Wait(Task task, int site)
    {
        try { task.Wait(); }
        catch (Exception) when (AcquireAndPass(task)) { throw; }
        TaskHooks.Acquire(task);
    }

    /// <summary>Replaces <see cref="Task.Wait(int)"/>.</summary>
    [Intercept(TaskType, "Wait")]
    public static bool Wait(Task task, int millisecondsTimeout, int site)
    {
        try { return Waited(task, task.Wait(millisecondsTimeout)); }
        catch (Exception) when (AcquireAndPass(task)) { throw; }
    }

    /// <summary>Replaces <see cref="Task.Wait(TimeSpan)"/>.</summary>
    [Intercept(TaskType, "Wait")]
    public static bool Wait(Task task, TimeSpan timeout, int site)
    {
        try { return Waited(task, task.Wait(timeout)); }
        catch (Exception) when (AcquireAndPass(task)) { throw; }
    }

    /// <summary>Replaces <see cref="Task.Wait(CancellationToken)"/>.</summary>
    [Intercept(TaskType, "Wait")]
    public static void Wait(Task task, CancellationToken cancellationToken, int site)
    {
        try { task.Wait(cancellationToken); }
        catch (Exception) when (AcquireAndPass(task)) { throw; }
        TaskHooks.Acquire(task);
    }

    /// <summary>Replaces <see cref="Task.Wait(int, CancellationToken)"/>.</summary>
    [Intercept(TaskType, "Wait")]
    public static bool Wait(Task task, int millisecondsTimeout, CancellationToken cancellationToken, int site)
    {
        try { return Waited(task, task.Wait(millisecondsTimeout, cancellationToken)); }
        catch (Exception) when (AcquireAndPass(task)) { throw; }
    }

    /// <summary>Replaces <see cref="Task.Wait(TimeSpan, CancellationToken)"/>.</summary>
    [Intercept(TaskType, "Wait")]
    public static bool Wait(Task task, TimeSpan timeout, CancellationToken cancellationToken, int site)
    {
        try { return Waited(task, task.Wait(timeout, cancellationToken)); }
        catch (Exception) when (AcquireAndPass(task)) { throw; }
    }

    /// <summary>Replaces <see cref="Task{TResult}.Result"/>.</summary>
    [Intercept(TaskOfT, "get_Result")]
    public static TResult Result<TResult>(Task<TResult> task, int site)
    {
        try { return task.Result; }
        finally { TaskHooks.Acquire(task); }
    }

    /// <summary>Replaces <see cref="ValueTask{TResult}.Result"/>.</summary>
    [Intercept("System.Threading.Tasks.ValueTask`1", "get_Result")]
    public static TResult ValueTaskResult<TResult>(ref ValueTask<TResult> task, int site)
    {
        var source = ValueTasks.SourceOf(task);
        try { return task.Result; }
        finally { TaskHooks.Acquire(source); }
    }

    /// <summary>Replaces <see cref="ValueTask.AsTask"/>: the task completes with the ValueTask.</summary>
    [Intercept("System.Threading.Tasks.ValueTask", "AsTask")]
    public static Task AsTask(ref ValueTask task, int site) => Combined(task.AsTask(), ValueTasks.SourceOf(task));

    /// <summary>Replaces <see cref="ValueTask{TResult}.AsTask"/>.</summary>
    [Intercept("System.Threading.Tasks.ValueTask`1", "AsTask")]
    public static Task<TResult> AsTask<TResult>(ref ValueTask<TResult> task, int site) => Combined(task.AsTask(), ValueTasks.SourceOf(task));

    /// <summary>Replaces <see cref="Task.WaitAsync(CancellationToken)"/>: the returned task completes with this one.</summary>
    [Intercept(TaskType, "WaitAsync")]
    public static Task WaitAsync(Task task, CancellationToken cancellationToken, int site) => Combined(task.WaitAsync(cancellationToken), task);

    /// <summary>Replaces <see cref="Task.WaitAsync(TimeSpan)"/>.</summary>
    [Intercept(TaskType, "WaitAsync")]
    public static Task WaitAsync(Task task, TimeSpan timeout, int site) => Combined(task.WaitAsync(timeout), task);

    /// <summary>Replaces <see cref="Task.WaitAsync(TimeSpan, CancellationToken)"/>.</summary>
    [Intercept(TaskType, "WaitAsync")]
    public static Task WaitAsync(Task task, TimeSpan timeout, CancellationToken cancellationToken, int site) =>
        Combined(task.WaitAsync(timeout, cancellationToken), task);

    /// <summary>Replaces <see cref="Task{TResult}.WaitAsync(CancellationToken)"/>.</summary>
    [Intercept(TaskOfT, "WaitAsync")]
    public static Task<TResult> WaitAsync<TResult>(Task<TResult> task, CancellationToken cancellationToken, int site) =>
        Combined(task.WaitAsync(cancellationToken), task);

    /// <summary>Replaces <see cref="Task{TResult}.WaitAsync(TimeSpan)"/>.</summary>
    [Intercept(TaskOfT, "WaitAsync")]
    public static Task<TResult> WaitAsync<TResult>(Task<TResult> task, TimeSpan timeout, int site) => Combined(task.WaitAsync(timeout), task);

    /// <summary>Replaces <see cref="Task{TResult}.WaitAsync(TimeSpan, CancellationToken)"/>.</summary>
    [Intercept(TaskOfT, "WaitAsync")]
    public static Task<TResult> WaitAsync<TResult>(Task<TResult> task, TimeSpan timeout, CancellationToken cancellationToken, int site) =>
        Combined(task.WaitAsync(timeout, cancellationToken), task);

    /// <summary>Replaces <see cref="Task.WaitAll(Task[])"/>.</summary>
    [Intercept(TaskType, "WaitAll")]
    public static void WaitAll(Task[] tasks, int site)
    {
        try { Task.WaitAll(tasks); }
        catch (Exception) when (AcquireAndPass(tasks)) { throw; }
        TaskHooks.Acquire(tasks);
    }

    /// <summary>Replaces <see cref="Task.WaitAll(Task[], int)"/>.</summary>
    [Intercept(TaskType, "WaitAll")]
    public static bool WaitAll(Task[] tasks, int millisecondsTimeout, int site)
    {
        try { return Waited(tasks, Task.WaitAll(tasks, millisecondsTimeout)); }
        catch (Exception) when (AcquireAndPass(tasks)) { throw; }
    }

    /// <summary>Replaces <see cref="Task.WaitAll(Task[], TimeSpan)"/>.</summary>
    [Intercept(TaskType, "WaitAll")]
    public static bool WaitAll(Task[] tasks, TimeSpan timeout, int site)
    {
        try { return Waited(tasks, Task.WaitAll(tasks, timeout)); }
        catch (Exception) when (AcquireAndPass(tasks)) { throw; }
    }

    /// <summary>Replaces <see cref="Task.WaitAll(Task[], CancellationToken)"/>.</summary>
    [Intercept(TaskType, "WaitAll")]
    public static void WaitAll(Task[] tasks, CancellationToken cancellationToken, int site)
    {
        try { Task.WaitAll(tasks, cancellationToken); }
        catch (Exception) when (AcquireAndPass(tasks)) { throw; }
        TaskHooks.Acquire(tasks);
    }

    /// <summary>Replaces <see cref="Task.WaitAll(Task[], int, CancellationToken)"/>.</summary>
    [Intercept(TaskType, "WaitAll")]
    public static bool WaitAll(Task[] tasks, int millisecondsTimeout, CancellationToken cancellationToken, int site)
    {
        try { return Waited(tasks, Task.WaitAll(tasks, millisecondsTimeout, cancellationToken)); }
        catch (Exception) when (AcquireAndPass(tasks)) { throw; }
    }

    /// <summary>Replaces <see cref="Task.WaitAny(Task[])"/>: the completed task's work happens before what follows.</summary>
    [Intercept(TaskType, "WaitAny")]
    public static int WaitAny(Task[] tasks, int site) => WaitedAny(tasks, Task.WaitAny(tasks));

    /// <summary>Replaces <see cref="Task.WaitAny(Task[], int)"/>.</summary>
    [Intercept(TaskType, "WaitAny")]
    public static int WaitAny(Task[] tasks, int millisecondsTimeout, int site) => WaitedAny(tasks, Task.WaitAny(tasks, millisecondsTimeout));

    /// <summary>Replaces <see cref="Task.WaitAny(Task[], TimeSpan)"/>.</summary>
    [Intercept(TaskType, "WaitAny")]
    public static int WaitAny(Task[] tasks, TimeSpan timeout, int site) => WaitedAny(tasks, Task.WaitAny(tasks, timeout));

    /// <summary>Replaces <see cref="Task.WaitAny(Task[], CancellationToken)"/>.</summary>
    [Intercept(TaskType, "WaitAny")]
    public static int WaitAny(Task[] tasks, CancellationToken cancellationToken, int site) => WaitedAny(tasks, Task.WaitAny(tasks, cancellationToken));

    /// <summary>Replaces <see cref="Task.WaitAny(Task[], int, CancellationToken)"/>.</summary>
    [Intercept(TaskType, "WaitAny")]
    public static int WaitAny(Task[] tasks, int millisecondsTimeout, CancellationToken cancellationToken, int site) =>
        WaitedAny(tasks, Task.WaitAny(tasks, millisecondsTimeout, cancellationToken));

    // WhenAll/WhenAny: waiting for the combined task acquires the parts.

    /// <summary>Replaces <see cref="Task.WhenAll(Task[])"/>.</summary>
    [Intercept(TaskType, "WhenAll")]
    public static Task WhenAll(Task[] tasks, int site) => Combined(Task.WhenAll(tasks), tasks);

    /// <summary>Replaces <see cref="Task.WhenAll(IEnumerable{Task})"/>; the sequence is enumerated once, as the original does.</summary>
    [Intercept(TaskType, "WhenAll")]
    public static Task WhenAll(IEnumerable<Task> tasks, int site)
    {
        var array = tasks.ToArray();
        return Combined(Task.WhenAll(array), array);
    }

    /// <summary>Replaces <see cref="Task.WhenAll{TResult}(Task{TResult}[])"/>.</summary>
    [Intercept(TaskType, "WhenAll")]
    public static Task<TResult[]> WhenAll<TResult>(Task<TResult>[] tasks, int site) => Combined(Task.WhenAll(tasks), tasks);

    /// <summary>Replaces <see cref="Task.WhenAll{TResult}(IEnumerable{Task{TResult}})"/>.</summary>
    [Intercept(TaskType, "WhenAll")]
    public static Task<TResult[]> WhenAll<TResult>(IEnumerable<Task<TResult>> tasks, int site)
    {
        var array = tasks.ToArray();
        return Combined(Task.WhenAll(array), array);
    }

    // WhenAny: waiting for the returned task acquires the winner only; a part that finished later is
    // acquired when the code waits for it.

    /// <summary>Replaces <see cref="Task.WhenAny(Task[])"/>.</summary>
    [Intercept(TaskType, "WhenAny")]
    public static Task<Task> WhenAny(Task[] tasks, int site) => Winner(Task.WhenAny(tasks));

    /// <summary>Replaces <see cref="Task.WhenAny(IEnumerable{Task})"/>.</summary>
    [Intercept(TaskType, "WhenAny")]
    public static Task<Task> WhenAny(IEnumerable<Task> tasks, int site) => Winner(Task.WhenAny(tasks));

    /// <summary>Replaces <see cref="Task.WhenAny(Task, Task)"/>.</summary>
    [Intercept(TaskType, "WhenAny")]
    public static Task<Task> WhenAny(Task task1, Task task2, int site) => Winner(Task.WhenAny(task1, task2));

    /// <summary>Replaces <see cref="Task.WhenAny{TResult}(Task{TResult}[])"/>.</summary>
    [Intercept(TaskType, "WhenAny")]
    public static Task<Task<TResult>> WhenAny<TResult>(Task<TResult>[] tasks, int site) => Winner(Task.WhenAny(tasks));

    /// <summary>Replaces <see cref="Task.WhenAny{TResult}(Task{TResult}, Task{TResult})"/>.</summary>
    [Intercept(TaskType, "WhenAny")]
    public static Task<Task<TResult>> WhenAny<TResult>(Task<TResult> task1, Task<TResult> task2, int site) =>
        Winner(Task.WhenAny(task1, task2));

    /// <summary>Replaces <see cref="Task.WhenAny{TResult}(IEnumerable{Task{TResult}})"/>.</summary>
    [Intercept(TaskType, "WhenAny")]
    public static Task<Task<TResult>> WhenAny<TResult>(IEnumerable<Task<TResult>> tasks, int site) => Winner(Task.WhenAny(tasks));

    // Unwrap: the proxy completes after the outer task and the inner task it returned.

    /// <summary>Replaces <see cref="TaskExtensions.Unwrap(Task{Task})"/>.</summary>
    [Intercept("System.Threading.Tasks.TaskExtensions", "Unwrap")]
    public static Task Unwrap(Task<Task> task, int site) => Unwrapped(task.Unwrap(), task);

    /// <summary>Replaces <see cref="TaskExtensions.Unwrap{TResult}(Task{Task{TResult}})"/>.</summary>
    [Intercept("System.Threading.Tasks.TaskExtensions", "Unwrap")]
    public static Task<TResult> Unwrap<TResult>(Task<Task<TResult>> task, int site) => Unwrapped(task.Unwrap(), task);

#if NET9_0_OR_GREATER
    /// <summary>Replaces <see cref="Task.WhenAll(ReadOnlySpan{Task})"/> (C# 13 params spans).</summary>
    [Intercept(TaskType, "WhenAll")]
    public static Task WhenAll(ReadOnlySpan<Task> tasks, int site)
    {
        var array = tasks.ToArray();
        return Combined(Task.WhenAll(array), array);
    }

    /// <summary>Replaces <see cref="Task.WhenAll{TResult}(ReadOnlySpan{Task{TResult}})"/>.</summary>
    [Intercept(TaskType, "WhenAll")]
    public static Task<TResult[]> WhenAll<TResult>(ReadOnlySpan<Task<TResult>> tasks, int site)
    {
        var array = tasks.ToArray();
        return Combined(Task.WhenAll(array), array);
    }

    /// <summary>Replaces <see cref="Task.WhenAny(ReadOnlySpan{Task})"/>.</summary>
    [Intercept(TaskType, "WhenAny")]
    public static Task<Task> WhenAny(ReadOnlySpan<Task> tasks, int site) => Winner(Task.WhenAny(tasks));

    /// <summary>Replaces <see cref="Task.WhenAny{TResult}(ReadOnlySpan{Task{TResult}})"/>.</summary>
    [Intercept(TaskType, "WhenAny")]
    public static Task<Task<TResult>> WhenAny<TResult>(ReadOnlySpan<Task<TResult>> tasks, int site) => Winner(Task.WhenAny(tasks));

    /// <summary>Replaces <see cref="Task.WaitAll(IEnumerable{Task}, CancellationToken)"/>.</summary>
    [Intercept(TaskType, "WaitAll")]
    public static void WaitAll(IEnumerable<Task> tasks, CancellationToken cancellationToken, int site)
    {
        var array = tasks.ToArray();
        try { Task.WaitAll(array, cancellationToken); }
        catch (Exception) when (AcquireAndPass(array)) { throw; }
        TaskHooks.Acquire(array);
    }

    /// <summary>Replaces <see cref="Task.WhenEach(Task[])"/>: each task it yields is acquired as the consumer reads it.</summary>
    [Intercept(TaskType, "WhenEach")]
    public static IAsyncEnumerable<Task> WhenEach(Task[] tasks, int site) => new ObservingAsyncEnumerable<Task>(Task.WhenEach(tasks));

    /// <summary>Replaces <see cref="Task.WhenEach(ReadOnlySpan{Task})"/>.</summary>
    [Intercept(TaskType, "WhenEach")]
    public static IAsyncEnumerable<Task> WhenEach(ReadOnlySpan<Task> tasks, int site) => new ObservingAsyncEnumerable<Task>(Task.WhenEach(tasks));

    /// <summary>Replaces <see cref="Task.WhenEach{TResult}(ReadOnlySpan{Task{TResult}})"/>.</summary>
    [Intercept(TaskType, "WhenEach")]
    public static IAsyncEnumerable<Task<TResult>> WhenEach<TResult>(ReadOnlySpan<Task<TResult>> tasks, int site) =>
        new ObservingAsyncEnumerable<Task<TResult>>(Task.WhenEach(tasks));

    /// <summary>Replaces <see cref="Task.WhenEach(IEnumerable{Task})"/>.</summary>
    [Intercept(TaskType, "WhenEach")]
    public static IAsyncEnumerable<Task> WhenEach(IEnumerable<Task> tasks, int site) => new ObservingAsyncEnumerable<Task>(Task.WhenEach(tasks));

    /// <summary>Replaces <see cref="Task.WhenEach{TResult}(Task{TResult}[])"/>.</summary>
    [Intercept(TaskType, "WhenEach")]
    public static IAsyncEnumerable<Task<TResult>> WhenEach<TResult>(Task<TResult>[] tasks, int site) =>
        new ObservingAsyncEnumerable<Task<TResult>>(Task.WhenEach(tasks));

    /// <summary>Replaces <see cref="Task.WhenEach{TResult}(IEnumerable{Task{TResult}})"/>.</summary>
    [Intercept(TaskType, "WhenEach")]
    public static IAsyncEnumerable<Task<TResult>> WhenEach<TResult>(IEnumerable<Task<TResult>> tasks, int site) =>
        new ObservingAsyncEnumerable<Task<TResult>>(Task.WhenEach(tasks));

    /// <summary>Replaces <see cref="Task.WaitAll(ReadOnlySpan{Task})"/>.</summary>
    [Intercept(TaskType, "WaitAll")]
    public static void WaitAll(ReadOnlySpan<Task> tasks, int site)
    {
        var array = tasks.ToArray();
        try { Task.WaitAll(array); }
        finally { TaskHooks.Acquire(array); }
    }
#endif

    // Awaiters: GetResult runs after the awaited task completed (await) or blocks until it has.

    /// <summary>Replaces <see cref="TaskAwaiter.GetResult"/>.</summary>
    [Intercept("System.Runtime.CompilerServices.TaskAwaiter", "GetResult")]
    public static void GetResult(ref TaskAwaiter awaiter, int site)
    {
        var task = Awaiters.TaskOf(ref awaiter);
        try { awaiter.GetResult(); }
        finally { TaskHooks.Acquire(task); }
    }

    /// <summary>Replaces <see cref="TaskAwaiter{TResult}.GetResult"/>.</summary>
    [Intercept("System.Runtime.CompilerServices.TaskAwaiter`1", "GetResult")]
    public static TResult GetResult<TResult>(ref TaskAwaiter<TResult> awaiter, int site)
    {
        var task = Awaiters.TaskOf(ref awaiter);
        try { return awaiter.GetResult(); }
        finally { TaskHooks.Acquire(task); }
    }

    /// <summary>Replaces <see cref="ConfiguredTaskAwaitable.ConfiguredTaskAwaiter.GetResult"/>.</summary>
    [Intercept("System.Runtime.CompilerServices.ConfiguredTaskAwaitable/ConfiguredTaskAwaiter", "GetResult")]
    public static void GetResult(ref ConfiguredTaskAwaitable.ConfiguredTaskAwaiter awaiter, int site)
    {
        var task = Awaiters.TaskOf(ref awaiter);
        try { awaiter.GetResult(); }
        finally { TaskHooks.Acquire(task); }
    }

    /// <summary>Replaces <see cref="ConfiguredTaskAwaitable{TResult}.ConfiguredTaskAwaiter.GetResult"/>.</summary>
    [Intercept("System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1/ConfiguredTaskAwaiter", "GetResult")]
    public static TResult GetResult<TResult>(ref ConfiguredTaskAwaitable<TResult>.ConfiguredTaskAwaiter awaiter, int site)
    {
        var task = Awaiters.TaskOf(ref awaiter);
        try { return awaiter.GetResult(); }
        finally { TaskHooks.Acquire(task); }
    }

    /// <summary>Replaces <see cref="ValueTaskAwaiter.GetResult"/>.</summary>
    [Intercept("System.Runtime.CompilerServices.ValueTaskAwaiter", "GetResult")]
    public static void GetResult(ref ValueTaskAwaiter awaiter, int site)
    {
        var source = Awaiters.SourceOf(ref awaiter);
        try { awaiter.GetResult(); }
        finally { TaskHooks.Acquire(source); }
    }

    /// <summary>Replaces <see cref="ValueTaskAwaiter{TResult}.GetResult"/>.</summary>
    [Intercept("System.Runtime.CompilerServices.ValueTaskAwaiter`1", "GetResult")]
    public static TResult GetResult<TResult>(ref ValueTaskAwaiter<TResult> awaiter, int site)
    {
        var source = Awaiters.SourceOf<TResult, ValueTaskAwaiter<TResult>>(ref awaiter);
        try { return awaiter.GetResult(); }
        finally { TaskHooks.Acquire(source); }
    }

    /// <summary>Replaces <see cref="ConfiguredValueTaskAwaitable.ConfiguredValueTaskAwaiter.GetResult"/>.</summary>
    [Intercept("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable/ConfiguredValueTaskAwaiter", "GetResult")]
    public static void GetResult(ref ConfiguredValueTaskAwaitable.ConfiguredValueTaskAwaiter awaiter, int site)
    {
        var source = Awaiters.SourceOf(ref awaiter);
        try { awaiter.GetResult(); }
        finally { TaskHooks.Acquire(source); }
    }

    /// <summary>Replaces <see cref="ConfiguredValueTaskAwaitable{TResult}.ConfiguredValueTaskAwaiter.GetResult"/>.</summary>
    [Intercept("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1/ConfiguredValueTaskAwaiter", "GetResult")]
    public static TResult GetResult<TResult>(ref ConfiguredValueTaskAwaitable<TResult>.ConfiguredValueTaskAwaiter awaiter, int site)
    {
        var source = Awaiters.SourceOf<TResult, ConfiguredValueTaskAwaitable<TResult>.ConfiguredValueTaskAwaiter>(ref awaiter);
        try { return awaiter.GetResult(); }
        finally { TaskHooks.Acquire(source); }
    }

    // Deferred starts: the work of `new Task(...)` and of a timer starts after Start / Change.

    /// <summary>Replaces <see cref="Task.Start()"/>.</summary>
    [Intercept(TaskType, "Start")]
    public static void Start(Task task, int site)
    {
        TaskHooks.Refork(task);
        task.Start();
    }

    /// <summary>Replaces <see cref="Task.Start(TaskScheduler)"/>.</summary>
    [Intercept(TaskType, "Start")]
    public static void Start(Task task, TaskScheduler scheduler, int site)
    {
        TaskHooks.Refork(task);
        task.Start(scheduler);
    }

    /// <summary>Replaces <see cref="Task.RunSynchronously()"/>.</summary>
    [Intercept(TaskType, "RunSynchronously")]
    public static void RunSynchronously(Task task, int site)
    {
        TaskHooks.Refork(task);
        try { task.RunSynchronously(); }
        finally { TaskHooks.Acquire(task); }
    }

    /// <summary>Replaces <see cref="Task.RunSynchronously(TaskScheduler)"/>.</summary>
    [Intercept(TaskType, "RunSynchronously")]
    public static void RunSynchronously(Task task, TaskScheduler scheduler, int site)
    {
        TaskHooks.Refork(task);
        try { task.RunSynchronously(scheduler); }
        finally { TaskHooks.Acquire(task); }
    }

    /// <summary>Replaces <see cref="Timer.Change(int, int)"/>.</summary>
    [Intercept("System.Threading.Timer", "Change")]
    public static bool Change(Timer timer, int dueTime, int period, int site)
    {
        TaskHooks.Refork(timer);
        return timer.Change(dueTime, period);
    }

    /// <summary>Replaces <see cref="Timer.Change(long, long)"/>.</summary>
    [Intercept("System.Threading.Timer", "Change")]
    public static bool Change(Timer timer, long dueTime, long period, int site)
    {
        TaskHooks.Refork(timer);
        return timer.Change(dueTime, period);
    }

    /// <summary>Replaces <see cref="Timer.Change(uint, uint)"/>.</summary>
    [Intercept("System.Threading.Timer", "Change")]
    public static bool Change(Timer timer, uint dueTime, uint period, int site)
    {
        TaskHooks.Refork(timer);
        return timer.Change(dueTime, period);
    }

    /// <summary>Replaces <see cref="Timer.Change(TimeSpan, TimeSpan)"/>.</summary>
    [Intercept("System.Threading.Timer", "Change")]
    public static bool Change(Timer timer, TimeSpan dueTime, TimeSpan period, int site)
    {
        TaskHooks.Refork(timer);
        return timer.Change(dueTime, period);
    }

    /// <summary>
    /// Replaces <see cref="IProgress{T}.Report"/>: a <see cref="Progress{T}"/> runs its handler (wrapped when the progress
    /// was created) after this report; other implementations are left alone.
    /// </summary>
    [Intercept("System.IProgress`1", "Report")]
    public static void Report<T>(IProgress<T> progress, T value, int site)
    {
        TaskHooks.Refork(progress);
        progress.Report(value);
    }

    /// <summary>Replaces <see cref="ParallelQuery{T}.GetEnumerator"/> (a <c>foreach</c> over a PLINQ query).</summary>
    [Intercept("System.Linq.ParallelQuery`1", "GetEnumerator")]
    public static IEnumerator<T> GetEnumerator<T>(ParallelQuery<T> query, int site) => ParallelQueries.Enumerate(query);

    /// <summary>
    /// Replaces <see cref="TimeProvider.CreateTimer"/>: the system provider's timer calls back on the thread pool, as
    /// <see cref="Timer"/> does, so the callback is forked. Another provider (a fake one in tests) may run callbacks
    /// inline when its clock is advanced: left alone, they stay in the advancing code's program order.
    /// </summary>
    [Intercept("System.TimeProvider", "CreateTimer")]
    public static ITimer CreateTimer(TimeProvider provider, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period, int site)
    {
        if (!ReferenceEquals(provider, TimeProvider.System))
            return provider.CreateTimer(callback, state, dueTime, period);
        var scope = TaskHooks.BeginFork((int)ForkKind.Timer, site, null);
        var timer = provider.CreateTimer(ForkWrappers.Wrap(callback, scope)!, state, dueTime, period);
        TaskHooks.ForkResult(timer, scope);
        return timer;
    }

    /// <summary>
    /// Replaces <see cref="Timer.Dispose(WaitHandle)"/>: the framework signals <paramref name="notifyObject"/> after the
    /// last callback, so a wait on it that returns comes after every callback.
    /// </summary>
    [Intercept("System.Threading.Timer", "Dispose")]
    public static bool Dispose(Timer timer, WaitHandle notifyObject, int site)
    {
        CompletionHandles.Register(notifyObject, TaskHooks.BoundScope(timer));
        return timer.Dispose(notifyObject);
    }

    /// <summary>Replaces <see cref="ITimer.Change"/> (a timer from <see cref="TimeProvider.CreateTimer"/>).</summary>
    [Intercept("System.Threading.ITimer", "Change")]
    public static bool Change(ITimer timer, TimeSpan dueTime, TimeSpan period, int site)
    {
        TaskHooks.Refork(timer);
        return timer.Change(dueTime, period);
    }

    /// <summary>For exception filters: acquire even when the wait throws, without catching anything.</summary>
    static bool AcquireAndPass(object tasks)
    {
        TaskHooks.Acquire(tasks);
        return false;
    }

    /// <summary>An async sequence of tasks whose items are acquired as the consumer reads them (Task.WhenEach).</summary>
    sealed class ObservingAsyncEnumerable<T>(IAsyncEnumerable<T> inner) : IAsyncEnumerable<T> where T : Task
    {
        public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
            new Enumerator(inner.GetAsyncEnumerator(cancellationToken));

        sealed class Enumerator(IAsyncEnumerator<T> inner) : IAsyncEnumerator<T>
        {
            public T Current
            {
                get
                {
                    var task = inner.Current;
                    TaskHooks.Acquire(task);
                    return task;
                }
            }

            public ValueTask<bool> MoveNextAsync() => inner.MoveNextAsync();

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }

    static bool Waited(object tasks, bool completed)
    {
        if (completed)
            TaskHooks.Acquire(tasks);
        return completed;
    }

    static int WaitedAny(Task[] tasks, int index)
    {
        if ((uint)index < (uint)tasks.Length)
            TaskHooks.Acquire(tasks[index]);
        return index;
    }

    static Task<TWinner> Winner<TWinner>(Task<TWinner> whenAny) where TWinner : Task
    {
        if (DetectorRuntime.Enabled)
            Detection.Guard.Run(whenAny, static w => TaskClocks.BindLatePart(w, () => w.IsCompletedSuccessfully ? w.Result : null));
        return whenAny;
    }

    static TProxy Unwrapped<TProxy, TInner>(TProxy proxy, Task<TInner> outer) where TProxy : Task where TInner : Task?
    {
        // An outer task that had already completed gives its inner task back as the proxy: nothing to add.
        if (DetectorRuntime.Enabled && !ReferenceEquals(proxy, outer.IsCompletedSuccessfully ? outer.Result : null))
            Detection.Guard.Run((proxy, outer), static a =>
            {
                TaskClocks.BindParts(a.proxy, [a.outer]);
                TaskClocks.BindLatePart(a.proxy, () => a.outer.IsCompletedSuccessfully ? a.outer.Result : null);
            });
        return proxy;
    }

    static T Combined<T>(T combined, params object?[] parts) where T : Task
    {
        if (DetectorRuntime.Enabled)
            Detection.Guard.Run((combined, parts), static a => TaskClocks.BindParts(a.combined, a.parts.OfType<object>().ToArray()));
        return combined;
    }
}
