using Mono.Cecil;
using Mono.Cecil.Cil;
using RaceDetector.Instrumenter.Il;
using RaceDetector.Instrumenter.Sites;

namespace RaceDetector.Instrumenter.Passes;

/// <summary>
/// Array elements reached through spans. Making a span from an array (the implicit conversions, the
/// constructors, <c>AsSpan</c>) tells the runtime which array the current thread's spans may point into; each
/// element reference a span's indexer or enumerator hands out in instrumented code is then checked as an
/// access of that array element: a read through a <c>ReadOnlySpan</c>, and through a <c>Span</c> a read or a
/// write by what the code does with the reference. Spans over other memory (stackalloc, native memory) and
/// what framework methods do with spans (Fill, CopyTo, ...) are not checked.
/// </summary>
internal sealed class SpanAccessPass : IMethodPass
{
    public bool ChecksAccesses => true;

    const string Span = "System.Span`1";
    const string ReadOnlySpan = "System.ReadOnlySpan`1";

    static readonly HashSet<string> SourceTypes = [Span, ReadOnlySpan, "System.MemoryExtensions"];
    static readonly HashSet<string> SourceMethods = ["op_Implicit", ".ctor", "AsSpan"];

    public void Run(MethodContext context)
    {
        foreach (var call in context.Instructions)
        {
            if (context.Claimed.Contains(call) || call.OpCode.Code is not (Code.Call or Code.Callvirt or Code.Newobj)
                || call.Operand is not MethodReference callee)
                continue;
            string type = callee.DeclaringType.GetElementType().FullName;
            if (SourceTypes.Contains(type) && SourceMethods.Contains(callee.Name))
                RegisterSource(context, call, callee);
            else if (callee.Name is "get_Item" or "get_Current" && callee.DeclaringType is GenericInstanceType { GenericArguments: [var element] }
                     && (type is Span or ReadOnlySpan || type == Span + "/Enumerator" || type == ReadOnlySpan + "/Enumerator"))
                CheckElement(context, call, element, readOnly: type.StartsWith(ReadOnlySpan, StringComparison.Ordinal));
        }
    }

    /// <summary>Before a span is made from an array operand: <c>Hooks.SpanSource(array)</c>, with the operands above it parked.</summary>
    static void RegisterSource(MethodContext context, Instruction call, MethodReference callee)
    {
        var operands = GenericContext.Operands(callee, call.OpCode.Code == Code.Newobj);
        int arrayIndex = callee.HasThis && call.OpCode.Code != Code.Newobj ? 1 : 0;
        if (operands.Count <= arrayIndex || operands[arrayIndex] is not ArrayType { IsVector: true } array)
            return;
        var register = context.Module.Hooks.SpanSource(array.ElementType);
        context.Patch.InsertBefore(call, OperandEdits.Before(context.Temps, operands, arrayIndex, "span-operand",
            i => i == arrayIndex ? [Instruction.Create(OpCodes.Dup), Instruction.Create(OpCodes.Call, register)] : []));
    }

    /// <summary>After an indexer or enumerator handed out an element reference: check it.</summary>
    static void CheckElement(MethodContext context, Instruction call, TypeReference element, bool readOnly)
    {
        bool write = !readOnly && context.Addresses.Classify(call) == AddressUse.Write;
        var site = context.Site(call, write ? "write" : "read", SiteTarget.Element(element, holder: null));
        context.Patch.InsertAfter(call, [Instruction.Create(OpCodes.Dup), .. site, Instruction.Create(OpCodes.Call, context.Module.Hooks.SpanElement(write, element))]);
    }
}
