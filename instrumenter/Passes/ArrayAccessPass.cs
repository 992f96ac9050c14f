using Mono.Cecil;
using Mono.Cecil.Cil;
using RaceDetector.Instrumenter.Il;
using RaceDetector.Instrumenter.Sites;

namespace RaceDetector.Instrumenter.Passes;

/// <summary>
/// Reads and writes of single-dimension array elements: every <c>ldelem</c>/<c>stelem</c> form, and
/// <c>ldelema</c> classified by its use. Multi-dimension arrays go through runtime helper calls and are not tracked.
/// </summary>
internal sealed class ArrayAccessPass : IMethodPass
{
    public bool ChecksAccesses => true;

    public void Run(MethodContext context)
    {
        var types = context.Module.Module.TypeSystem;
        foreach (var instruction in context.Instructions)
        {
            if (context.Claimed.Contains(instruction))
                continue;
            var code = instruction.OpCode.Code;
            bool? write = code switch
            {
                Code.Ldelema => context.Addresses.Classify(instruction) == AddressUse.Write,
                _ when instruction.OpCode.Name.StartsWith("ldelem", StringComparison.Ordinal) => false,
                _ when instruction.OpCode.Name.StartsWith("stelem", StringComparison.Ordinal) => true,
                _ => null,
            };
            if (write is not { } isWrite || context.CoveredReads.IsCovered(instruction)
                || (code == Code.Ldelema && FieldAccessPass.IsSynchronizationStruct((TypeReference)instruction.Operand)))
                continue;

            var holder = context.SourceField(instruction, 0);
            var declared = holder is null ? null : GenericContext.FieldType(holder).StripModifiers() as ArrayType;
            var target = SiteTarget.Element(declared?.ElementType ?? StackType(instruction, types), holder);
            var site = context.Site(instruction, isWrite ? "write" : "read", target);
            var hook = isWrite ? context.Module.Hooks.WriteElement : context.Module.Hooks.ReadElement;
            var index = context.Temps.Shared(types.IntPtr, "index");
            var check = new List<Instruction>
            {
                Instruction.Create(OpCodes.Stloc, index),
                Instruction.Create(OpCodes.Dup),
                Instruction.Create(OpCodes.Ldloc, index),
            };
            check.AddRange(site);
            check.Add(Instruction.Create(OpCodes.Call, hook));
            check.Add(Instruction.Create(OpCodes.Ldloc, index));
            if (instruction.OpCode.Name.StartsWith("stelem", StringComparison.Ordinal))
            {
                // The value is on top of the index: park it first, restore it last.
                var value = context.Temps.Shared(StackType(instruction, types));
                check.Insert(0, Instruction.Create(OpCodes.Stloc, value));
                check.Add(Instruction.Create(OpCodes.Ldloc, value));
            }
            context.Patch.InsertBefore(instruction, check);
        }
    }

    /// <summary>The type of the element value as it sits on the evaluation stack (small integers widen to int32).</summary>
    static TypeReference StackType(Instruction instruction, TypeSystem types) => instruction.OpCode.Code switch
    {
        Code.Ldelem_I1 or Code.Ldelem_U1 or Code.Stelem_I1 or Code.Ldelem_I2 or Code.Ldelem_U2 or Code.Stelem_I2
            or Code.Ldelem_I4 or Code.Ldelem_U4 or Code.Stelem_I4 => types.Int32,
        Code.Ldelem_I8 or Code.Stelem_I8 => types.Int64,
        Code.Ldelem_R4 or Code.Stelem_R4 => types.Single,
        Code.Ldelem_R8 or Code.Stelem_R8 => types.Double,
        Code.Ldelem_I or Code.Stelem_I => types.IntPtr,
        Code.Ldelem_Ref or Code.Stelem_Ref => types.Object,
        _ => (TypeReference)instruction.Operand,
    };
}
