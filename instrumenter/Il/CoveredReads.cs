using Mono.Cecil;
using Mono.Cecil.Cil;

namespace RaceDetector.Instrumenter.Il;

/// <summary>
/// Finds reads that need no hook because the same straight-line code writes the same location right
/// after, with nothing that can synchronize in between (<c>x++</c>, <c>s_total += n</c>,
/// <c>a[i] = f(a[i])</c>). Both accesses then fall in one epoch, and the write's check finds every race
/// the read's would: a thread ordered after the write is ordered after the read. Calls, branches,
/// branch targets, volatile accesses and stores to the locals that name the location end the search.
/// If an exception interrupts the code between the two, that read goes unchecked.
/// </summary>
internal sealed class CoveredReads
{
    const int MaxDistance = 32;

    readonly StackFlow _flow;
    readonly HashSet<Instruction> _branchTargets;
    readonly bool _thisIsStable;

    public CoveredReads(MethodBody body, StackFlow flow)
    {
        _flow = flow;
        _branchTargets = BranchTargets(body);
        _thisIsStable = body.ThisIsStable();
    }

    /// <summary>True when <paramref name="read"/> (ldfld, ldsfld or ldelem) is followed by a write of the same location.</summary>
    public bool IsCovered(Instruction read)
    {
        var write = WriteCode(read);
        if (write is null)
            return false;
        int distance = 0;
        for (var next = read.Next; next is not null && distance++ < MaxDistance; next = next.Next)
        {
            if (_branchTargets.Contains(next) || MaySynchronize(next))
                return false;
            if (next.OpCode.Code == write && SameLocation(read, next))
                return true;
            if (next.OpCode.Code is Code.Stloc or Code.Starg && NamesLocation(read, next.Operand))
                return false;
        }
        return false;
    }

    static Code? WriteCode(Instruction read) => read.OpCode.Code switch
    {
        Code.Ldfld => Code.Stfld,
        Code.Ldsfld => Code.Stsfld,
        Code.Ldelem_I1 or Code.Ldelem_U1 => Code.Stelem_I1,
        Code.Ldelem_I2 or Code.Ldelem_U2 => Code.Stelem_I2,
        Code.Ldelem_I4 or Code.Ldelem_U4 => Code.Stelem_I4,
        Code.Ldelem_I8 => Code.Stelem_I8,
        Code.Ldelem_R4 => Code.Stelem_R4,
        Code.Ldelem_R8 => Code.Stelem_R8,
        Code.Ldelem_I => Code.Stelem_I,
        Code.Ldelem_Ref => Code.Stelem_Ref,
        Code.Ldelem_Any => Code.Stelem_Any,
        _ => null,
    };

    static bool MaySynchronize(Instruction instruction) =>
        instruction.OpCode.FlowControl is FlowControl.Call or FlowControl.Branch or FlowControl.Cond_Branch
            or FlowControl.Return or FlowControl.Throw
        || instruction.OpCode.Code is Code.Volatile or Code.Newobj;

    bool SameLocation(Instruction read, Instruction write) => read.OpCode.Code switch
    {
        Code.Ldsfld => SameField(read, write),
        Code.Ldfld => SameField(read, write) && SameValue(_flow.SingleProducer(read, 0), _flow.SingleProducer(write, 0)),
        _ => SameValue(_flow.SingleProducer(read, 0), _flow.SingleProducer(write, 0))
             && SameValue(_flow.SingleProducer(read, 1), _flow.SingleProducer(write, 1)),
    };

    static bool SameField(Instruction read, Instruction write) =>
        ((FieldReference)read.Operand).FullName == ((FieldReference)write.Operand).FullName;

    /// <summary>Two stack values known to be equal: one producer (dup), <c>this</c>, the same unchanged local or argument, the same constant.</summary>
    bool SameValue(Instruction? a, Instruction? b)
    {
        if (a is null || b is null)
            return false;
        if (a == b)
            return true;
        if (a.OpCode.Code != b.OpCode.Code)
            return false;
        return a.OpCode.Code switch
        {
            Code.Ldarg when a.Operand is ParameterDefinition { Index: -1 } => _thisIsStable && a.Operand == b.Operand,
            Code.Ldarg or Code.Ldloc => a.Operand == b.Operand, // stores in between end the search
            Code.Ldc_I4 or Code.Ldc_I8 => Equals(a.Operand, b.Operand),
            _ => false,
        };
    }

    /// <summary>Whether a store to <paramref name="variable"/> could change the object, array or index of <paramref name="read"/>.</summary>
    bool NamesLocation(Instruction read, object variable)
    {
        int operands = read.OpCode.Code == Code.Ldsfld ? 0 : read.OpCode.Code == Code.Ldfld ? 1 : 2;
        for (int i = 0; i < operands; i++)
        {
            if (_flow.SingleProducer(read, i) is { OpCode.Code: Code.Ldloc or Code.Ldarg } load && load.Operand == variable)
                return true;
        }
        return false;
    }

    static HashSet<Instruction> BranchTargets(MethodBody body)
    {
        var targets = new HashSet<Instruction>();
        foreach (var instruction in body.Instructions)
        {
            if (instruction.Operand is Instruction target)
                targets.Add(target);
            else if (instruction.Operand is Instruction[] many)
                targets.UnionWith(many);
        }
        foreach (var handler in body.ExceptionHandlers)
        {
            targets.Add(handler.TryStart);
            targets.Add(handler.HandlerStart);
            if (handler.FilterStart is not null)
                targets.Add(handler.FilterStart);
        }
        return targets;
    }
}
