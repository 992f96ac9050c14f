using Mono.Cecil;
using Mono.Cecil.Cil;
using RaceDetector.Instrumenter.Il;
using RaceDetector.Instrumenter.Sites;

namespace RaceDetector.Instrumenter.Passes;

/// <summary>
/// Keeps the thread's shadow call stack (the runtime's <c>CallStack</c>), so a report shows the full stack
/// of the earlier access of a race. A method that makes calls learns its depth on entry, pushes each
/// call's site before the call and pops back to its depth after it returns and when one of its exception
/// handlers starts, which also drops the calls an exception unwound. <c>tail.</c> calls push nothing:
/// the caller's frame is gone, as in a real stack trace. Neither do framework calls that cannot run
/// instrumented code (<see cref="LeafCalls"/>), so a method whose calls are all such (a loop around a
/// <c>lock</c>, say) pays nothing. Runs before the intercept pass replaces calls, so it sees the callees
/// the code names.
/// </summary>
internal sealed class CallStackPass : IMethodPass
{
    public bool ChecksAccesses => true;

    public void Run(MethodContext context)
    {
        var calls = context.Instructions.Where(IsTrackedCall).ToList();
        if (calls.Count == 0)
            return;
        var hooks = context.Module.Hooks;
        var types = context.Module.Module.TypeSystem;
        var stack = context.Temps.Fresh(hooks.CallStack);
        var depth = context.Temps.Fresh(types.Int32);
        var frame = context.Temps.Fresh(types.IntPtr);
        context.Patch.InsertAtEntry([
            Instruction.Create(OpCodes.Ldloca, depth),
            Instruction.Create(OpCodes.Ldloca, frame),
            Instruction.Create(OpCodes.Call, hooks.CallsEnter),
            Instruction.Create(OpCodes.Stloc, stack),
        ]);

        Instruction[] Pop() =>
        [
            Instruction.Create(OpCodes.Ldloc, stack),
            Instruction.Create(OpCodes.Ldloc, depth),
            Instruction.Create(OpCodes.Call, hooks.Returned),
        ];

        foreach (var handler in context.Body.ExceptionHandlers)
        {
            if (handler.FilterStart is { } filter && context.Flow.IsReachable(filter))
                KeepCallUnderFilter(context, filter, handler.HandlerStart.Previous, stack, depth);
            if (context.Flow.IsReachable(handler.HandlerStart))
                context.Patch.InsertBefore(handler.HandlerStart, Pop());
        }
        foreach (var call in calls)
        {
            var site = context.Site(call, "call", SiteTarget.Call(call.Operand));
            context.Patch.InsertBefore(call, [
                Instruction.Create(OpCodes.Ldloc, stack),
                Instruction.Create(OpCodes.Ldloc, depth),
                Instruction.Create(OpCodes.Ldloc, frame),
                .. site,
                Instruction.Create(OpCodes.Call, hooks.Calling),
            ]);
            context.Patch.InsertAfter(call, Pop());
        }
    }

    /// <summary>
    /// A filter runs before the frames the exception leaves run their finally blocks, and its own calls push over
    /// those frames' calls: the filter starts at the method's depth with a copy of the calls above it, and puts
    /// them back at its end.
    /// </summary>
    static void KeepCallUnderFilter(MethodContext context, Instruction filter, Instruction end,
        VariableDefinition stack, VariableDefinition depth)
    {
        var hooks = context.Module.Hooks;
        var saved = context.Temps.Fresh(context.Module.Module.TypeSystem.Object);
        context.Patch.InsertBefore(filter, [
            Instruction.Create(OpCodes.Ldloc, stack),
            Instruction.Create(OpCodes.Ldloc, depth),
            Instruction.Create(OpCodes.Call, hooks.FilterStarting),
            Instruction.Create(OpCodes.Stloc, saved),
        ]);
        if (end.OpCode.Code != Code.Endfilter || !context.Flow.IsReachable(end))
            return;
        context.Patch.InsertBefore(end, [
            Instruction.Create(OpCodes.Ldloc, stack),
            Instruction.Create(OpCodes.Ldloc, depth),
            Instruction.Create(OpCodes.Ldloc, saved),
            Instruction.Create(OpCodes.Call, hooks.FilterEnded),
        ]);
    }

    static bool IsTrackedCall(Instruction instruction) =>
        instruction.OpCode.Code is Code.Call or Code.Callvirt or Code.Newobj or Code.Calli
        && !instruction.HasPrefix(Code.Tail)
        && !LeafCalls.IsLeaf(instruction.Operand);
}
