using RaceDetector.Runtime.Clocks;
using RaceDetector.Runtime.Detection;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.Tasks;

/// <summary>
/// One hand-over of work to the framework (a Task.Run call, a ContinueWith, a Parallel.For, a timer,
/// an await). Records the forking thread's clock; every invocation of the handed-over delegate runs as
/// a new logical thread that starts from that clock and, when it ends, releases what it did for
/// whoever waits for the work (<see cref="AcquireCompletion"/>).
/// Opaque to instrumented code, which only carries it between hooks.
/// </summary>
public sealed class ForkScope
{
    readonly VectorClock _fork;
    readonly ThreadInfo _parent;
    readonly string? _testName;
    readonly Calls.CallPath? _forkedFrom;
    List<object>? _inner;

    // For an async resume point, which runs exactly once: the segment and the thread it interrupted.
    TrackedThread? _segment;
    TrackedThread? _interrupted;

    internal ForkScope(ForkKind kind, int site, TrackedThread parent, object? antecedent)
    {
        Kind = kind;
        Site = site;
        Antecedent = antecedent;
        _parent = parent.Info;
        _testName = parent.TestName;
        _forkedFrom = parent.Calls.Snapshot();
        _fork = parent.Clock.Clone();
        parent.Tick();
    }

    internal ForkKind Kind { get; }

    internal int Site { get; }

    /// <summary>The task(s) a continuation waits for, or the token source whose cancellation runs a callback.</summary>
    internal object? Antecedent { get; }

    /// <summary>The <see cref="SourceSteps{T}"/> of a Parallel loop whose source is enumerated outside the body, if any.</summary>
    internal object? Source { get; set; }

    // Released by every invocation when it ends; striped by OS thread so parallel iterations do not
    // contend. Created on first use: an async resume point never needs it.
    const int DoneStripes = 8;
    SyncClock[]? _done;

    SyncClock[] Done
    {
        get
        {
            var done = _done;
            if (done is not null)
                return done;
            done = new SyncClock[DoneStripes];
            for (int i = 0; i < done.Length; i++)
                done[i] = new SyncClock();
            return Interlocked.CompareExchange(ref _done, done, null) ?? done;
        }
    }

    /// <summary>Timer.Change and Task.Start: the work now also runs after what <paramref name="thread"/> did so far.</summary>
    internal void Refork(TrackedThread thread)
    {
        lock (_fork)
            _fork.JoinWith(thread.Clock);
        thread.Tick();
    }

    /// <summary>A task or ValueTask an invocation returned (an async lambda): the work ends when it completes.</summary>
    internal void AddInner(object? task)
    {
        if (task is null)
            return;
        lock (_fork)
            (_inner ??= new List<object>()).Add(task);
    }

    /// <summary>Makes <paramref name="thread"/> ordered after all finished invocations and the tasks they returned.</summary>
    internal void AcquireCompletion(TrackedThread thread, int depth)
    {
        foreach (var done in Done)
            done.Acquire(thread);
        object[] inner;
        lock (_fork)
            inner = _inner?.ToArray() ?? [];
        foreach (var task in inner)
            TaskClocks.AcquireCompletion(task, thread, depth + 1);
    }

    /// <summary>
    /// Starts an invocation, named <paramref name="kindName"/> in reports when it is not the delegate's own
    /// work; a fault turns detection off and the work runs untracked.
    /// </summary>
    internal Invocation Begin(string? kindName = null)
    {
        if (!DetectorRuntime.Enabled)
            return default;
        try
        {
            var (interrupted, segment) = Enter(kindName);
            return new Invocation(interrupted, segment);
        }
        catch (Exception ex)
        {
            DetectorRuntime.Fault(ex);
            return default;
        }
    }

    /// <summary>
    /// Starts an invocation of a delegate that receives <paramref name="argument"/> first: a Parallel loop's
    /// item (ordered after the source step that produced it) or the task a ContinueWhenAny continuation
    /// receives (the winner, the only antecedent it runs after).
    /// </summary>
    internal Invocation Begin<TArgument>(TArgument argument)
    {
        var run = Begin();
        if (run.Segment is not null && (Kind == ForkKind.AnyContinuation || Source is not null))
            Guard.Run((this, argument, run.Segment), static a => a.Item1.Received(a.argument, a.Segment));
        return run;
    }

