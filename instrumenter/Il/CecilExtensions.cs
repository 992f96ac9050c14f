using Mono.Cecil;
using Mono.Cecil.Cil;

namespace RaceDetector.Instrumenter.Il;

/// <summary>Small Cecil helpers shared by the passes.</summary>
internal static class CecilExtensions
{
    /// <summary>The type without <c>modreq</c>/<c>modopt</c> wrappers.</summary>
    public static TypeReference StripModifiers(this TypeReference type)
    {
        while (type is IModifierType modified)
            type = modified.ElementType;
        return type;
    }

    public static bool IsVoid(this TypeReference type) => type.StripModifiers().MetadataType == MetadataType.Void;

    /// <summary>
    /// Whether an instance method never replaces its <c>this</c> (no <c>starg</c>, no address of it), so every
    /// <c>ldarg 0</c> in a body with simplified macros loads the same object.
    /// </summary>
    public static bool ThisIsStable(this MethodBody body) =>
        body.Method.HasThis && !body.Instructions.Any(i => i.OpCode.Code is Code.Starg or Code.Ldarga && i.Operand == body.ThisParameter);

    public static bool IsPrefix(this Instruction instruction) => instruction.OpCode.OpCodeType == OpCodeType.Prefix;

    /// <summary>The prefix instructions (volatile., unaligned., constrained., ...) directly in front of <paramref name="instruction"/>.</summary>
    public static IEnumerable<Instruction> Prefixes(this Instruction instruction)
    {
        for (var previous = instruction.Previous; previous is not null && previous.IsPrefix(); previous = previous.Previous)
            yield return previous;
    }

    /// <summary>A new instruction with the same opcode and operand, for IL that must appear more than once.</summary>
    public static Instruction Clone(this Instruction instruction)
    {
        var copy = Instruction.Create(OpCodes.Nop);
        copy.OpCode = instruction.OpCode;
        copy.Operand = instruction.Operand;
        return copy;
    }

    public static bool HasPrefix(this Instruction instruction, Code prefix) =>
        instruction.Prefixes().Any(p => p.OpCode.Code == prefix);

    public static bool HasAttribute(this ICustomAttributeProvider provider, string fullName) =>
        provider.HasCustomAttributes && provider.CustomAttributes.Any(a => a.AttributeType.FullName == fullName);

    /// <summary>The type as its own code names it: <c>Box&lt;T&gt;</c> for a generic type definition.</summary>
    public static TypeReference SelfReference(this TypeDefinition type)
    {
        if (!type.HasGenericParameters)
            return type;
        var self = new GenericInstanceType(type);
        foreach (var parameter in type.GenericParameters)
            self.GenericArguments.Add(parameter);
        return self;
    }

    /// <summary>Resolves without throwing when a dependency is missing.</summary>
    public static FieldDefinition? TryResolve(this FieldReference field) => Resolving(field.Resolve);

    /// <summary>Resolves without throwing when a dependency is missing.</summary>
    public static MethodDefinition? TryResolve(this MethodReference method) => Resolving(method.Resolve);

    /// <summary>Resolves without throwing when a dependency is missing.</summary>
    public static TypeDefinition? TryResolve(this TypeReference type) => Resolving(type.Resolve);

    static T? Resolving<T>(Func<T> resolve) where T : class
    {
        try
        {
            return resolve();
        }
        catch (AssemblyResolutionException)
        {
            return null;
        }
    }
}
