using Mono.Cecil;
using Mono.Cecil.Cil;
using RaceDetector.Instrumenter.Il;

namespace RaceDetector.Instrumenter.Passes;

/// <summary>
/// Objects set up outside their constructor and then published by a plain store (the .NET memory model's
/// "Object assignment"; see the runtime's <c>FreshObjects</c>): after <c>newobj</c> of a class with tracked instance
/// fields whose construction keeps <c>this</c> to itself, <c>Hooks.Allocated</c>; before a reference is stored into a
/// tracked field, static or array element (<c>stfld</c>, <c>stsfld</c>, <c>stelem.ref</c>), <c>Hooks.Storing</c>.
/// Stores into untracked fields (async state machines' hoisted locals, say) publish nothing.
/// </summary>
internal sealed class PublicationPass : IMethodPass
{
    public bool ChecksAccesses => true;

    public void Run(MethodContext context)
    {
        var hooks = context.Module.Hooks;
        foreach (var instruction in context.Instructions)
        {
            if (context.Claimed.Contains(instruction))
                continue;
            if (IsFreshAllocation(context, instruction))
                context.Patch.InsertAfter(instruction, [Instruction.Create(OpCodes.Dup), Instruction.Create(OpCodes.Call, hooks.Allocated)]);
            else if (IsReferenceStore(context, instruction))
                context.Patch.InsertBefore(instruction, [Instruction.Create(OpCodes.Dup), Instruction.Create(OpCodes.Call, hooks.Storing)]);
        }
    }

    static bool IsFreshAllocation(MethodContext context, Instruction instruction) =>
        instruction.OpCode.Code == Code.Newobj && instruction.Operand is MethodReference constructor
        && constructor.DeclaringType.TryResolve() is { IsValueType: false } type
        && context.Module.Shadows.HasInstanceShadows(type) && !context.Module.ConstructorEscapes.Escapes(type);

    static bool IsReferenceStore(MethodContext context, Instruction instruction) => instruction.OpCode.Code switch
    {
        Code.Stfld or Code.Stsfld => instruction.Operand is FieldReference field && IsReference(field.FieldType)
            && context.ShadowOf(field) is not null,
        Code.Stelem_Ref => true,
        _ => false,
    };

    static bool IsReference(TypeReference type)
    {
        var stripped = type.StripModifiers();
        return !stripped.IsValueType && !stripped.IsGenericParameter && !stripped.IsPointer && !stripped.IsByReference
            && !stripped.IsFunctionPointer;
    }
}
