using Mono.Cecil;
using Mono.Cecil.Cil;
using RaceDetector.Instrumenter.Il;
using RaceDetector.Instrumenter.Shadows;

namespace RaceDetector.Instrumenter.Passes;

/// <summary>
/// The end of an object's construction happens before its finalizer. Constructors of a class whose
/// finalizer is declared in the same module store a released clock in a field added next to that
/// finalizer, and the finalizer acquires it on entry (a weak table would already be cleared then).
/// A class with an explicit or sequential layout must not gain an instance field (an explicit one would
/// not even load): its constructors release into one static clock per class instead.
/// </summary>
internal sealed class FinalizerPass : IMethodPass
{
    const string FieldName = "<>rd__constructed";

    public void Run(MethodContext context)
    {
        var method = context.Method;
        if (method.IsStatic || method.DeclaringType.IsValueType)
            return;
        var owner = FinalizerOwner(method.DeclaringType, context.Module.Module);
        if (owner is null)
            return;
        var hooks = context.Module.Hooks;
        bool perClass = FixedLayoutCells.Applies(owner);
        var field = ConstructedField(owner, OwnerAsSeenFrom(method.DeclaringType, owner), context.Module.Module, perClass);
        Instruction This() => Instruction.Create(OpCodes.Ldarg, context.Body.ThisParameter);
        if (method.IsConstructor)
        {
            foreach (var ret in context.Instructions.Where(i => i.OpCode.Code == Code.Ret))
            {
                context.Patch.InsertBefore(ret, perClass
                    ? [Instruction.Create(OpCodes.Ldsflda, field), Instruction.Create(OpCodes.Call, hooks.ObjectsConstructed)]
                    : [This(), Instruction.Create(OpCodes.Call, hooks.ObjectConstructed), Instruction.Create(OpCodes.Stfld, field)]);
            }
        }
        else if (IsFinalizer(method) && method.DeclaringType == owner)
        {
            context.Patch.InsertAtEntry(perClass
                ? [Instruction.Create(OpCodes.Ldsfld, field), Instruction.Create(OpCodes.Call, hooks.Finalizing)]
                : [This(), Instruction.Create(OpCodes.Ldfld, field), Instruction.Create(OpCodes.Call, hooks.Finalizing)]);
        }
    }

    static bool IsFinalizer(MethodDefinition method) =>
        method is { Name: "Finalize", IsVirtual: true, HasParameters: false, IsStatic: false } && method.ReturnType.IsVoid();

    /// <summary>The nearest class in <paramref name="type"/>'s hierarchy, in this module, that declares a finalizer.</summary>
    static TypeDefinition? FinalizerOwner(TypeDefinition type, ModuleDefinition module)
    {
        for (TypeDefinition? current = type; current is not null && current.Module == module; current = current.BaseType?.TryResolve())
        {
            if (current.Methods.Any(IsFinalizer))
                return current;
        }
        return null;
    }

    /// <summary><paramref name="owner"/> as <paramref name="type"/>'s code names it: itself, or the base type reference with its arguments.</summary>
    static TypeReference OwnerAsSeenFrom(TypeDefinition type, TypeDefinition owner)
    {
        if (type == owner)
            return owner.SelfReference();
        for (var current = type; current.BaseType is { } baseType; current = baseType.TryResolve()!)
        {
            if (baseType.TryResolve() == owner)
                return baseType;
            if (baseType.TryResolve() is null)
                break;
        }
        return owner;
    }

    static FieldReference ConstructedField(TypeDefinition owner, TypeReference seenAs, ModuleDefinition module, bool isStatic)
    {
        var field = owner.Fields.FirstOrDefault(f => f.Name == FieldName);
        if (field is null)
        {
            var attributes = FieldAttributes.Assembly | FieldAttributes.NotSerialized | (isStatic ? FieldAttributes.Static : 0);
            field = new FieldDefinition(FieldName, attributes, module.TypeSystem.Object);
            owner.Fields.Add(field);
        }
        return seenAs == owner ? field : new FieldReference(field.Name, field.FieldType, seenAs);
    }
}
