using System.ComponentModel;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Threading.Tasks.Dataflow;
using RaceDetector.Runtime.Detection;
using RaceDetector.Runtime.Tasks;

namespace RaceDetector.Runtime;

/// <summary>
/// Replacements for TPL Dataflow calls (see <see cref="DataflowBlocks"/>): posting and sending release into the
/// target block, linking remembers the source of the target, receiving (also asynchronously, when the awaiting code
/// observes the result) and a block's completion acquire.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[StackTraceHidden]
public static class DataflowIntercepts
{
    const string Extensions = "System.Threading.Tasks.Dataflow.DataflowBlock";
    const string Namespace = "System.Threading.Tasks.Dataflow.";

    /// <summary>Replaces <see cref="DataflowBlock.Post{TInput}"/>.</summary>
    [Intercept(Extensions, "Post")]
    public static bool Post<TInput>(ITargetBlock<TInput> target, TInput item, int site)
    {
        Posting(target);
        return target.Post(item);
    }

    /// <summary>Replaces <see cref="DataflowBlock.SendAsync{TInput}(ITargetBlock{TInput}, TInput)"/>.</summary>
    [Intercept(Extensions, "SendAsync")]
    public static Task<bool> SendAsync<TInput>(ITargetBlock<TInput> target, TInput item, int site)
    {
        Posting(target);
        return target.SendAsync(item);
    }

    /// <summary>Replaces <see cref="DataflowBlock.SendAsync{TInput}(ITargetBlock{TInput}, TInput, CancellationToken)"/>.</summary>
    [Intercept(Extensions, "SendAsync")]
    public static Task<bool> SendAsync<TInput>(ITargetBlock<TInput> target, TInput item, CancellationToken cancellationToken, int site)
    {
        Posting(target);
        return target.SendAsync(item, cancellationToken);
    }

    /// <summary>Replaces <see cref="ISourceBlock{TOutput}.LinkTo"/>.</summary>
    [Intercept(Namespace + "ISourceBlock`1", "LinkTo")]
    public static IDisposable LinkTo<TOutput>(ISourceBlock<TOutput> source, ITargetBlock<TOutput> target, DataflowLinkOptions linkOptions, int site) =>
        Link(source, target, linkOptions);

    /// <summary>Replaces <see cref="BufferBlock{T}.LinkTo"/>.</summary>
    [Intercept(Namespace + "BufferBlock`1", "LinkTo")]
    public static IDisposable LinkTo<T>(BufferBlock<T> source, ITargetBlock<T> target, DataflowLinkOptions linkOptions, int site) =>
        Link(source, target, linkOptions);

    /// <summary>Replaces <see cref="BroadcastBlock{T}.LinkTo"/>.</summary>
    [Intercept(Namespace + "BroadcastBlock`1", "LinkTo")]
    public static IDisposable LinkTo<T>(BroadcastBlock<T> source, ITargetBlock<T> target, DataflowLinkOptions linkOptions, int site) =>
        Link(source, target, linkOptions);

    /// <summary>Replaces <see cref="BatchBlock{T}.LinkTo"/>.</summary>
    [Intercept(Namespace + "BatchBlock`1", "LinkTo")]
    public static IDisposable LinkTo<T>(BatchBlock<T> source, ITargetBlock<T[]> target, DataflowLinkOptions linkOptions, int site) =>
        Link(source, target, linkOptions);

    /// <summary>Replaces <see cref="TransformBlock{TInput, TOutput}.LinkTo"/>.</summary>
    [Intercept(Namespace + "TransformBlock`2", "LinkTo")]
    public static IDisposable LinkTo<TInput, TOutput>(TransformBlock<TInput, TOutput> source, ITargetBlock<TOutput> target,
        DataflowLinkOptions linkOptions, int site) => Link(source, target, linkOptions);

    /// <summary>Replaces <see cref="TransformManyBlock{TInput, TOutput}.LinkTo"/>.</summary>
    [Intercept(Namespace + "TransformManyBlock`2", "LinkTo")]
    public static IDisposable LinkTo<TInput, TOutput>(TransformManyBlock<TInput, TOutput> source, ITargetBlock<TOutput> target,
        DataflowLinkOptions linkOptions, int site) => Link(source, target, linkOptions);

