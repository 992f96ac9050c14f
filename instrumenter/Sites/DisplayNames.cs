using System.Text;
using Mono.Cecil;
using RaceDetector.Instrumenter.Il;

namespace RaceDetector.Instrumenter.Sites;

/// <summary>
/// Renders methods and types for reports: <c>Namespace.Type&lt;T&gt;.Method(Int32, String)</c>. These
/// are the same rules as the runtime's <c>MethodNames</c> uses for live stack frames, so both sides
/// of a race print the same method the same way.
/// </summary>
internal static class DisplayNames
{
    public static string Method(MethodReference method)
    {
        var text = new StringBuilder();
        text.Append(Type(method.DeclaringType, qualified: true)).Append('.').Append(method.Name);
        if (method.HasGenericParameters)
            text.Append('<').AppendJoin(", ", method.GenericParameters.Select(p => p.Name)).Append('>');
        text.Append('(').AppendJoin(", ", method.Parameters.Select(p => Type(p.ParameterType, qualified: false))).Append(')');
        return text.ToString();
    }

    public static string Type(TypeReference type, bool qualified)
    {
        type = type.StripModifiers();
        switch (type)
        {
            case ByReferenceType byRef:
                return Type(byRef.ElementType, qualified) + "&";
            case PointerType pointer:
                return Type(pointer.ElementType, qualified) + "*";
            case ArrayType array:
                return Type(array.ElementType, qualified) + "[" + new string(',', array.Rank - 1) + "]";
            case GenericParameter parameter:
                return parameter.Name;
            case GenericInstanceType instance:
                return Named(instance.ElementType, instance.GenericArguments, qualified);
            default:
                return Named(type, type.GenericParameters, qualified);
        }
    }

    static string Named(TypeReference type, IEnumerable<TypeReference> arguments, bool qualified)
    {
        string name = type.Name;
        int tick = name.IndexOf('`');
        if (tick >= 0)
        {
            int own = int.TryParse(name.AsSpan(tick + 1), out int arity) ? arity : 0;
            var list = arguments.ToList();
            name = name.Substring(0, tick);
            if (own > 0 && list.Count >= own)
                name += "<" + string.Join(", ", list.Skip(list.Count - own).Select(a => Type(a, false))) + ">";
        }
        if (!qualified)
            return name;
        if (type.IsNested)
            return Type(type.DeclaringType, true) + "." + name;
        return string.IsNullOrEmpty(type.Namespace) ? name : type.Namespace + "." + name;
    }
}
