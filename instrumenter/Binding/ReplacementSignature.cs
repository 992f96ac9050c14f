using Mono.Cecil;
using RaceDetector.Instrumenter.Il;

namespace RaceDetector.Instrumenter.Binding;

/// <summary>
/// The calling convention between an intercepted framework method and its runtime replacement: the
/// replacement is static, takes the instance first (by reference for structs), then the original
/// parameters, then an <c>int site</c>. A constructor's replacement takes only the parameters and
/// returns the new object. Generic parameters of the declaring type come first in the replacement's
/// own generic parameter list, followed by the method's own.
/// </summary>
internal static class ReplacementSignature
{
    /// <summary>Parameter keys the replacement must have, with generic parameters written by position.</summary>
    public static List<string> ExpectedKeys(MethodReference callee, string? keyParameter = null)
    {
        var open = callee.GetElementMethod();
        int typeArity = TypeArity(callee);
        var keys = new List<string>();
        if (open.HasThis && !IsConstructor(callee))
            keys.Add(Key(OpenSelf(callee), typeArity));
        keys.AddRange(open.Parameters.Select(p => Key(p.ParameterType, typeArity)));
        if (keyParameter is not null)
            keys.Add(keyParameter);
        keys.Add("System.Int32");
        return keys;
    }

    public static List<string> ActualKeys(MethodDefinition replacement) =>
        replacement.Parameters.Select(p => Key(p.ParameterType, 0)).ToList();

    /// <summary>How many generic arguments the replacement of <paramref name="callee"/> takes.</summary>
    public static int Arity(MethodReference callee) => TypeArity(callee) + callee.GetElementMethod().GenericParameters.Count;

    /// <summary>A reference, valid in the caller's module, to <paramref name="replacement"/> instantiated for <paramref name="callee"/>.</summary>
    public static MethodReference Reference(MethodDefinition replacement, MethodReference callee, TypeReference declaringType,
        TypeReference int32, TypeReference? keyParameter = null)
    {
        var open = callee.GetElementMethod();
        int typeArity = TypeArity(callee);
        var element = new MethodReference(replacement.Name, int32, declaringType) { HasThis = false };
        for (int i = 0; i < Arity(callee); i++)
            element.GenericParameters.Add(new GenericParameter("T" + i, element));
        TypeReference Map(TypeReference type) => Rewrite(type, element, typeArity);

        element.ReturnType = IsConstructor(callee) ? Map(OpenSelf(callee)) : Map(open.ReturnType);
        if (open.HasThis && !IsConstructor(callee))
            element.Parameters.Add(new ParameterDefinition(Map(OpenSelf(callee))));
        foreach (var parameter in open.Parameters)
            element.Parameters.Add(new ParameterDefinition(Map(parameter.ParameterType)));
        if (keyParameter is not null)
            element.Parameters.Add(new ParameterDefinition(keyParameter));
        element.Parameters.Add(new ParameterDefinition(int32));
        if (element.GenericParameters.Count == 0)
            return element;

        var instance = new GenericInstanceMethod(element);
        if (callee.DeclaringType is GenericInstanceType owner)
            foreach (var argument in owner.GenericArguments)
                instance.GenericArguments.Add(argument);
        if (callee is GenericInstanceMethod generic)
            foreach (var argument in generic.GenericArguments)
                instance.GenericArguments.Add(argument);
        return instance;
    }

    static bool IsConstructor(MethodReference callee) => callee.Name == ".ctor";

    static int TypeArity(MethodReference callee) => callee.DeclaringType.GetElementType().GenericParameters.Count;

    /// <summary>The instance parameter in open form: <c>TaskAwaiter`1&lt;!0&gt;&amp;</c> for a struct, the type itself for a class.</summary>
    static TypeReference OpenSelf(MethodReference callee)
    {
        var type = callee.DeclaringType.GetElementType();
        TypeReference self = type;
        if (type.HasGenericParameters)
        {
            var instance = new GenericInstanceType(type);
            foreach (var parameter in type.GenericParameters)
                instance.GenericArguments.Add(parameter);
            self = instance;
        }
        return callee.DeclaringType.IsValueType && !IsConstructor(callee) ? new ByReferenceType(self) : self;
    }

    static string Key(TypeReference type, int typeArity)
    {
        type = type.StripModifiers();
        return type switch
        {
            GenericParameter { Type: GenericParameterType.Type } p => "!!" + p.Position,
            GenericParameter p => "!!" + (typeArity + p.Position),
            ByReferenceType r => Key(r.ElementType, typeArity) + "&",
            PointerType p => Key(p.ElementType, typeArity) + "*",
            ArrayType a => Key(a.ElementType, typeArity) + "[" + new string(',', a.Rank - 1) + "]",
            GenericInstanceType g => g.ElementType.FullName + "<" + string.Join(",", g.GenericArguments.Select(a => Key(a, typeArity))) + ">",
            _ => type.FullName,
        };
    }

    /// <summary>Re-expresses a type from the callee's signature in terms of the replacement's generic parameters.</summary>
    static TypeReference Rewrite(TypeReference type, MethodReference owner, int typeArity) =>
        GenericContext.Map(type, p => owner.GenericParameters[p.Type == GenericParameterType.Type ? p.Position : typeArity + p.Position],
            keepModifiers: true);
}