    void Received<TArgument>(TArgument argument, TrackedThread segment)
    {
        if (Kind == ForkKind.AnyContinuation)
            TaskClocks.AcquireCompletion(argument, segment, 0);
        else if (Source is SourceSteps<TArgument> source)
            source.Received(argument);
    }

    /// <summary>Ends an invocation started by <see cref="Begin"/>.</summary>
    internal void End(Invocation invocation)
    {
        if (invocation.Segment is null)
            return;
        try
        {
            Exit((invocation.Interrupted, invocation.Segment));
        }
        catch (Exception ex)
        {
            DetectorRuntime.Fault(ex);
        }
    }

    /// <summary>Notes a task or ValueTask the delegate returned, then hands the value back.</summary>
    internal T Returned<T>(T value)
    {
        if (value is Task task)
            AddInner(task);
        else if (value is ValueTask valueTask)
            AddInner(ValueTasks.SourceOf(valueTask));
        return value;
    }

    /// <summary>Starts an invocation on the calling OS thread; returns the thread of execution it interrupted.</summary>
    internal (TrackedThread? Interrupted, TrackedThread Segment) Enter(string? kindName = null)
    {
        VectorClock fork;
        if (Kind == ForkKind.Async)
            fork = _fork; // an async resume point runs once: its segment can own the clock
        else
            lock (_fork)
                fork = _fork.Clone();
        var interrupted = TrackedThread.Current;
        if (Kind == ForkKind.Callback && interrupted is not null)
            fork.JoinWith(interrupted.Clock); // run inline by the code that cancelled
        var segment = ThreadRegistry.BeginLogical(fork, new ThreadInfo(kindName ?? KindName, Site, _forkedFrom, _parent));
        segment.TestName = _testName;
        TrackedThread.Current = segment;
        if (Antecedent is CancellationTokenSource source)
            Sync.Cancellations.Acquire(source, segment, 0);
        else if (Antecedent is not null)
            TaskClocks.AcquireCompletion(Antecedent, segment, 0);
        if (Kind == ForkKind.Dataflow)
            DataflowBlocks.Entering(this, segment);
        return (interrupted, segment);
    }

    /// <summary>Ends an invocation: releases its work for <see cref="AcquireCompletion"/> and resumes what it interrupted.</summary>
    internal void Exit((TrackedThread? Interrupted, TrackedThread Segment) invocation)
    {
        if (Kind != ForkKind.Async)
            Done[Environment.CurrentManagedThreadId % DoneStripes].ReleaseFinal(invocation.Segment);
        if (Antecedent is CancellationTokenSource source)
            Sync.Cancellations.CallbackEnded(source, invocation.Segment);
        ThreadRegistry.EndLogical(invocation.Segment);
        TrackedThread.Current = invocation.Interrupted;
    }

    /// <summary>An async resume point runs once: it keeps its own invocation.</summary>
    internal void EnterOnce() => (_interrupted, _segment) = Enter();

    internal void ExitOnce()
    {
        if (_segment is not null)
            Exit((_interrupted, _segment));
        _segment = null;
        _interrupted = null;
    }

    string KindName => Kind switch
    {
        ForkKind.Task or ForkKind.DeferredTask => "task",
        ForkKind.Continuation or ForkKind.AnyContinuation => "continuation",
        ForkKind.WorkItem => "work item",
        ForkKind.Parallel => "parallel body",
        ForkKind.Timer => "timer callback",
        ForkKind.Progress => "progress handler",
        ForkKind.Query => "query body",
        ForkKind.Dataflow => "dataflow block",
        ForkKind.Callback => "callback",
        _ => "async continuation",
    };
}

/// <summary>A running invocation of forked work: its logical thread and the one it interrupted.</summary>
internal readonly record struct Invocation(TrackedThread? Interrupted, TrackedThread? Segment);
