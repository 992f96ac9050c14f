using Mono.Cecil;
using RaceDetector.Instrumenter.Binding;
using RaceDetector.Instrumenter.Il;

namespace RaceDetector.Instrumenter.Shadows;

/// <summary>
/// Adds a <c>VarState</c> shadow field next to every tracked field of every instrumented module, and
/// finds the shadow of a field a method touches. A field without a shadow is not tracked; the rules in
/// <see cref="SkipReason"/> say which and why. Classes with an explicit or sequential layout get no
/// instance shadow fields, which would change their layout: one static <c>FixedLayoutShadow</c> table
/// each instead (see <see cref="FixedLayoutCells"/>). Shadows are internal, so reflection over public
/// members (serializers, for one) never sees them; modules that use another module's shadows are
/// granted access with <c>IgnoresAccessChecksTo</c>. A module instrumented for synchronization only gets shadows for
/// its <see cref="SynchronizationFields"/> alone, the clocks of its atomic operations.
/// </summary>
internal sealed class ShadowFields(SynchronizationFields synchronization)
{
    const string ThreadStatic = "System.ThreadStaticAttribute";
    const string AsyncStateMachine = "System.Runtime.CompilerServices.IAsyncStateMachine";
    const string FixedLayoutTableName = "<fixed-layout>rd";

    readonly Dictionary<FieldDefinition, FieldDefinition> _shadows = new();
    readonly Dictionary<FieldDefinition, (FieldDefinition Table, int[] Cells, int CellCount)> _cells = new();
    readonly Dictionary<TypeDefinition, bool> _hasInstanceShadows = new();

    /// <summary>The static fields that carry each type's static-constructor edge.</summary>
    public TypeInitFields TypeInits { get; } = new();

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
                return "static readonly: written only by the static constructor, which happens before every use (TypeInitFields)";
            if (field.Name.StartsWith("<>9", StringComparison.Ordinal))
                return "compiler lambda cache: idempotent";
            if (IsDelegateCacheContainer(type))
                return "compiler method-group delegate cache: idempotent";
            return null;
        }
        if (type.IsValueType)
            return "struct field: tracked as part of the variable that holds the struct";
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
    public void AddShadows(ModuleDefinition module, HookReferences hooks, InstrumentationLevel level)
    {
        foreach (var type in module.GetTypes())
        {
            var tracked = type.Fields
                .Where(f => SkipReason(f) is null && (level == InstrumentationLevel.Full || synchronization.Contains(f)))
                .ToList();
            var fixedLayout = tracked.Where(f => !f.IsStatic && FixedLayoutCells.Applies(type)).ToList();
            if (fixedLayout.Count > 0)
                AddFixedLayoutTable(type, fixedLayout, hooks);
            foreach (var field in tracked.Except(fixedLayout))
            {
                var attributes = FieldAttributes.Assembly | FieldAttributes.NotSerialized;
                if (field.IsStatic)
                    attributes |= FieldAttributes.Static;
                var shadow = new FieldDefinition(ShadowName(field.Name), attributes, hooks.VarState);
                type.Fields.Add(shadow);
                _shadows[field] = shadow;
            }
        }
        TypeInits.Add(module); // after the shadows: its fields are not variables of the program
    }

    /// <summary>One static table for the instance fields of a class whose layout must not change.</summary>
    void AddFixedLayoutTable(TypeDefinition type, List<FieldDefinition> fields, HookReferences hooks)
    {
        var table = new FieldDefinition(FixedLayoutTableName,
            FieldAttributes.Assembly | FieldAttributes.Static | FieldAttributes.NotSerialized, hooks.FixedLayoutShadow);
        type.Fields.Add(table);
        var cells = FixedLayoutCells.For(type, fields);
        foreach (var field in fields)
            _cells[field] = (table, cells.Of(field), cells.Count);
    }

    /// <summary>True when <paramref name="type"/> or a base class has an instance field with an injected shadow.</summary>
    public bool HasInstanceShadows(TypeDefinition type)
    {
        if (_hasInstanceShadows.TryGetValue(type, out bool known))
            return known;
        bool has = type.Fields.Any(f => !f.IsStatic && _shadows.ContainsKey(f))
            || type.BaseType?.TryResolve() is { } baseType && HasInstanceShadows(baseType);
        _hasInstanceShadows[type] = has;
        return has;
    }

    /// <summary>
    /// The shadow of <paramref name="accessed"/> as code in <paramref name="module"/> must name it, or null
    /// if untracked. A shadow owned by another module adds that module's assembly to <paramref name="foreignOwners"/>.
    /// </summary>
    public FieldShadow? ShadowOf(FieldReference accessed, ModuleDefinition module, HookReferences hooks, ISet<string> foreignOwners)
    {
        var definition = accessed.TryResolve();
        if (definition is null)
            return null;
        bool inCells = _cells.TryGetValue(definition, out var cells);
        var owned = inCells ? cells.Table : _shadows.GetValueOrDefault(definition);
        if (owned is null)
            return null;
        if (definition.Module != module)
            foreignOwners.Add(definition.Module.Assembly.Name.Name);
        FieldReference reference = owned;
        if (accessed.DeclaringType is GenericInstanceType || definition.Module != module)
            reference = new FieldReference(owned.Name, inCells ? hooks.FixedLayoutShadow : hooks.VarState, accessed.DeclaringType);
        return inCells
            ? new CellShadow(reference, cells.Cells, cells.CellCount, hooks.FixedLayoutSlot)
            : new InjectedShadow(reference, definition.IsStatic);
    }
}
