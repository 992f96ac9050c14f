using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace RaceDetector.Instrumenter.Il;

/// <summary>
/// Which instance methods of the structs of the instrumented modules only read their receiver: no store
/// through <c>this</c>, no escaping <c>ref this</c>, atomic operations on its fields allowed (see
/// <see cref="AddressUses"/>). Calling such a method in place on a field or an array element then reads
/// that variable instead of writing it, so two threads calling it on a shared element do not race (a
/// lock-free struct that updates its fields with Interlocked, for one). The analysis runs on the original
/// bodies, before any is rewritten; methods of other modules (the framework) are not analysed.
/// </summary>
internal sealed class ReceiverEffects
{
    readonly HashSet<ModuleDefinition> _modules;
    readonly Dictionary<MethodDefinition, bool> _readsOnly = new();
    readonly HashSet<MethodDefinition> _inProgress = new();

    public ReceiverEffects(IEnumerable<ModuleDefinition> modules)
    {
        _modules = modules.ToHashSet();
        foreach (var type in _modules.SelectMany(m => m.GetTypes()).Where(t => t.IsValueType))
        {
            foreach (var method in type.Methods)
                ReadsOnly(method);
        }
    }

    /// <summary>True when <paramref name="method"/> is a struct instance method that only reads its receiver.</summary>
    public bool ReadsOnly(MethodDefinition method)
    {
        if (_readsOnly.TryGetValue(method, out bool known))
            return known;
        if (!method.HasThis || !method.DeclaringType.IsValueType || !method.HasBody || !_modules.Contains(method.Module)
            || !_inProgress.Add(method))
            return false; // unknown, or recursive: assume it writes
        bool readsOnly = Analyze(method.Body);
        _inProgress.Remove(method);
        _readsOnly[method] = readsOnly;
        return readsOnly;
    }

    bool Analyze(MethodBody body)
    {
        body.SimplifyMacros(); // the rewriter simplifies every body anyway
        var flow = new StackFlow(body);
        var addresses = new AddressUses(body, flow, this);
        foreach (var instruction in body.Instructions)
        {
            if (instruction.Operand != body.ThisParameter || !flow.IsReachable(instruction))
                continue;
            if (instruction.OpCode.Code != Code.Ldarg || addresses.Classify(instruction) == AddressUse.Write)
                return false; // starg or ldarga of this, or a write through it
        }
        return true;
    }
}
