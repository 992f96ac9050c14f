namespace RaceDetector.Runtime.Tasks;

/// <summary>How work handed to a framework API relates to the code that handed it over.</summary>
public enum ForkKind
{
    /// <summary>Task.Run, TaskFactory.StartNew: the returned task completes when the delegate does.</summary>
    Task = 0,

    /// <summary>ContinueWith: the delegate also runs after the antecedent task(s) completed.</summary>
    Continuation = 1,

    /// <summary>ThreadPool work items and wait callbacks: nothing waits for them.</summary>
    WorkItem = 2,

    /// <summary>Parallel.For/ForEach/Invoke: every invocation is concurrent with the others; all finish before the call returns.</summary>
    Parallel = 3,

    /// <summary>Timer callbacks: each runs after the timer's creation or last change; callbacks are not ordered with each other.</summary>
    Timer = 4,

    /// <summary><c>new Task(...)</c>: the work is forked when the task is started, not when it is created.</summary>
    DeferredTask = 5,

    /// <summary>One resumption of an async method after an await.</summary>
    Async = 6,

    /// <summary>A callback the framework runs inline for whoever triggers it (CancellationToken.Register): it also runs after the trigger.</summary>
    Callback = 7,

    /// <summary>ContinueWhenAny: the delegate runs after the antecedent it receives (the first to finish), not after the others.</summary>
    AnyContinuation = 8,

    /// <summary>A <c>Progress&lt;T&gt;</c> handler: each run follows the progress's creation and its last report, like a timer callback.</summary>
    Progress = 9,

    /// <summary>A PLINQ operator: its delegates run when the query executes (see <see cref="ParallelQueries"/>).</summary>
    Query = 10,

    /// <summary>A TPL Dataflow block's delegate: each run follows what was posted upstream (see <see cref="DataflowBlocks"/>).</summary>
    Dataflow = 11,
}
