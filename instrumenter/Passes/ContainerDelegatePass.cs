using Mono.Cecil;
using Mono.Cecil.Cil;
using RaceDetector.Instrumenter.Binding;
using RaceDetector.Instrumenter.Il;

namespace RaceDetector.Instrumenter.Passes;

/// <summary>
/// Delegates handed to Microsoft.Extensions.DependencyInjection and Options as the last argument: service
/// factories (<c>AddSingleton(sp =&gt; ...)</c>, keyed ones too) and configuration actions
/// (<c>Configure&lt;T&gt;(o =&gt; ...)</c>). Each is wrapped before the call so that what it writes to the object
/// it makes or configures is published with that object: the container hands it to other threads through its
/// own locks, which the detector never sees (see the runtime's <c>PublishingWrappers</c>).
/// </summary>
internal sealed class ContainerDelegatePass : IMethodPass
{
    static readonly string[] Namespaces = ["Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Options"];

    public void Run(MethodContext context)
    {
        foreach (var call in context.Instructions)
        {
            if (context.Claimed.Contains(call) || call.OpCode.Code is not (Code.Call or Code.Callvirt or Code.Newobj)
                || call.Operand is not MethodReference callee || !IsContainerApi(callee))
                continue;
            var operands = GenericContext.Operands(callee, call.OpCode.Code == Code.Newobj);
            if (operands.Count == 0)
                continue;
            var last = operands[^1];
            var wrapper = RuntimeContract.WrapperFor(context.Module.Runtime.PublishingWrappers, last);
            if (wrapper is null)
                continue;
            context.Patch.InsertBefore(call, [Instruction.Create(OpCodes.Call, context.Module.Hooks.PublishingWrapper(wrapper, last))]);
        }
    }

    static bool IsContainerApi(MethodReference callee)
    {
        string ns = callee.DeclaringType.GetElementType().Namespace;
        return Namespaces.Any(n => ns == n || ns.StartsWith(n + ".", StringComparison.Ordinal));
    }
}
