using System.Reflection;
using System.Text;

namespace RaceDetector.Runtime.Reporting;

/// <summary>
/// Renders methods as <c>Namespace.Type&lt;T&gt;.Method(Int32, String)</c>: namespaces on the declaring
/// type, short names for parameter types, generic arity marks removed. The instrumenter renders site
/// methods with the same rules, so both sides of a report read alike.
/// </summary>
internal static class MethodNames
{
    public static string Of(MethodBase method)
    {
        method = Definition(method);
        var text = new StringBuilder();
        if (method.DeclaringType is { } type)
            text.Append(TypeName(type, qualified: true)).Append('.');
        text.Append(method.Name);
        if (method.IsGenericMethod)
            text.Append('<').AppendJoin(", ", method.GetGenericArguments().Select(a => TypeName(a, false))).Append('>');
        text.Append('(').AppendJoin(", ", method.GetParameters().Select(p => TypeName(p.ParameterType, false))).Append(')');
        return text.ToString();
    }

    public static string TypeName(Type type, bool qualified)
    {
        if (type.IsByRef)
            return TypeName(type.GetElementType()!, qualified) + "&";
        if (type.IsPointer)
            return TypeName(type.GetElementType()!, qualified) + "*";
        if (type.IsArray)
            return TypeName(type.GetElementType()!, qualified) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        if (type.IsGenericParameter)
            return type.Name;

        string name = StripArity(type.Name);
        if (type.IsGenericType)
        {
            var arguments = type.GetGenericArguments();
            int own = OwnArity(type.Name);
            if (own > 0)
                name += "<" + string.Join(", ", arguments.Skip(arguments.Length - own).Select(a => TypeName(a, false))) + ">";
        }
        if (!qualified)
            return name;
        if (type.IsNested && type.DeclaringType is { } outer)
            return TypeName(outer, true) + "." + name;
        return string.IsNullOrEmpty(type.Namespace) ? name : type.Namespace + "." + name;
    }

    /// <summary>Frames of shared or exact generic code are shown as their definitions, as the site table does.</summary>
    static MethodBase Definition(MethodBase method)
    {
        if (method is MethodInfo { IsGenericMethod: true, IsGenericMethodDefinition: false } info)
            method = info.GetGenericMethodDefinition();
        if (method.DeclaringType is { IsGenericType: true, IsGenericTypeDefinition: false })
        {
            try
            {
                return method.Module.ResolveMethod(method.MetadataToken) ?? method;
            }
            catch (ArgumentException)
            {
                return method;
            }
        }
        return method;
    }

    static string StripArity(string name)
    {
        int tick = name.IndexOf('`');
        return tick < 0 ? name : name.Substring(0, tick);
    }

    static int OwnArity(string name)
    {
        int tick = name.IndexOf('`');
        return tick >= 0 && int.TryParse(name.AsSpan(tick + 1), out int arity) ? arity : 0;
    }
}
