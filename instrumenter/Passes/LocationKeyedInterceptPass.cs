using Mono.Cecil;
using Mono.Cecil.Cil;
using RaceDetector.Instrumenter.Sites;

namespace RaceDetector.Instrumenter.Passes;

/// <summary>
/// Calls on synchronization structs used in place (SpinLock): the struct has no identity of its own,
/// so the replacement also receives a key for the field or array element that holds it, computed where
/// the address is taken. That address is then synchronization, not a data access, and is claimed
/// before the field and array passes see it. A struct in a local (a copy, private to the invocation)
/// gets a key made on entry to the method; one reached through a <c>ref</c> parameter gets no key (the
/// runtime shares one for all of those).
/// </summary>
internal sealed class LocationKeyedInterceptPass : IMethodPass
{
    public void Run(MethodContext context)
    {
        var hooks = context.Module.Hooks;
        VariableDefinition? privateKey = null;
        foreach (var call in context.Instructions)
        {
            if (call.OpCode.Code is not (Code.Call or Code.Callvirt) || call.Operand is not MethodReference callee
                || !callee.DeclaringType.IsValueType
                || context.Module.Runtime.ReplacementFor(callee, keyed: true) is not { } replacement)
                continue;

            var key = context.Temps.Fresh(context.Module.Module.TypeSystem.Object);
            var receiver = context.Flow.SingleProducer(call, 0);
            if (receiver is { OpCode.Code: Code.Ldloca })
            {
                if (privateKey is null)
                {
                    privateKey = context.Temps.Fresh(context.Module.Module.TypeSystem.Object);
                    var objectCtor = new MethodReference(".ctor", context.Module.Module.TypeSystem.Void, context.Module.Module.TypeSystem.Object) { HasThis = true };
                    context.Patch.InsertAtEntry([Instruction.Create(OpCodes.Newobj, objectCtor), Instruction.Create(OpCodes.Stloc, privateKey)]);
                }
                context.Patch.InsertBefore(call, [Instruction.Create(OpCodes.Ldloc, privateKey), Instruction.Create(OpCodes.Stloc, key)]);
            }
            else if (receiver is not null && context.Flow.Consumers(receiver).Count == 1 && KeyAt(context, receiver, key) is { } store)
            {
                context.Patch.InsertBefore(receiver, store);
                context.Claimed.Add(receiver);
            }
            var site = context.Site(call, callee.Name == "Exit" ? "unlock" : "lock", SiteTarget.Sync(callee.DeclaringType, context.Describe(call, 0)));
            context.Patch.InsertBefore(call, [Instruction.Create(OpCodes.Ldloc, key), .. site]);
            call.OpCode = OpCodes.Call;
            call.Operand = hooks.Replacement(replacement, callee, keyed: true);
            context.Claimed.Add(call);
        }
    }

    /// <summary>IL, before the address instruction, that stores the holder's key in <paramref name="key"/> (which stays null otherwise).</summary>
    static Instruction[]? KeyAt(MethodContext context, Instruction address, VariableDefinition key)
    {
        var hooks = context.Module.Hooks;
        if (address.OpCode.Code == Code.Ldelema)
        {
            var index = context.Temps.Shared(context.Module.Module.TypeSystem.IntPtr, "index");
            return
            [
                Instruction.Create(OpCodes.Stloc, index), Instruction.Create(OpCodes.Dup), Instruction.Create(OpCodes.Ldloc, index),
                Instruction.Create(OpCodes.Call, hooks.ElementKey), Instruction.Create(OpCodes.Stloc, key), Instruction.Create(OpCodes.Ldloc, index),
            ];
        }
        if (address.Operand is not FieldReference field || context.ShadowOf(field) is not { } shadow)
            return null;
        return address.OpCode.Code switch
        {
            Code.Ldflda => [Instruction.Create(OpCodes.Dup), .. shadow.Slot(), Instruction.Create(OpCodes.Call, hooks.LocationKey), Instruction.Create(OpCodes.Stloc, key)],
            Code.Ldsflda => [.. shadow.Slot(), Instruction.Create(OpCodes.Call, hooks.LocationKey), Instruction.Create(OpCodes.Stloc, key)],
            _ => null,
        };
    }
}
