using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;
using RaceDetector.Instrumenter.Binding;

namespace RaceDetector.Instrumenter.Il;

/// <summary>
/// Classes whose construction may hand <c>this</c> to other code before it finishes: a constructor, a base
/// constructor or a <see cref="ConstructionHelpers">construction helper</see> passes it to a method, stores it,
/// captures it in a delegate, or calls a method on it that might do so. Another thread can then reach the object
/// while it is being built, so the publication argument behind skipping constructor stores and <c>readonly</c>
/// reads (see <see cref="Passes.FieldAccessPass"/>) does not hold, and those accesses are checked. The analysis
/// runs on the original bodies, before any is rewritten.
/// </summary>
internal sealed class ConstructorEscapes
{
    readonly ConstructionHelpers _helpers;
    readonly Dictionary<TypeDefinition, bool> _types = new();
    // Methods called on `this` during construction; false while being analysed, so recursion assumes no escape
    // through the cycle (the other uses of `this` in each method still count).
    readonly Dictionary<MethodDefinition, bool> _methods = new();

    public ConstructorEscapes(IEnumerable<ModuleDefinition> modules, ConstructionHelpers helpers)
    {
        _helpers = helpers;
        foreach (var type in modules.SelectMany(m => m.GetTypes()).Where(t => t.IsClass && !t.IsValueType))
            Escapes(type);
    }

    /// <summary>True when building an instance of <paramref name="type"/> may let <c>this</c> escape.</summary>
    public bool Escapes(TypeDefinition type)
    {
        if (_types.TryGetValue(type, out bool known))
            return known;
        _types[type] = false;
        bool escapes = type.BaseType?.TryResolve() is { } baseType && !FrameworkTypes.Contains(type.BaseType) && Escapes(baseType)
            || type.Methods.Any(m => m.HasBody && (m is { IsConstructor: true, IsStatic: false } || _helpers.Contains(m)) && LetsThisEscape(m));
        return _types[type] = escapes;
    }

    bool LetsThisEscape(MethodDefinition method)
    {
        if (_methods.TryGetValue(method, out bool known))
            return known;
        _methods[method] = false;
        var body = method.Body;
        body.SimplifyMacros(); // the rewriter simplifies every body anyway
        bool escapes = !body.ThisIsStable() || UsesOfThis(body).Any(use => Escapes(method, use.Consumer, use.Operand));
        return _methods[method] = escapes;
    }

    static IEnumerable<(Instruction Consumer, int Operand)> UsesOfThis(MethodBody body)
    {
        var flow = new StackFlow(body);
        return body.Instructions
            .Where(i => i.OpCode.Code == Code.Ldarg && i.Operand == body.ThisParameter)
            .SelectMany(flow.Consumers);
    }

    /// <summary>Whether <paramref name="consumer"/> using <c>this</c> as operand <paramref name="operand"/> may publish it.</summary>
    bool Escapes(MethodDefinition method, Instruction consumer, int operand)
    {
        switch (consumer.OpCode.Code)
        {
            case Code.Ldfld or Code.Ldflda or Code.Stfld when operand == 0:
                return false;
            case Code.Call or Code.Callvirt when operand == 0 && consumer.Operand is MethodReference callee:
                return CallMayPublish(method, callee, consumer.OpCode.Code == Code.Callvirt);
            default:
                return true;
        }
    }

    /// <summary>A call on <c>this</c>: constructors and helpers of the class are judged with the class; framework
    /// methods (<c>object</c>'s, a framework base class's) keep no reference; other methods are looked into.</summary>
    bool CallMayPublish(MethodDefinition method, MethodReference callee, bool virtualCall)
    {
        if (FrameworkTypes.Contains(callee.DeclaringType))
            return false;
        if (callee.TryResolve() is not { HasBody: true } target)
            return true;
        if (target.IsConstructor || _helpers.Contains(target))
            return target.DeclaringType != method.DeclaringType && LetsThisEscape(target);
        if (virtualCall && target.IsVirtual && !target.IsFinal && !target.DeclaringType.IsSealed)
            return true; // an override elsewhere may keep it
        return LetsThisEscape(target);
    }
}
