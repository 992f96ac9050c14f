using Mono.Cecil;
using Mono.Cecil.Cil;
using RaceDetector.Instrumenter.Il;
using RaceDetector.Instrumenter.Sites;

namespace RaceDetector.Instrumenter.Passes;

/// <summary>
/// Volatile and atomic accesses: the <c>volatile.</c> prefix, <c>Volatile.Read/Write</c>,
/// <c>Thread.VolatileRead/Write</c> and every <c>Interlocked</c> method. A release is recorded before
/// the operation and an acquire after it, on the location's clock when the address is a tracked field
/// or array element, else on the shared clock for unnamed locations.
/// </summary>
internal sealed class AtomicAccessPass : IMethodPass
{
    const int AcquireKind = (int)AtomicKind.Acquire, ReleaseKind = (int)AtomicKind.Release;

    public void Run(MethodContext context)
    {
        foreach (var instruction in context.Instructions)
        {
            if (instruction.OpCode.FlowControl == FlowControl.Call && instruction.Operand is MethodReference method
                && AtomicMethods.KindOf(method) is { } kind)
                AtomicCall(context, instruction, (int)kind);
            else if (instruction.HasPrefix(Code.Volatile))
                VolatileAccess(context, instruction);
        }
    }

    static void AtomicCall(MethodContext context, Instruction call, int kind)
    {
        var hooks = context.Module.Hooks;
        var method = (MethodReference)call.Operand;
        var clocks = new List<VariableDefinition>();
        bool unnamed = false;
        for (int i = 0; i < method.Parameters.Count; i++)
        {
            if (!method.Parameters[i].ParameterType.StripModifiers().IsByReference)
                continue;
            if (TrackedLocation(context, call, i, kind) is { } clock)
                clocks.Add(clock);
            else
                unnamed = true;
        }
        if (call.Previous is { OpCode.Code: Code.Tail } tail)
            tail.OpCode = OpCodes.Nop; // An acquire must run after the call returns.
        var after = new List<Instruction>();
        if (unnamed)
        {
            context.Patch.InsertBefore(call, [Instruction.Create(OpCodes.Ldc_I4, kind), Instruction.Create(OpCodes.Call, hooks.UnknownAtomicBefore)]);
            after.AddRange([Instruction.Create(OpCodes.Ldc_I4, kind), Instruction.Create(OpCodes.Call, hooks.UnknownAtomicAfter)]);
        }
        if (kind != ReleaseKind)
        {
            foreach (var clock in clocks)
                after.AddRange([Instruction.Create(OpCodes.Ldloc, clock), Instruction.Create(OpCodes.Call, hooks.AtomicAfter)]);
        }
        if (after.Count > 0)
            context.Patch.InsertAfter(call, after);
    }

    /// <summary>
    /// When the call's address operand is a tracked field or element taken only for this call, hooks the
    /// address instruction and returns the local that carries the location's clock to the call.
    /// </summary>
    static VariableDefinition? TrackedLocation(MethodContext context, Instruction call, int operand, int kind)
    {
        var address = AtomicMethods.LocationOf(context.Flow, call, operand);
        if (address is null || context.Claimed.Contains(address))
            return null;

        var hooks = context.Module.Hooks;
        string operation = kind switch { AcquireKind => "atomic-read", ReleaseKind => "atomic-write", _ => "atomic-update" };
        var clock = context.Temps.Fresh(hooks.SyncClock);
        var keep = kind == ReleaseKind ? Instruction.Create(OpCodes.Pop) : Instruction.Create(OpCodes.Stloc, clock);
        switch (address.OpCode.Code)
        {
            case Code.Ldflda when context.ShadowOf((FieldReference)address.Operand) is { } shadow:
                var field = (FieldReference)address.Operand;
                context.Patch.InsertBefore(address,
                [
                    Instruction.Create(OpCodes.Dup), Instruction.Create(OpCodes.Dup), .. shadow.Slot(),
                    .. context.Site(address, operation, SiteTarget.Field(field)),
                    Instruction.Create(OpCodes.Ldc_I4, kind), Instruction.Create(OpCodes.Call, hooks.AtomicField), keep,
                ]);
                break;
            case Code.Ldsflda when context.ShadowOf((FieldReference)address.Operand) is { } shadow:
                context.Patch.InsertBefore(address,
                [
                    .. shadow.Slot(),
                    .. context.Site(address, operation, SiteTarget.Field((FieldReference)address.Operand)),
                    Instruction.Create(OpCodes.Ldc_I4, kind), Instruction.Create(OpCodes.Call, hooks.AtomicStatic), keep,
                ]);
                break;
            case Code.Ldelema:
                var index = context.Temps.Shared(context.Module.Module.TypeSystem.IntPtr, "index");
                var target = SiteTarget.Element((TypeReference)address.Operand, context.SourceField(address, 0));
                context.Patch.InsertBefore(address,
                [
                    Instruction.Create(OpCodes.Stloc, index), Instruction.Create(OpCodes.Dup), Instruction.Create(OpCodes.Ldloc, index),
                    .. context.Site(address, operation, target),
                    Instruction.Create(OpCodes.Ldc_I4, kind), Instruction.Create(OpCodes.Call, hooks.AtomicElement), keep,
                    Instruction.Create(OpCodes.Ldloc, index),
                ]);
                break;
            default:
                return null;
        }
        context.Claimed.Add(address);
        return clock;
    }

