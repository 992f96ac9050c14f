using Mono.Cecil;
using Mono.Cecil.Cil;
using RaceDetector.Instrumenter.Il;
using RaceDetector.Instrumenter.Sites;

namespace RaceDetector.Instrumenter.Passes;

/// <summary>
/// <c>[MethodImpl(MethodImplOptions.Synchronized)]</c> methods: the runtime locks <c>this</c> (or the
/// type for static methods) around the body, so entry acquires and every return releases that lock.
/// </summary>
internal sealed class SynchronizedMethodPass : IMethodPass
{
    public void Run(MethodContext context)
    {
        var method = context.Method;
        if ((method.ImplAttributes & MethodImplAttributes.Synchronized) == 0 || method.DeclaringType.IsValueType)
            return;
        var hooks = context.Module.Hooks;
        var first = context.Body.Instructions[0];
        Instruction LockObject() => method.IsStatic
            ? Instruction.Create(OpCodes.Ldtoken, method.DeclaringType.SelfReference())
            : Instruction.Create(OpCodes.Ldarg, context.Body.ThisParameter);

        string description = method.IsStatic
            ? "typeof(" + DisplayNames.Type(method.DeclaringType, qualified: true) + ")"
            : "this (" + DisplayNames.Type(method.DeclaringType, qualified: true) + ")";
        var site = context.Site(first, "lock", SiteTarget.Sync(method.DeclaringType, description));
        context.Patch.InsertAtEntry([LockObject(), .. site, Instruction.Create(OpCodes.Call, method.IsStatic ? hooks.SynchronizedStaticEnter : hooks.SynchronizedEnter)]);
        foreach (var ret in context.Instructions.Where(i => i.OpCode.Code == Code.Ret))
            context.Patch.InsertBefore(ret, [LockObject(), Instruction.Create(OpCodes.Call, method.IsStatic ? hooks.SynchronizedStaticExit : hooks.SynchronizedExit)]);
    }
}
