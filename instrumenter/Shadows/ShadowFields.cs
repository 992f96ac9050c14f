using Mono.Cecil;
using RaceDetector.Instrumenter.Binding;
using RaceDetector.Instrumenter.Il;

namespace RaceDetector.Instrumenter.Shadows;

/// <summary>
/// Adds a <c>VarState</c> shadow field next to every tracked field of every instrumented module, and
/// finds the shadow of a field a method touches. A field without a shadow is not tracked; the rules in
/// <see cref="SkipReason"/> say which and why. Shadows are internal, so reflection over public members
/// (serializers, for one) never sees them; modules that use another module's shadows are granted
/// access with <c>IgnoresAccessChecksTo</c>.
/// </summary>
internal sealed class ShadowFields
{
    const string ThreadStatic = "System.ThreadStaticAttribute";
    const string AsyncStateMachine = "System.Runtime.CompilerServices.IAsyncStateMachine";

    readonly Dictionary<FieldDefinition, FieldDefinition> _shadows = new();

    /// <summary>Shadow field names cannot be written in C#, so they never clash with the program's own.</summary>
    public static string ShadowName(string field) => "<" + field + ">rd";

    /// <summary>Why a field gets no shadow, or null when it is tracked.</summary>
    public static string? SkipReason(FieldDefinition field)
    {
        var type = field.DeclaringType;
        if (field.IsLiteral)
            return "const";
        if (field.HasFieldRVA)
            return "static data blob";
        if (field.HasAttribute(ThreadStatic))
            return "[ThreadStatic]: one copy per thread";
        if (type.IsEnum || type.Name == "<Module>")
            return "not a variable";
        if (field.IsStatic)
        {
            if (field.IsInitOnly)
                return "static readonly: written only by the static constructor, which happens before every use";
            if (field.Name.StartsWith("<>9", StringComparison.Ordinal))
                return "compiler lambda cache: idempotent";
            if (IsDelegateCacheContainer(type))
                return "compiler method-group delegate cache: idempotent";
            return null;
        }
        if (type.IsValueType)
            return "struct field: tracked as part of the variable that holds the struct";
        if (type.IsExplicitLayout || type.IsSequentialLayout)
            return "class with fixed layout: a shadow field would change it";
        if (type.Interfaces.Any(i => i.InterfaceType.FullName == AsyncStateMachine))
            return "async state machine local: ordered by await";
        return null;
    }

    /// <summary>
    /// The class the C# compiler (11 and later) caches delegates to static methods in: <c>&lt;&gt;O</c>, or
    /// <c>&lt;Method&gt;O__1_0</c> for generic methods (a <c>#n</c> suffix after edit and continue).
    /// </summary>
    static bool IsDelegateCacheContainer(TypeDefinition type)
    {
        string name = type.Name;
        int close = name.IndexOf('>');
        if (!name.StartsWith('<') || close < 0 || close + 1 >= name.Length || name[close + 1] != 'O')
            return false;
        string rest = name[(close + 2)..];
        return rest.Length == 0 || rest.StartsWith("__", StringComparison.Ordinal) || rest.StartsWith('#');
    }

    /// <summary>Adds the shadows of one module's fields. Call for every module before rewriting any method.</summary>
    public void AddShadows(ModuleDefinition module, HookReferences hooks)
    {
        foreach (var type in module.GetTypes())
        {
            foreach (var field in type.Fields.ToList())
            {
                if (SkipReason(field) is not null)
                    continue;
                var attributes = FieldAttributes.Assembly | FieldAttributes.NotSerialized;
                if (field.IsStatic)
                    attributes |= FieldAttributes.Static;
                var shadow = new FieldDefinition(ShadowName(field.Name), attributes, hooks.VarState);
                type.Fields.Add(shadow);
                _shadows[field] = shadow;
            }
        }
    }

    /// <summary>
    /// The shadow of <paramref name="accessed"/> as code in <paramref name="module"/> must name it, or null
    /// if untracked. A shadow owned by another module adds that module's assembly to <paramref name="foreignOwners"/>.
    /// </summary>
    public FieldReference? ShadowOf(FieldReference accessed, ModuleDefinition module, HookReferences hooks, ISet<string> foreignOwners)
    {
        var definition = accessed.TryResolve();
        if (definition is null || !_shadows.TryGetValue(definition, out var shadow))
            return null;
        if (definition.Module != module)
            foreignOwners.Add(definition.Module.Assembly.Name.Name);
        if (accessed.DeclaringType is GenericInstanceType || definition.Module != module)
            return new FieldReference(shadow.Name, hooks.VarState, accessed.DeclaringType);
        return shadow;
    }
}
