using Mono.Cecil;
using Mono.Cecil.Cil;
using RaceDetector.Instrumenter.Sites;

namespace RaceDetector.Instrumenter.Passes;

/// <summary>
/// Calls on synchronization structs used in place (SpinLock): the struct has no identity of its own,
/// so the replacement also receives the shadow slot of the field that holds it. The field's address is
/// then synchronization, not a data access, and is claimed before the field pass sees it. A struct not
/// held in a tracked field gets a private key: it cannot be shared between threads anyway.
/// </summary>
internal sealed class LocationKeyedInterceptPass : IMethodPass
{
    public void Run(MethodContext context)
    {
        var hooks = context.Module.Hooks;
        foreach (var call in context.Instructions)
        {
            if (call.OpCode.Code is not (Code.Call or Code.Callvirt) || call.Operand is not MethodReference callee
                || !callee.DeclaringType.IsValueType
                || context.Module.Runtime.ReplacementFor(callee, keyed: true) is not { } replacement)
                continue;

            var key = context.Temps.Fresh(new ByReferenceType(hooks.VarState));
            var receiver = context.Flow.SingleProducer(call, 0);
            if (receiver is not null && context.Flow.Consumers(receiver).Count == 1 && KeyAt(context, receiver, key) is { } store)
            {
                context.Patch.InsertBefore(receiver, store);
                context.Claimed.Add(receiver);
            }
            else
            {
                var own = context.Temps.Fresh(hooks.VarState);
                context.Patch.InsertAtEntry([Instruction.Create(OpCodes.Ldloca, own), Instruction.Create(OpCodes.Stloc, key)]);
            }
            var site = context.Site(call, call.Operand is MethodReference { Name: "Exit" } ? "unlock" : "lock",
                SiteTarget.Sync(callee.DeclaringType, context.Describe(call, 0)));
            context.Patch.InsertBefore(call, [Instruction.Create(OpCodes.Ldloc, key), .. site]);
            call.OpCode = OpCodes.Call;
            call.Operand = hooks.Replacement(replacement, callee, keyed: true);
            context.Claimed.Add(call);
        }
    }

    /// <summary>IL, before the address instruction, that saves the address of the field's shadow in <paramref name="key"/>.</summary>
    static Instruction[]? KeyAt(MethodContext context, Instruction address, VariableDefinition key)
    {
        if (address.Operand is not FieldReference field || context.ShadowOf(field) is not { } shadow)
            return null;
        return address.OpCode.Code switch
        {
            Code.Ldflda => [Instruction.Create(OpCodes.Dup), Instruction.Create(OpCodes.Ldflda, shadow), Instruction.Create(OpCodes.Stloc, key)],
            Code.Ldsflda => [Instruction.Create(OpCodes.Ldsflda, shadow), Instruction.Create(OpCodes.Stloc, key)],
            _ => null,
        };
    }
}