    /// <summary>Replaces <see cref="DataflowBlock.LinkTo{TOutput}(ISourceBlock{TOutput}, ITargetBlock{TOutput})"/>.</summary>
    [Intercept(Extensions, "LinkTo")]
    public static IDisposable LinkTo<TOutput>(ISourceBlock<TOutput> source, ITargetBlock<TOutput> target, int site)
    {
        Linking(source, target);
        return source.LinkTo(target);
    }

    /// <summary>Replaces <see cref="DataflowBlock.LinkTo{TOutput}(ISourceBlock{TOutput}, ITargetBlock{TOutput}, Predicate{TOutput})"/>.</summary>
    [Intercept(Extensions, "LinkTo")]
    public static IDisposable LinkTo<TOutput>(ISourceBlock<TOutput> source, ITargetBlock<TOutput> target, Predicate<TOutput> predicate, int site)
    {
        Linking(source, target);
        return source.LinkTo(target, predicate);
    }

    /// <summary>Replaces <see cref="DataflowBlock.LinkTo{TOutput}(ISourceBlock{TOutput}, ITargetBlock{TOutput}, DataflowLinkOptions, Predicate{TOutput})"/>.</summary>
    [Intercept(Extensions, "LinkTo")]
    public static IDisposable LinkTo<TOutput>(ISourceBlock<TOutput> source, ITargetBlock<TOutput> target, DataflowLinkOptions linkOptions,
        Predicate<TOutput> predicate, int site)
    {
        Linking(source, target);
        return source.LinkTo(target, linkOptions, predicate);
    }

    /// <summary>Replaces <see cref="DataflowBlock.Receive{TOutput}(ISourceBlock{TOutput})"/>.</summary>
    [Intercept(Extensions, "Receive")]
    public static TOutput Receive<TOutput>(ISourceBlock<TOutput> source, int site) => Received(source, source.Receive());

    /// <summary>Replaces <see cref="DataflowBlock.Receive{TOutput}(ISourceBlock{TOutput}, TimeSpan)"/>.</summary>
    [Intercept(Extensions, "Receive")]
    public static TOutput Receive<TOutput>(ISourceBlock<TOutput> source, TimeSpan timeout, int site) => Received(source, source.Receive(timeout));

    /// <summary>Replaces <see cref="DataflowBlock.Receive{TOutput}(ISourceBlock{TOutput}, CancellationToken)"/>.</summary>
    [Intercept(Extensions, "Receive")]
    public static TOutput Receive<TOutput>(ISourceBlock<TOutput> source, CancellationToken cancellationToken, int site) =>
        Received(source, source.Receive(cancellationToken));

    /// <summary>Replaces <see cref="DataflowBlock.Receive{TOutput}(ISourceBlock{TOutput}, TimeSpan, CancellationToken)"/>.</summary>
    [Intercept(Extensions, "Receive")]
    public static TOutput Receive<TOutput>(ISourceBlock<TOutput> source, TimeSpan timeout, CancellationToken cancellationToken, int site) =>
        Received(source, source.Receive(timeout, cancellationToken));

    /// <summary>Replaces <see cref="DataflowBlock.ReceiveAsync{TOutput}(ISourceBlock{TOutput})"/>.</summary>
    [Intercept(Extensions, "ReceiveAsync")]
    public static Task<TOutput> ReceiveAsync<TOutput>(ISourceBlock<TOutput> source, int site) => Receiving(source, source.ReceiveAsync());

    /// <summary>Replaces <see cref="DataflowBlock.ReceiveAsync{TOutput}(ISourceBlock{TOutput}, TimeSpan)"/>.</summary>
    [Intercept(Extensions, "ReceiveAsync")]
    public static Task<TOutput> ReceiveAsync<TOutput>(ISourceBlock<TOutput> source, TimeSpan timeout, int site) =>
        Receiving(source, source.ReceiveAsync(timeout));

    /// <summary>Replaces <see cref="DataflowBlock.ReceiveAsync{TOutput}(ISourceBlock{TOutput}, CancellationToken)"/>.</summary>
    [Intercept(Extensions, "ReceiveAsync")]
    public static Task<TOutput> ReceiveAsync<TOutput>(ISourceBlock<TOutput> source, CancellationToken cancellationToken, int site) =>
        Receiving(source, source.ReceiveAsync(cancellationToken));

