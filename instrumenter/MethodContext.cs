using Mono.Cecil;
using Mono.Cecil.Cil;
using RaceDetector.Instrumenter.Il;
using RaceDetector.Instrumenter.Sites;
using RaceDetector.Instrumenter.Abi;

namespace RaceDetector.Instrumenter;

/// <summary>Everything the passes share while rewriting one method body.</summary>
internal sealed class MethodContext
{
    public MethodContext(ModuleContext module, MethodDefinition method)
    {
        Module = module;
        Method = method;
        Body = method.Body;
        Patch = new IlPatch(Body);
        Flow = new StackFlow(Body);
        Temps = new TempLocals(Body);
        Addresses = new AddressUses(Body, Flow, module.Refs);
        CoveredReads = new CoveredReads(Body, Flow);
        Lines = new SourceLines(method);
        MethodName = DisplayNames.Method(method);
    }

    public ModuleContext Module { get; }
    public MethodDefinition Method { get; }
    public MethodBody Body { get; }
    public IlPatch Patch { get; }
    public StackFlow Flow { get; }
    public TempLocals Temps { get; }
    public AddressUses Addresses { get; }
    public CoveredReads CoveredReads { get; }
    public SourceLines Lines { get; }
    public string MethodName { get; }

    /// <summary>Instructions a pass has taken over; later passes leave them alone.</summary>
    public HashSet<Instruction> Claimed { get; } = new();

    /// <summary>Reachable instructions, in order. Unreachable code is left untouched: its stack shape is unknown.</summary>
    public IEnumerable<Instruction> Instructions => Body.Instructions.Where(Flow.IsReachable).ToList();

    /// <summary>Records a site at <paramref name="at"/> and returns the IL that pushes its global id.</summary>
    public Instruction[] Site(Instruction at, string operation, SiteTarget target)
    {
        var (file, line, column) = Lines.At(at.Offset);
        int local = Module.Sites.Add(new SiteRecord(operation, MethodName, at.Offset, file, line, column,
            target.LocationKind, target.TypeName, target.Member, target.ValueType, target.Holder));
        return
        [
            Instruction.Create(OpCodes.Ldsfld, Module.SiteBase),
            Instruction.Create(OpCodes.Ldc_I4, local),
            Instruction.Create(OpCodes.Add),
        ];
    }

    /// <summary>The field a value was loaded from, following <c>dup</c> and single-assignment locals.</summary>
    public FieldReference? SourceField(Instruction consumer, int operand) =>
        Source(consumer, operand, 0) is { OpCode.Code: Code.Ldfld or Code.Ldsfld } load ? (FieldReference)load.Operand : null;

    /// <summary>How the code names the value an instruction consumes: a field, <c>this</c>, <c>typeof(T)</c>, a parameter.</summary>
    public string Describe(Instruction consumer, int operand)
    {
        var source = Source(consumer, operand, 0);
        switch (source?.OpCode.Code)
        {
            case Code.Ldfld:
            case Code.Ldsfld:
                var field = (FieldReference)source.Operand;
                return DisplayNames.Type(field.DeclaringType, qualified: true) + "." + field.Name;
            case Code.Ldarg when source.Operand == Body.ThisParameter:
                return "this (" + DisplayNames.Type(Method.DeclaringType, qualified: true) + ")";
            case Code.Ldarg:
                return "parameter " + ((ParameterDefinition)source.Operand).Name;
            case Code.Call when source.Previous is { OpCode.Code: Code.Ldtoken } token
                                && ((MethodReference)source.Operand).Name == "GetTypeFromHandle":
                return "typeof(" + DisplayNames.Type((TypeReference)token.Operand, qualified: true) + ")";
            default:
                return "an object";
        }
    }

    Instruction? Source(Instruction consumer, int operand, int depth)
    {
        var producer = Flow.SingleProducer(consumer, operand);
        if (producer is null || depth > 8)
            return producer;
        switch (producer.OpCode.Code)
        {
            case Code.Dup:
                return Source(producer, 0, depth + 1);
            case Code.Ldloc:
                var local = (VariableDefinition)producer.Operand;
                var stores = Body.Instructions.Where(i => i.OpCode.Code == Code.Stloc && i.Operand == local).ToList();
                return stores.Count == 1 && Flow.IsReachable(stores[0]) ? Source(stores[0], 0, depth + 1) : producer;
            default:
                return producer;
        }
    }

    /// <summary>The shadow of a field accessed here, or null when the field is not tracked.</summary>
    public Shadows.FieldShadow? ShadowOf(FieldReference field) =>
        Module.Shadows.ShadowOf(field, Module.Module, Module.Hooks, Module.ForeignShadowOwners);
}
