using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;
using RaceDetector.Instrumenter.Il;

namespace RaceDetector.Instrumenter.Shadows;

/// <summary>
/// The static field that holds, once a type's static constructor has finished, what that constructor released
/// (the runtime's <c>TypeInitialization</c>). Accesses to the type's static fields acquire it first, which is
/// the .NET rule that the constructor happens before every use of the type. Constructors that only store
/// constants, or only create the compiler's stateless lambda-cache singleton, publish nothing and get no field.
/// </summary>
internal sealed class TypeInitFields
{
    const string FieldName = "<cctor>rd";

    readonly Dictionary<TypeDefinition, FieldDefinition> _fields = new();

    /// <summary>Adds the field to every type of <paramref name="module"/> whose static constructor publishes something.</summary>
    public void Add(ModuleDefinition module)
    {
        foreach (var type in module.GetTypes())
        {
            if (type.GetStaticConstructor() is not { HasBody: true } constructor || PublishesNothing(type, constructor.Body))
                continue;
            var field = new FieldDefinition(FieldName,
                FieldAttributes.Assembly | FieldAttributes.Static | FieldAttributes.NotSerialized, module.TypeSystem.Object);
            type.Fields.Add(field);
            _fields[type] = field;
        }
    }

    /// <summary>
    /// The field of <paramref name="type"/> (as <paramref name="module"/>'s code names it, per generic instantiation),
    /// or null when the type has none. A field owned by another module adds its assembly to <paramref name="foreignOwners"/>.
    /// </summary>
    public FieldReference? Of(TypeReference type, ModuleDefinition module, ISet<string> foreignOwners)
    {
        if (type.TryResolve() is not { } definition || !_fields.TryGetValue(definition, out var field))
            return null;
        if (definition.Module != module)
            foreignOwners.Add(definition.Module.Assembly.Name.Name);
        if (type is not GenericInstanceType && definition.Module == module)
            return field;
        return new FieldReference(field.Name, module.TypeSystem.Object, type);
    }

    /// <summary>The field as the type's own static constructor names it (on the type's own instantiation).</summary>
    public FieldReference? OfOwnType(TypeDefinition type) =>
        !_fields.TryGetValue(type, out var field) ? null
        : !type.HasGenericParameters ? field
        : new FieldReference(field.Name, field.FieldType, type.MakeGenericInstanceType([.. type.GenericParameters]));

    static bool PublishesNothing(TypeDefinition type, MethodBody body) =>
        body.Instructions.All(i => i.OpCode.Code switch
        {
            Code.Nop or Code.Ret or Code.Ldnull or Code.Ldstr or Code.Stsfld => true,
            Code.Ldc_I4 or Code.Ldc_I4_S or Code.Ldc_I8 or Code.Ldc_R4 or Code.Ldc_R8 => true,
            >= Code.Ldc_I4_M1 and <= Code.Ldc_I4_8 => true,
            // The compiler's lambda cache (<>c): one instance of the class itself, which has no fields.
            Code.Newobj => i.Operand is MethodReference { DeclaringType: var created }
                && created.TryResolve() == type && !type.Fields.Any(f => !f.IsStatic),
            _ => false,
        });
}
