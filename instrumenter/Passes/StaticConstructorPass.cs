using Mono.Cecil.Cil;

namespace RaceDetector.Instrumenter.Passes;

/// <summary>
/// Static constructors: their effects happen before any use of the type (the .NET rule), so each return
/// releases into a clock that the type keeps in its <see cref="Shadows.TypeInitFields"/> field for
/// <see cref="TypeUsePass"/>'s acquires.
/// </summary>
internal sealed class StaticConstructorPass : IMethodPass
{
    public void Run(MethodContext context)
    {
        if (!context.Method.IsConstructor || !context.Method.IsStatic
            || context.Module.Shadows.TypeInits.OfOwnType(context.Method.DeclaringType) is not { } field)
            return;
        foreach (var ret in context.Instructions.Where(i => i.OpCode.Code == Code.Ret))
        {
            context.Patch.InsertBefore(ret,
                [Instruction.Create(OpCodes.Call, context.Module.Hooks.StaticConstructorFinished), Instruction.Create(OpCodes.Stsfld, field)]);
        }
    }
}
