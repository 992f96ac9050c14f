using Mono.Cecil;
using Mono.Cecil.Cil;

namespace RaceDetector.Instrumenter.Il;

/// <summary>
/// Scratch locals for hook sequences. A hook sequence stores and reloads its temporaries before any
/// other code runs, so temporaries with the same type and role are shared within a method; a sequence
/// that parks two values at once gives them different roles. Values that must live across other
/// code (an atomic operation's clock) get their own local.
/// </summary>
internal sealed class TempLocals(MethodBody body)
{
    readonly Dictionary<string, VariableDefinition> _shared = new();

    public VariableDefinition Shared(TypeReference type, string role = "value")
    {
        string key = role + ":" + Key(type);
        if (_shared.TryGetValue(key, out var local))
            return local;
        local = Fresh(type);
        _shared[key] = local;
        return local;
    }

    public VariableDefinition Fresh(TypeReference type)
    {
        var local = new VariableDefinition(type);
        body.Variables.Add(local);
        return local;
    }

    /// <summary>A type's identity for sharing: unlike FullName, a class's <c>T</c> and a method's <c>T</c> differ.</summary>
    static string Key(TypeReference type) => type switch
    {
        GenericParameter { Type: GenericParameterType.Type } p => "!" + p.Position,
        GenericParameter p => "!!" + p.Position,
        ByReferenceType r => Key(r.ElementType) + "&",
        PointerType p => Key(p.ElementType) + "*",
        ArrayType a => Key(a.ElementType) + "[" + a.Rank + "]",
        IModifierType m => Key(m.ElementType),
        GenericInstanceType g => g.ElementType.FullName + "<" + string.Join(",", g.GenericArguments.Select(Key)) + ">",
        _ => type.FullName,
    };
}
