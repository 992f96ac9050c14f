using Mono.Cecil;
using Mono.Cecil.Cil;
using RaceDetector.Instrumenter.Sites;

namespace RaceDetector.Instrumenter.Passes;

/// <summary>
/// Test methods (xunit, NUnit, MSTest) tell the runtime which test runs on the thread, so each access
/// in a report names its test. Entry sets the name and every return restores the previous one; the
/// threads and tasks the test starts inherit it. An async test's kick-off returns at its first await,
/// and the continuations carry the name on.
/// </summary>
internal sealed class TestMethodPass : IMethodPass
{
    public void Run(MethodContext context)
    {
        var method = context.Method;
        if (!TestLifecycle.IsTestMethod(method))
            return;
        var hooks = context.Module.Hooks;
        var previous = context.Temps.Shared(context.Module.Module.TypeSystem.String, "test");
        string name = DisplayNames.Type(method.DeclaringType, qualified: true) + "." + method.Name;
        context.Patch.InsertAtEntry([
            Instruction.Create(OpCodes.Ldstr, name),
            Instruction.Create(OpCodes.Call, hooks.TestStarting),
            Instruction.Create(OpCodes.Stloc, previous),
        ]);
        foreach (var ret in context.Instructions.Where(i => i.OpCode.Code == Code.Ret))
            context.Patch.InsertBefore(ret, [Instruction.Create(OpCodes.Ldloc, previous), Instruction.Create(OpCodes.Call, hooks.TestEnded)]);
    }

}
