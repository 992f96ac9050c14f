using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;
using RaceDetector.Instrumenter.Il;
using RaceDetector.Instrumenter.Passes;

namespace RaceDetector.Instrumenter.Shadows;

/// <summary>
/// The fields the instrumented modules use to synchronize: fields accessed with the <c>volatile.</c> prefix, fields
/// whose address goes to a <c>Volatile</c> or <c>Interlocked</c> call (<see cref="AtomicMethods.LocationOf"/>), and
/// fields that hold a SpinLock. A module instrumented for synchronization only gets shadows for these alone: each
/// shadow carries its location's clock, where an atomic operation on an unnamed location would synchronize through
/// the one clock all of them share (ordering every thread that ever made one).
/// </summary>
internal sealed class SynchronizationFields
{
    readonly HashSet<FieldDefinition> _fields = new();

    /// <summary>Reads the original bodies of <paramref name="modules"/>: call before any is rewritten.</summary>
    public SynchronizationFields(IEnumerable<ModuleDefinition> modules)
    {
        foreach (var type in modules.SelectMany(m => m.GetTypes()))
        {
            foreach (var field in type.Fields.Where(f => FieldAccessPass.IsSynchronizationStruct(f.FieldType)))
                _fields.Add(field);
            foreach (var method in type.Methods.Where(m => m.HasBody))
                AddUsedIn(method.Body);
        }
    }

    public bool Contains(FieldDefinition field) => _fields.Contains(field);

    void AddUsedIn(MethodBody body)
    {
        StackFlow? flow = null;
        foreach (var instruction in body.Instructions)
        {
            if (instruction.Operand is FieldReference volatileField && instruction.HasPrefix(Code.Volatile))
                Add(volatileField);
            else if (instruction.OpCode.FlowControl == FlowControl.Call && instruction.Operand is MethodReference callee
                     && AtomicMethods.KindOf(callee) is not null)
                AddLocations(instruction, callee, flow ??= Flow(body));
        }
    }

    void AddLocations(Instruction call, MethodReference callee, StackFlow flow)
    {
        for (int i = 0; i < callee.Parameters.Count; i++)
        {
            if (callee.Parameters[i].ParameterType.StripModifiers().IsByReference
                && AtomicMethods.LocationOf(flow, call, i) is { OpCode.Code: Code.Ldflda or Code.Ldsflda, Operand: FieldReference field })
                Add(field);
        }
    }

    void Add(FieldReference field)
    {
        if (field.TryResolve() is { } definition)
            _fields.Add(definition);
    }

    static StackFlow Flow(MethodBody body)
    {
        body.SimplifyMacros(); // the rewriter simplifies every body anyway
        return new StackFlow(body);
    }
}