    /// <summary>A <c>volatile.</c> load is an acquire, a <c>volatile.</c> store a release.</summary>
    static void VolatileAccess(MethodContext context, Instruction access)
    {
        var hooks = context.Module.Hooks;
        var code = access.OpCode.Code;
        bool load = code is Code.Ldfld or Code.Ldsfld or Code.Ldind_I or Code.Ldind_I1 or Code.Ldind_I2 or Code.Ldind_I4
            or Code.Ldind_I8 or Code.Ldind_U1 or Code.Ldind_U2 or Code.Ldind_U4 or Code.Ldind_R4 or Code.Ldind_R8
            or Code.Ldind_Ref or Code.Ldobj;
        int kind = load ? AcquireKind : ReleaseKind;
        var field = access.Operand as FieldReference;
        var shadow = field is null ? null : context.ShadowOf(field);
        if (shadow is null || code is not (Code.Ldfld or Code.Stfld or Code.Ldsfld or Code.Stsfld))
        {
            context.Patch.InsertBefore(access, [Instruction.Create(OpCodes.Ldc_I4, kind), Instruction.Create(OpCodes.Call, hooks.UnknownAtomicBefore)]);
            context.Patch.InsertAfter(access, [Instruction.Create(OpCodes.Ldc_I4, kind), Instruction.Create(OpCodes.Call, hooks.UnknownAtomicAfter)]);
            return;
        }

        var site = context.Site(access, load ? "atomic-read" : "atomic-write", SiteTarget.Field(field!));
        var clock = context.Temps.Fresh(hooks.SyncClock);
        var keep = load ? Instruction.Create(OpCodes.Stloc, clock) : Instruction.Create(OpCodes.Pop);
        var kindArgument = Instruction.Create(OpCodes.Ldc_I4, kind);
        switch (code)
        {
            case Code.Ldfld:
                context.Patch.InsertBefore(access,
                [
                    Instruction.Create(OpCodes.Dup), Instruction.Create(OpCodes.Dup), .. shadow.Slot(),
                    .. site, kindArgument, Instruction.Create(OpCodes.Call, hooks.AtomicField), keep,
                ]);
                break;
            case Code.Stfld:
                var value = context.Temps.Shared(GenericContext.FieldType(field!));
                context.Patch.InsertBefore(access,
                [
                    Instruction.Create(OpCodes.Stloc, value), Instruction.Create(OpCodes.Dup), Instruction.Create(OpCodes.Dup),
                    .. shadow.Slot(), .. site, kindArgument, Instruction.Create(OpCodes.Call, hooks.AtomicField),
                    keep, Instruction.Create(OpCodes.Ldloc, value),
                ]);
                break;
            default:
                context.Patch.InsertBefore(access,
                [
                    .. shadow.Slot(), .. site, kindArgument, Instruction.Create(OpCodes.Call, hooks.AtomicStatic), keep,
                ]);
                break;
        }
        if (load)
            context.Patch.InsertAfter(access, [Instruction.Create(OpCodes.Ldloc, clock), Instruction.Create(OpCodes.Call, hooks.AtomicAfter)]);
        context.Claimed.Add(access);
    }
}
