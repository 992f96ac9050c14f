using Mono.Cecil;
using Mono.Cecil.Cil;
using RaceDetector.Instrumenter.Il;

namespace RaceDetector.Instrumenter.Passes;

/// <summary>
/// Every access to a static field (tracked or not, <c>readonly</c> included) of a type whose static constructor
/// publishes something first acquires that constructor's release (see <see cref="StaticConstructorPass"/>).
/// Runs before the passes that check the access, so the check already sees the constructor's writes as ordered.
/// </summary>
internal sealed class TypeUsePass : IMethodPass
{
    public void Run(MethodContext context)
    {
        foreach (var instruction in context.Instructions)
        {
            if (instruction.OpCode.Code is not (Code.Ldsfld or Code.Stsfld or Code.Ldsflda)
                || instruction.Operand is not FieldReference field
                || IsOwnStaticConstructor(context.Method, field.DeclaringType)
                || context.Module.Shadows.TypeInits.Of(field.DeclaringType, context.Module.Module, context.Module.ForeignShadowOwners)
                    is not { } initialization)
                continue;
            context.Patch.InsertBefore(instruction,
                [Instruction.Create(OpCodes.Ldsfld, initialization), Instruction.Create(OpCodes.Call, context.Module.Hooks.TypeUsed)]);
        }
    }

    /// <summary>Inside the constructor the type is still being initialized: nothing to acquire.</summary>
    static bool IsOwnStaticConstructor(MethodDefinition method, TypeReference type) =>
        method is { IsConstructor: true, IsStatic: true } && method.DeclaringType == type.TryResolve();
}
