using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace RaceDetector.Instrumenter.Il;

/// <summary>
/// Reference-typed fields that code in the instrumented modules updates atomically
/// (<c>Interlocked.CompareExchange(ref _cache, built, null)</c>, an event's <c>add</c> accessor,
/// <c>Volatile.Write</c>) while other code reads them plainly (<c>_cache ?? Build()</c>, <c>Changed?.Invoke(...)</c>).
/// Under the .NET memory model the loads a reader makes through the reference it read depend on that read, so
/// they see what the updating thread wrote before its release: a plain read of such a field acquires what the
/// atomic updates released (see <see cref="Passes.FieldAccessPass"/>). Volatile fields need none of this: every
/// read of one acquires. The analysis runs on the original bodies.
/// </summary>
internal sealed class ConsumedFields
{
    readonly HashSet<FieldDefinition> _fields = new();

    public ConsumedFields(IEnumerable<ModuleDefinition> modules)
    {
        foreach (var body in modules.SelectMany(m => m.GetTypes()).SelectMany(t => t.Methods).Where(m => m.HasBody).Select(m => m.Body))
        {
            if (body.Instructions.Any(IsAtomicUpdate))
                Collect(body);
        }
    }

    /// <summary>True when plain reads of <paramref name="field"/> acquire what its atomic updates released.</summary>
    public bool Contains(FieldReference field) => field.TryResolve() is { } definition && _fields.Contains(definition);

    void Collect(MethodBody body)
    {
        body.SimplifyMacros(); // the rewriter simplifies every body anyway
        var flow = new StackFlow(body);
        foreach (var call in body.Instructions.Where(i => IsAtomicUpdate(i) && flow.IsReachable(i)))
        {
            var method = (MethodReference)call.Operand;
            for (int operand = 0; operand < method.Parameters.Count; operand++)
            {
                if (method.Parameters[operand].ParameterType.StripModifiers().IsByReference
                    && flow.SingleProducer(call, operand) is { OpCode.Code: Code.Ldflda or Code.Ldsflda } address
                    && ((FieldReference)address.Operand).TryResolve() is { } field
                    && !field.FieldType.StripModifiers().IsValueType)
                    _fields.Add(field);
            }
        }
    }

    static bool IsAtomicUpdate(Instruction instruction) =>
        instruction.OpCode.FlowControl == FlowControl.Call && instruction.Operand is MethodReference method
        && AtomicMethods.KindOf(method) is AtomicKind.Release or AtomicKind.Update;
}
