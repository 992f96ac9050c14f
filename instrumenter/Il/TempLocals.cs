using Mono.Cecil;
using Mono.Cecil.Cil;

namespace RaceDetector.Instrumenter.Il;

/// <summary>
/// Scratch locals for hook sequences. A hook sequence stores and reloads its temporaries before any
/// other code runs, so temporaries of the same type are shared within a method; values that must live
/// across other code (an atomic operation's clock) get their own local.
/// </summary>
internal sealed class TempLocals(MethodBody body)
{
    readonly Dictionary<string, VariableDefinition> _shared = new();

    public VariableDefinition Shared(TypeReference type)
    {
        if (_shared.TryGetValue(type.FullName, out var local))
            return local;
        local = Fresh(type);
        _shared[type.FullName] = local;
        return local;
    }

    public VariableDefinition Fresh(TypeReference type)
    {
        var local = new VariableDefinition(type);
        body.Variables.Add(local);
        return local;
    }
}
