using Mono.Cecil;

namespace RaceDetector.Instrumenter.Il;

/// <summary>
/// Types as the calling method sees them: a field of <c>Box&lt;T&gt;</c> declared as <c>T</c> has type
/// <c>int</c> when reached through <c>Box&lt;int&gt;</c>. Needed to declare temporaries of the right type.
/// </summary>
internal static class GenericContext
{
    public static TypeReference FieldType(FieldReference field) =>
        field.DeclaringType is GenericInstanceType owner ? Substitute(field.FieldType, owner, null) : field.FieldType;

    public static TypeReference Substitute(TypeReference type, GenericInstanceType? owner, GenericInstanceMethod? method)
    {
        switch (type)
        {
            case GenericParameter { Type: GenericParameterType.Type } parameter when owner is not null:
                return owner.GenericArguments[parameter.Position];
            case GenericParameter { Type: GenericParameterType.Method } parameter when method is not null:
                return method.GenericArguments[parameter.Position];
            case ByReferenceType byRef:
                return new ByReferenceType(Substitute(byRef.ElementType, owner, method));
            case PointerType pointer:
                return new PointerType(Substitute(pointer.ElementType, owner, method));
            case ArrayType array:
                return new ArrayType(Substitute(array.ElementType, owner, method), array.Rank);
            case RequiredModifierType modreq:
                return Substitute(modreq.ElementType, owner, method);
            case OptionalModifierType modopt:
                return Substitute(modopt.ElementType, owner, method);
            case GenericInstanceType instance:
                var copy = new GenericInstanceType(instance.ElementType);
                foreach (var argument in instance.GenericArguments)
                    copy.GenericArguments.Add(Substitute(argument, owner, method));
                return copy;
            default:
                return type;
        }
    }
}
