using Mono.Cecil;
using Mono.Cecil.Cil;

namespace RaceDetector.Instrumenter.Il;

/// <summary>What code does with an address it took (<c>ldflda</c>, <c>ldsflda</c>, <c>ldelema</c>).</summary>
internal enum AddressUse
{
    Read,
    Write,
}

/// <summary>
/// Decides whether an address is used to read or to write, by following it to its consumers: through
/// struct field chains (<c>a.b.c = 1</c>), <c>dup</c>, <c>ref</c> locals, and the pointer arithmetic of
/// fixed buffer elements. A struct method called in place reads the variable when it is readonly or when
/// <paramref name="refs"/> found that it only reads its receiver; passing the address to a method's <c>ref</c>
/// parameter reads it when <paramref name="refs"/> found that the method only reads through that parameter. The location of an atomic operation
/// counts as read: the atomic pass orders it, and atomic accesses race neither with each other nor with plain
/// reads, only with plain writes (which are still checked against this read). Anything it cannot follow (an
/// escaping <c>ref</c>, a ref return, a pointer kept in a local) counts as a write: that can report a race
/// between two readers through such a ref, but never misses a write.
/// </summary>
internal sealed class AddressUses(MethodBody body, StackFlow flow, RefEffects? refs = null)
{
    const int MaxDepth = 8;
    const string IsReadOnlyAttribute = "System.Runtime.CompilerServices.IsReadOnlyAttribute";
    const string RequiresLocationAttribute = "System.Runtime.CompilerServices.RequiresLocationAttribute";

    public AddressUse Classify(Instruction address) => Classify(address, 0, new HashSet<VariableDefinition>());

    AddressUse Classify(Instruction address, int depth, HashSet<VariableDefinition> visitedLocals)
    {
        if (depth > MaxDepth)
            return AddressUse.Write;
        foreach (var (consumer, operand) in flow.Consumers(address))
        {
            if (Use(consumer, operand, depth, visitedLocals) == AddressUse.Write)
                return AddressUse.Write;
        }
        return AddressUse.Read;
    }

    AddressUse Use(Instruction consumer, int operand, int depth, HashSet<VariableDefinition> visitedLocals)
    {
        var code = consumer.OpCode.Code;
        switch (code)
        {
            case Code.Ldfld:
            case Code.Ldobj:
            case Code.Ldind_I: case Code.Ldind_I1: case Code.Ldind_I2: case Code.Ldind_I4: case Code.Ldind_I8:
            case Code.Ldind_U1: case Code.Ldind_U2: case Code.Ldind_U4: case Code.Ldind_R4: case Code.Ldind_R8:
            case Code.Ldind_Ref:
            case Code.Pop:
            case Code.Brtrue: case Code.Brfalse:
            case Code.Ceq: case Code.Cgt_Un:
                return AddressUse.Read;
            case Code.Ldflda:
                // A field of the struct the address points into: the same location, one level down.
                return Classify(consumer, depth + 1, visitedLocals);
            case Code.Dup:
            case Code.Conv_I:
            case Code.Conv_U:
            case Code.Add:
                // The same address, or one inside the same struct (a fixed buffer element: `s.buf[i]`).
                return Classify(consumer, depth + 1, visitedLocals);
            case Code.Cpobj:
            case Code.Cpblk:
                return operand == 0 ? AddressUse.Write : AddressUse.Read;
            case Code.Stloc:
                return RefLocal((VariableDefinition)consumer.Operand, depth, visitedLocals);
            case Code.Call:
            case Code.Callvirt:
            case Code.Newobj:
                return Argument(consumer, operand);
            case Code.Ret:
                return body.Method.MethodReturnType.HasAttribute(IsReadOnlyAttribute) ? AddressUse.Read : AddressUse.Write;
            default:
                return AddressUse.Write;
        }
    }

    /// <summary>A <c>ref</c> local: the address is read only if every load of the local only reads.</summary>
    AddressUse RefLocal(VariableDefinition local, int depth, HashSet<VariableDefinition> visitedLocals)
    {
        if (!local.VariableType.IsByReference || local.IsPinned || !visitedLocals.Add(local))
            return AddressUse.Write;
        foreach (var instruction in body.Instructions)
        {
            if (instruction.Operand != local)
                continue;
            switch (instruction.OpCode.Code)
            {
                case Code.Ldloc:
                    if (Classify(instruction, depth + 1, visitedLocals) == AddressUse.Write)
                        return AddressUse.Write;
                    break;
                case Code.Stloc:
                    break;
                default:
                    return AddressUse.Write; // ldloca of a ref local: it can be re-pointed anywhere.
            }
        }
        return AddressUse.Read;
    }

    AddressUse Argument(Instruction call, int operand)
    {
        var method = (MethodReference)call.Operand;
        bool hasThis = method.HasThis && !method.ExplicitThis && call.OpCode.Code != Code.Newobj;
        if (hasThis && operand == 0)
            return ReceiverUse(call, method);
        int index = operand - (hasThis ? 1 : 0);
        if (index < 0 || index >= method.Parameters.Count)
            return AddressUse.Write;
        var parameter = method.Parameters[index];
        if (AtomicMethods.KindOf(method) is not null && parameter.ParameterType.StripModifiers().IsByReference)
            return AddressUse.Read;
        if (parameter.ParameterType is RequiredModifierType { ModifierType.FullName: "System.Runtime.InteropServices.InAttribute" })
            return AddressUse.Read; // `in` parameter
        var definition = method.TryResolve();
        var declared = definition?.Parameters[index];
        bool readOnly = declared is not null
            && (declared.HasAttribute(IsReadOnlyAttribute) || declared.HasAttribute(RequiresLocationAttribute)
                || refs?.ReadsOnlyThrough(definition!, index) == true);
        return readOnly ? AddressUse.Read : AddressUse.Write;
    }

    /// <summary>
    /// An instance method called on a struct in place reads it when the method or its type is readonly, or
    /// when it only reads its receiver.
    /// </summary>
    AddressUse ReceiverUse(Instruction call, MethodReference method)
    {
        if (call.HasPrefix(Code.Constrained))
            return method.DeclaringType.FullName == "System.Object" ? AddressUse.Read : AddressUse.Write;
        var definition = method.TryResolve();
        if (definition is null)
            return AddressUse.Write;
        if (definition.HasAttribute(IsReadOnlyAttribute) || definition.DeclaringType.HasAttribute(IsReadOnlyAttribute))
            return AddressUse.Read;
        return refs?.ReadsOnly(definition) == true ? AddressUse.Read : AddressUse.Write;
    }
}