    /// <summary>Replaces <see cref="DataflowBlock.ReceiveAsync{TOutput}(ISourceBlock{TOutput}, TimeSpan, CancellationToken)"/>.</summary>
    [Intercept(Extensions, "ReceiveAsync")]
    public static Task<TOutput> ReceiveAsync<TOutput>(ISourceBlock<TOutput> source, TimeSpan timeout, CancellationToken cancellationToken, int site) =>
        Receiving(source, source.ReceiveAsync(timeout, cancellationToken));

    /// <summary>Replaces <see cref="DataflowBlock.OutputAvailableAsync{TOutput}(ISourceBlock{TOutput})"/>.</summary>
    [Intercept(Extensions, "OutputAvailableAsync")]
    public static Task<bool> OutputAvailableAsync<TOutput>(ISourceBlock<TOutput> source, int site) => Receiving(source, source.OutputAvailableAsync());

    /// <summary>Replaces <see cref="DataflowBlock.OutputAvailableAsync{TOutput}(ISourceBlock{TOutput}, CancellationToken)"/>.</summary>
    [Intercept(Extensions, "OutputAvailableAsync")]
    public static Task<bool> OutputAvailableAsync<TOutput>(ISourceBlock<TOutput> source, CancellationToken cancellationToken, int site) =>
        Receiving(source, source.OutputAvailableAsync(cancellationToken));

    /// <summary>Replaces <see cref="DataflowBlock.TryReceive{TOutput}(IReceivableSourceBlock{TOutput}, out TOutput)"/>.</summary>
    [Intercept(Extensions, "TryReceive")]
    public static bool TryReceive<TOutput>(IReceivableSourceBlock<TOutput> source, [MaybeNullWhen(false)] out TOutput item, int site)
    {
        bool received = source.TryReceive(out item);
        if (received)
            Received(source, item);
        return received;
    }

    /// <summary>Replaces <see cref="IDataflowBlock.Completion"/>.</summary>
    [Intercept(Namespace + "IDataflowBlock", "get_Completion")]
    public static Task Completion(IDataflowBlock block, int site) => Completing(block);

    /// <summary>Replaces <see cref="ActionBlock{TInput}.Completion"/>.</summary>
    [Intercept(Namespace + "ActionBlock`1", "get_Completion")]
    public static Task Completion<TInput>(ActionBlock<TInput> block, int site) => Completing(block);

    /// <summary>Replaces <see cref="TransformBlock{TInput, TOutput}.Completion"/>.</summary>
    [Intercept(Namespace + "TransformBlock`2", "get_Completion")]
    public static Task Completion<TInput, TOutput>(TransformBlock<TInput, TOutput> block, int site) => Completing(block);

    /// <summary>Replaces <see cref="TransformManyBlock{TInput, TOutput}.Completion"/>.</summary>
    [Intercept(Namespace + "TransformManyBlock`2", "get_Completion")]
    public static Task Completion<TInput, TOutput>(TransformManyBlock<TInput, TOutput> block, int site) => Completing(block);

    static void Posting(object target)
    {
        if (DetectorRuntime.Enabled)
            DataflowBlocks.Posted(target);
    }

    static void Linking(object source, object target)
    {
        if (DetectorRuntime.Enabled)
            Guard.Run((source, target), static a => DataflowBlocks.Linked(a.source, a.target));
    }

    static IDisposable Link<T>(ISourceBlock<T> source, ITargetBlock<T> target, DataflowLinkOptions linkOptions)
    {
        Linking(source, target);
        return source.LinkTo(target, linkOptions);
    }

    static T Received<T>(object source, T item)
    {
        if (DetectorRuntime.Enabled)
            Guard.Run(source, DataflowBlocks.Received);
        return item;
    }

    /// <summary>The code that first observes <paramref name="task"/>'s result comes after what reached <paramref name="source"/>.</summary>
    static Task<T> Receiving<T>(object source, Task<T> task)
    {
        if (DetectorRuntime.Enabled)
            Guard.Run((source, task), static a => TaskClocks.BindObserver(a.task, _ => DataflowBlocks.Received(a.source)));
        return task;
    }

    static Task Completing(IDataflowBlock block)
    {
        var completion = block.Completion;
        if (DetectorRuntime.Enabled)
            Guard.Run((block, completion), static a => DataflowBlocks.Completing(a.block, a.completion));
        return completion;
    }
}
