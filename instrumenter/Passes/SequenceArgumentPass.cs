using Mono.Cecil;
using Mono.Cecil.Cil;
using RaceDetector.Instrumenter.Binding;
using RaceDetector.Instrumenter.Il;

namespace RaceDetector.Instrumenter.Passes;

/// <summary>
/// Sequences handed to the framework: each argument of a framework method whose parameter is declared
/// <c>IEnumerable&lt;T&gt;</c> or <c>IEnumerable</c> (LINQ, <c>new List&lt;T&gt;(...)</c>, <c>AddRange</c>, <c>string.Join</c>,
/// <c>Parallel.ForEach</c>...) first goes through <c>Hooks.Sequence</c>, which passes a concurrent collection on as a
/// view whose enumeration acquires the items read. The framework's own enumeration is not instrumented, so without
/// the view the items' hand-over from their producers would be lost. A parameter of a generic type (a <c>TState</c>
/// that is a sequence this time) is left alone: the framework gives such a value back to user code as it was; so is
/// <c>Enumerable.AsEnumerable</c>, which hands its argument back.
/// </summary>
internal sealed class SequenceArgumentPass : IMethodPass
{
    const string Generic = "System.Collections.Generic.IEnumerable`1";
    const string NonGeneric = "System.Collections.IEnumerable";

    public void Run(MethodContext context)
    {
        foreach (var call in context.Instructions)
        {
            if (context.Claimed.Contains(call) || call.OpCode.Code is not (Code.Call or Code.Callvirt or Code.Newobj)
                || call.Operand is not MethodReference callee || callee.CallingConvention == MethodCallingConvention.VarArg
                || !FrameworkTypes.Contains(callee.DeclaringType) || IsIdentity(callee))
                continue;
            var declared = callee.GetElementMethod().Parameters;
            var operands = GenericContext.Operands(callee, call.OpCode.Code == Code.Newobj);
            int offset = operands.Count - declared.Count; // the instance, when there is one
            var sequences = Enumerable.Range(0, declared.Count).Where(i => IsSequence(declared[i].ParameterType)).Select(i => i + offset).ToHashSet();
            if (sequences.Count == 0)
                continue;
            var hooks = context.Module.Hooks;
            context.Patch.InsertBefore(call, OperandEdits.Before(context.Temps, operands, sequences.Min(), "sequence-operand",
                i => sequences.Contains(i) ? [Instruction.Create(OpCodes.Call, hooks.Sequence(operands[i]))] : []));
        }
    }

    /// <summary><c>AsEnumerable</c> only returns its argument: the caller keeps the collection itself.</summary>
    static bool IsIdentity(MethodReference callee) =>
        callee.Name == "AsEnumerable" && callee.DeclaringType.FullName == "System.Linq.Enumerable";

    static bool IsSequence(TypeReference type) => type.StripModifiers() switch
    {
        GenericInstanceType generic => generic.ElementType.FullName == Generic,
        var plain => plain.FullName == NonGeneric,
    };
}
