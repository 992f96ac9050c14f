using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace RaceDetector.Instrumenter.Il;

/// <summary>
/// Private instance methods of a class that run only as part of its constructors: every use of one is a call
/// on <c>this</c> from an instance constructor of the class or from another such method
/// (<c>public Catalog() =&gt; Fill();</c>). Their stores to <c>this</c> are constructor stores (see
/// <see cref="Passes.FieldAccessPass"/>). A method that nothing in its module calls (a reflection callback such
/// as <c>[OnDeserialized]</c>), or that is made into a delegate, is not one. The analysis runs on the original
/// bodies, before any is rewritten.
/// </summary>
internal sealed class ConstructionHelpers
{
    readonly HashSet<MethodDefinition> _helpers = new();

    public ConstructionHelpers(IEnumerable<ModuleDefinition> modules)
    {
        foreach (var module in modules)
            Find(module);
    }

    /// <summary>True when <paramref name="method"/> runs only inside constructors of its class, on the object they build.</summary>
    public bool Contains(MethodDefinition method) => _helpers.Contains(method);

    void Find(ModuleDefinition module)
    {
        var uses = new Dictionary<MethodDefinition, List<(MethodDefinition Caller, Instruction Call)>>();
        foreach (var caller in module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody))
        {
            foreach (var instruction in caller.Body.Instructions)
            {
                // Only this module's own types can hold a candidate: skip resolving references to other assemblies.
                if (instruction.Operand is MethodReference reference && reference.DeclaringType.GetElementType() is TypeDefinition
                    && reference.TryResolve() is { } callee && IsCandidate(callee))
                {
                    if (!uses.TryGetValue(callee, out var list))
                        uses[callee] = list = new();
                    list.Add((caller, instruction));
                }
            }
        }

        var flows = new Dictionary<MethodBody, StackFlow?>();
        bool added;
        do
        {
            added = false;
            foreach (var (helper, calls) in uses)
            {
                if (!_helpers.Contains(helper) && calls.All(use => IsConstructionCall(helper, use.Caller, use.Call, flows)))
                    added = _helpers.Add(helper);
            }
        }
        while (added);
    }

    static bool IsCandidate(MethodDefinition method) =>
        method is { IsPrivate: true, IsStatic: false, IsVirtual: false, IsConstructor: false, HasBody: true }
        && !method.DeclaringType.IsValueType;

    bool IsConstructionCall(MethodDefinition helper, MethodDefinition caller, Instruction call, Dictionary<MethodBody, StackFlow?> flows)
    {
        if (call.OpCode.Code is not (Code.Call or Code.Callvirt) || caller.DeclaringType != helper.DeclaringType
            || !(caller is { IsConstructor: true, IsStatic: false } || _helpers.Contains(caller)))
            return false;
        var body = caller.Body;
        if (!flows.TryGetValue(body, out var flow))
        {
            body.SimplifyMacros(); // the rewriter simplifies every body anyway
            flows[body] = flow = body.ThisIsStable() ? new StackFlow(body) : null;
        }
        return flow?.SingleProducer(call, 0) is { OpCode.Code: Code.Ldarg } receiver && receiver.Operand == body.ThisParameter;
    }
}
