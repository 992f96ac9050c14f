using Mono.Cecil;
using Mono.Cecil.Cil;
using RaceDetector.Instrumenter.Il;

namespace RaceDetector.Instrumenter.Passes;

/// <summary>
/// Test methods and the setup and teardown methods a framework calls around them (<see cref="TestLifecycle"/>) tell
/// the runtime where they start and end, so the tests the framework runs one after another are ordered even when
/// the framework awaits them in code that is not instrumented. Entry passes <c>this</c> (or the declaring type, in
/// static methods) and the role; every return passes the returned task, if any, which the next test acquires once
/// it has completed.
/// </summary>
internal sealed class TestOrderPass : IMethodPass
{
    public void Run(MethodContext context)
    {
        var method = context.Method;
        if (method.DeclaringType.IsValueType || context.Module.TestLifecycle.RoleOf(method) is not { } role)
            return;
        var hooks = context.Module.Hooks;
        var phase = context.Temps.Fresh(context.Module.Module.TypeSystem.Object);
        context.Patch.InsertAtEntry([
            method.IsStatic ? Instruction.Create(OpCodes.Ldnull) : Instruction.Create(OpCodes.Ldarg, context.Body.ThisParameter),
            Instruction.Create(OpCodes.Ldtoken, method.DeclaringType.SelfReference()),
            Instruction.Create(OpCodes.Ldc_I4, (int)role),
            Instruction.Create(OpCodes.Call, hooks.PhaseStarting),
            Instruction.Create(OpCodes.Stloc, phase),
        ]);
        var taskExit = TaskExitHook(context, method.ReturnType);
        foreach (var ret in context.Instructions.Where(i => i.OpCode.Code == Code.Ret))
        {
            context.Patch.InsertBefore(ret, taskExit is null
                ? [Instruction.Create(OpCodes.Ldloc, phase), Instruction.Create(OpCodes.Call, hooks.PhaseEnded)]
                : [Instruction.Create(OpCodes.Dup), Instruction.Create(OpCodes.Ldloc, phase), Instruction.Create(OpCodes.Call, taskExit)]);
        }
    }

    /// <summary>The exit hook that takes the returned Task or ValueTask, or null when the method returns neither.</summary>
    static MethodReference? TaskExitHook(MethodContext context, TypeReference returnType) =>
        returnType.GetElementType().FullName switch
        {
            "System.Threading.Tasks.Task" or "System.Threading.Tasks.Task`1" => context.Module.Hooks.PhaseReturned,
            "System.Threading.Tasks.ValueTask" => context.Module.Hooks.PhaseReturnedValueTask(returnType),
            _ => null,
        };
}
