using Mono.Cecil.Cil;

namespace RaceDetector.Instrumenter.Passes;

/// <summary>
/// Cancelling a token source happens before the code that catches the <see cref="OperationCanceledException"/>
/// it caused (an awaited task, a wait, any API that took the token). Every handler that can catch one (or the
/// AggregateException a wait wraps it in), and every filtered handler, hands the caught exception to the
/// runtime first; the runtime acquires the cancellation of the token the exception carries.
/// </summary>
internal sealed class CaughtCancellationPass : IMethodPass
{
    static readonly HashSet<string> CatchTypes =
    [
        "System.Object",
        "System.Exception",
        "System.SystemException",
        "System.OperationCanceledException",
        "System.Threading.Tasks.TaskCanceledException",
        "System.AggregateException",
    ];

    public void Run(MethodContext context)
    {
        foreach (var handler in context.Body.ExceptionHandlers)
        {
            bool catches = handler.HandlerType == ExceptionHandlerType.Filter
                || (handler.HandlerType == ExceptionHandlerType.Catch && CatchTypes.Contains(handler.CatchType.FullName));
            if (!catches || !context.Flow.IsReachable(handler.HandlerStart))
                continue;
            context.Patch.InsertBefore(handler.HandlerStart, [
                Instruction.Create(OpCodes.Dup),
                Instruction.Create(OpCodes.Call, context.Module.Hooks.Caught),
            ]);
        }
    }
}
