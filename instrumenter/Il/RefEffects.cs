using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace RaceDetector.Instrumenter.Il;

/// <summary>
/// Which references the methods of the instrumented modules only read through: the receiver of a struct
/// instance method (no store through <c>this</c>, no escaping <c>ref this</c>), and <c>ref</c> parameters
/// used only to load or as the location of atomic operations (see <see cref="AddressUses"/>). Passing a field
/// or an element to such a method then reads that variable instead of writing it, so two threads calling it
/// on a shared variable do not race: a lock-free struct that updates its fields with Interlocked, or a helper
/// such as <c>TrySet(ref _current, value)</c> built on <c>Interlocked.CompareExchange</c>. The analysis runs
/// on the original bodies, before any is rewritten; methods of other modules (the framework) are not analysed.
/// </summary>
internal sealed class RefEffects
{
    readonly HashSet<ModuleDefinition> _modules;
    readonly Dictionary<(MethodDefinition Method, int Parameter), bool> _readsOnly = new();
    readonly HashSet<(MethodDefinition, int)> _inProgress = new();

    /// <summary>Stands for <c>this</c> in the cache key.</summary>
    const int Receiver = -1;

    public RefEffects(IEnumerable<ModuleDefinition> modules)
    {
        _modules = modules.ToHashSet();
        foreach (var method in _modules.SelectMany(m => m.GetTypes()).SelectMany(t => t.Methods))
        {
            ReadsOnly(method);
            foreach (var parameter in method.Parameters.Where(p => p.ParameterType.IsByReference))
                ReadsOnlyThrough(method, parameter.Index);
        }
    }

    /// <summary>True when <paramref name="method"/> is a struct instance method that only reads its receiver.</summary>
    public bool ReadsOnly(MethodDefinition method) =>
        method.HasThis && method.DeclaringType.IsValueType && Analyzed(method, Receiver);

    /// <summary>True when <paramref name="method"/> only reads through its by-ref parameter number <paramref name="index"/>.</summary>
    public bool ReadsOnlyThrough(MethodDefinition method, int index) =>
        index < method.Parameters.Count && method.Parameters[index].ParameterType.IsByReference && Analyzed(method, index);

    bool Analyzed(MethodDefinition method, int parameter)
    {
        var key = (method, parameter);
        if (_readsOnly.TryGetValue(key, out bool known))
            return known;
        if (!method.HasBody || !_modules.Contains(method.Module) || !_inProgress.Add(key))
            return false; // unknown, or recursive: assume it writes
        var body = method.Body;
        bool readsOnly = Analyze(body, parameter == Receiver ? body.ThisParameter : method.Parameters[parameter]);
        _inProgress.Remove(key);
        _readsOnly[key] = readsOnly;
        return readsOnly;
    }

    bool Analyze(MethodBody body, ParameterDefinition reference)
    {
        body.SimplifyMacros(); // the rewriter simplifies every body anyway
        var flow = new StackFlow(body);
        var addresses = new AddressUses(body, flow, this);
        foreach (var instruction in body.Instructions)
        {
            if (instruction.Operand != reference || !flow.IsReachable(instruction))
                continue;
            if (instruction.OpCode.Code != Code.Ldarg || addresses.Classify(instruction) == AddressUse.Write)
                return false; // starg or ldarga of the reference, or a write through it
        }
        return true;
    }
}
