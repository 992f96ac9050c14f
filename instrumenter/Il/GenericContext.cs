using Mono.Cecil;

namespace RaceDetector.Instrumenter.Il;

/// <summary>
/// Rewrites generic parameters inside types. Used to see a field's type as the calling method sees it
/// (a field of <c>Box&lt;T&gt;</c> declared as <c>T</c> has type <c>int</c> through <c>Box&lt;int&gt;</c>), to type
/// a call's operands, and to re-express a signature in terms of another method's generic parameters.
/// </summary>
internal static class GenericContext
{
    public static TypeReference FieldType(FieldReference field) =>
        field.DeclaringType is GenericInstanceType owner
            ? Map(field.FieldType, p => p.Type == GenericParameterType.Type ? owner.GenericArguments[p.Position] : null)
            : field.FieldType;

    /// <summary>
    /// The types of what a call pops, as the caller sees them: the instance first (by reference for a struct; none for
    /// <c>newobj</c>), then the parameters, with the callee's generic arguments filled in.
    /// </summary>
    public static List<TypeReference> Operands(MethodReference callee, bool isNewobj)
    {
        var owner = callee.DeclaringType as GenericInstanceType;
        var method = callee as GenericInstanceMethod;
        TypeReference InContext(TypeReference type) => Map(type, p =>
            p.Type == GenericParameterType.Type ? owner?.GenericArguments[p.Position] : method?.GenericArguments[p.Position]);

        var types = new List<TypeReference>();
        if (callee.HasThis && !isNewobj)
            types.Add(callee.DeclaringType.IsValueType ? new ByReferenceType(callee.DeclaringType) : callee.DeclaringType);
        types.AddRange(callee.GetElementMethod().Parameters.Select(p => InContext(p.ParameterType)));
        return types;
    }

    /// <summary>
    /// <paramref name="type"/> with each generic parameter replaced by <paramref name="replace"/>'s answer
    /// (null keeps it). Custom modifiers are dropped unless <paramref name="keepModifiers"/>.
    /// </summary>
    public static TypeReference Map(TypeReference type, Func<GenericParameter, TypeReference?> replace, bool keepModifiers = false)
    {
        TypeReference Recurse(TypeReference inner) => Map(inner, replace, keepModifiers);
        switch (type)
        {
            case GenericParameter parameter:
                return replace(parameter) ?? parameter;
            case ByReferenceType byRef:
                return new ByReferenceType(Recurse(byRef.ElementType));
            case PointerType pointer:
                return new PointerType(Recurse(pointer.ElementType));
            case ArrayType array:
                return new ArrayType(Recurse(array.ElementType), array.Rank);
            case RequiredModifierType modreq:
                return keepModifiers ? new RequiredModifierType(modreq.ModifierType, Recurse(modreq.ElementType)) : Recurse(modreq.ElementType);
            case OptionalModifierType modopt:
                return keepModifiers ? new OptionalModifierType(modopt.ModifierType, Recurse(modopt.ElementType)) : Recurse(modopt.ElementType);
            case GenericInstanceType instance:
                var copy = new GenericInstanceType(instance.ElementType);
                foreach (var argument in instance.GenericArguments)
                    copy.GenericArguments.Add(Recurse(argument));
                return copy;
            default:
                return type;
        }
    }
}
