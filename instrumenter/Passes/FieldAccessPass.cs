using Mono.Cecil;
using Mono.Cecil.Cil;
using RaceDetector.Instrumenter.Il;
using RaceDetector.Instrumenter.Shadows;
using RaceDetector.Instrumenter.Sites;

namespace RaceDetector.Instrumenter.Passes;

/// <summary>
/// Plain reads and writes of tracked fields: <c>ldfld</c>, <c>stfld</c>, <c>ldsfld</c>, <c>stsfld</c>,
/// and addresses taken with <c>ldflda</c>/<c>ldsflda</c>, classified by what the address is used for.
/// Each gets a hook call with the field's shadow just before the access.
/// A constructor's stores to its own object's fields are not tracked: under the .NET memory model,
/// storing a reference to the object publishes them, so no thread that reaches the object can see
/// them unfinished (the racy store of the reference itself is still reported). The same holds for the private
/// methods that only constructors call (<see cref="ConstructionHelpers"/>). For the same reason reads of
/// <c>readonly</c> instance fields are not tracked. Neither holds for a class whose construction lets
/// <c>this</c> escape (<see cref="ConstructorEscapes"/>): there both are checked. Plain reads of reference fields
/// that other code updates atomically also acquire (<see cref="ConsumedFields"/>).
/// </summary>
internal sealed class FieldAccessPass : IMethodPass
{
    public bool ChecksAccesses => true;

    public void Run(MethodContext context)
    {
        foreach (var instruction in context.Instructions)
        {
            if (context.Claimed.Contains(instruction) || instruction.Operand is not FieldReference field)
                continue;
            var code = instruction.OpCode.Code;
            if (code is not (Code.Ldfld or Code.Stfld or Code.Ldflda or Code.Ldsfld or Code.Stsfld or Code.Ldsflda))
                continue;
            if (context.ShadowOf(field) is not { } shadow || IsConstructorInitialization(context, instruction)
                || context.CoveredReads.IsCovered(instruction) || IsSynchronizationStruct(field.FieldType))
                continue;

            bool write = code switch
            {
                Code.Stfld or Code.Stsfld => true,
                Code.Ldflda or Code.Ldsflda => context.Addresses.Classify(instruction) == AddressUse.Write,
                _ => false,
            };
            if (!write && IsReadOnlyInstanceField(context, field))
                continue;
            var site = context.Site(instruction, write ? "write" : "read", SiteTarget.Field(field));
            var hook = Hook(context, instruction, field, shadow, site, write);
            if (code is Code.Ldfld or Code.Ldsfld && shadow.Count == 1 && context.Module.ConsumedFields.Contains(field))
                hook = Consuming(context, instruction, field, shadow, hook);
            context.Patch.InsertBefore(instruction, hook);
        }
    }

    /// <summary>
    /// A plain read of a field in <see cref="ConsumedFields"/>: right after the load, acquire what the field's atomic
    /// updates released. An instance field's object is parked in a local before the read hook to find the shadow again.
    /// </summary>
    static IEnumerable<Instruction> Consuming(MethodContext context, Instruction load, FieldReference field, FieldShadow shadow,
        IEnumerable<Instruction> hook)
    {
        var consumed = Instruction.Create(OpCodes.Call, context.Module.Hooks.Consumed);
        if (load.OpCode.Code == Code.Ldsfld)
        {
            context.Patch.InsertAfter(load, [.. shadow.Slot(), consumed]);
            return hook;
        }
        var target = context.Temps.Shared(field.DeclaringType, "consumed");
        context.Patch.InsertAfter(load, [Instruction.Create(OpCodes.Ldloc, target), .. shadow.Slot(), consumed]);
        return [Instruction.Create(OpCodes.Dup), Instruction.Create(OpCodes.Stloc, target), .. hook];
    }

    /// <summary>
    /// Reads of a <c>readonly</c> instance field need no hook: only code that constructs or initializes the object
    /// (its constructor, <c>init</c> accessors) writes the field, and storing the reference publishes those writes,
    /// unless the constructor lets <c>this</c> escape first. A <c>lock (_gate)</c> on a readonly field then costs no
    /// check per acquisition.
    /// </summary>
    static bool IsReadOnlyInstanceField(MethodContext context, FieldReference field) =>
        field.TryResolve() is { IsInitOnly: true, IsStatic: false } definition
        && !context.Module.ConstructorEscapes.Escapes(definition.DeclaringType);

    /// <summary>A SpinLock is used in place by its methods (synchronization), also when passed by ref to a helper.</summary>
    internal static bool IsSynchronizationStruct(TypeReference type) => type.StripModifiers().FullName == "System.Threading.SpinLock";

    static bool IsConstructorInitialization(MethodContext context, Instruction store) =>
        store.OpCode.Code == Code.Stfld
        && (context.Method is { IsConstructor: true, IsStatic: false } || context.Module.ConstructionHelpers.Contains(context.Method))
        && !context.Module.ConstructorEscapes.Escapes(context.Method.DeclaringType)
        && context.Flow.SingleProducer(store, 0) is { OpCode.Code: Code.Ldarg } target
        && target.Operand == context.Body.ThisParameter;

    static IEnumerable<Instruction> Hook(MethodContext context, Instruction access, FieldReference field,
        FieldShadow shadow, Instruction[] site, bool write)
    {
        var hooks = context.Module.Hooks;
        switch (access.OpCode.Code)
        {
            case Code.Ldsfld:
            case Code.Stsfld:
            case Code.Ldsflda:
                return [.. shadow.Slot(), .. site, Instruction.Create(OpCodes.Call, write ? hooks.WriteStatic : hooks.ReadStatic)];
            case Code.Stfld:
                // The object is under the value: park the value, hook on the object, put the value back.
                var value = context.Temps.Shared(GenericContext.FieldType(field));
                return
                [
                    Instruction.Create(OpCodes.Stloc, value),
                    .. InstanceHooks(shadow, site, hooks.Write),
                    Instruction.Create(OpCodes.Ldloc, value),
                ];
            default:
                return InstanceHooks(shadow, site, write ? hooks.Write : hooks.Read);
        }
    }

    /// <summary>
    /// With the object on top of the stack: <c>hook(obj, ref slot, site)</c> for each variable the field's
    /// shadow names (one, or each cell of a fixed-layout field), leaving the object.
    /// </summary>
    static List<Instruction> InstanceHooks(FieldShadow shadow, Instruction[] site, MethodReference hook)
    {
        var code = new List<Instruction>();
        for (int index = 0; index < shadow.Count; index++)
        {
            code.Add(Instruction.Create(OpCodes.Dup));
            code.Add(Instruction.Create(OpCodes.Dup));
            code.AddRange(shadow.Slot(index));
            code.AddRange(index == 0 ? site : site.Select(i => i.Clone()));
            code.Add(Instruction.Create(OpCodes.Call, hook));
        }
        return code;
    }
}
