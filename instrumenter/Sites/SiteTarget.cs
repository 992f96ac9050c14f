using Mono.Cecil;

namespace RaceDetector.Instrumenter.Sites;

/// <summary>What a site touches, as the site table records it.</summary>
internal sealed record SiteTarget(string LocationKind, string TypeName, string Member, string ValueType, string Holder)
{
    public static SiteTarget Field(FieldReference field) => new(
        field.Resolve()?.IsStatic == true ? "static-field" : "instance-field",
        DisplayNames.Type(field.DeclaringType, qualified: true),
        field.Name,
        DisplayNames.Type(Il.GenericContext.FieldType(field), qualified: true),
        "");

    /// <summary>An array element; <paramref name="holder"/> names the field the array was loaded from, when known.</summary>
    public static SiteTarget Element(TypeReference elementType, FieldReference? holder)
    {
        string member = holder?.Name ?? "[]";
        string holderName = holder is null ? "" : DisplayNames.Type(holder.DeclaringType, qualified: true) + "." + holder.Name;
        string type = DisplayNames.Type(elementType, qualified: true);
        return new SiteTarget("array-element", type, member, type, holderName);
    }

    /// <summary>A synchronization call on an object, described as the code names it (<c>Demo.Program._gate</c>).</summary>
    public static SiteTarget Sync(TypeReference type, string description) =>
        new("sync", DisplayNames.Type(type, qualified: true), description, "", "");

    /// <summary>A call, which the shadow call stack records so reports can show an earlier access's callers.</summary>
    public static SiteTarget Call(object operand) => operand is MethodReference callee
        ? new("call", DisplayNames.Type(callee.DeclaringType, qualified: true), callee.Name, "", "")
        : new("call", "", "calli", "", "");
}
