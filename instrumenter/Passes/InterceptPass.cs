using Mono.Cecil;
using Mono.Cecil.Cil;
using RaceDetector.Instrumenter.Sites;

namespace RaceDetector.Instrumenter.Passes;

/// <summary>
/// Replaces calls to synchronization methods (Monitor, System.Threading.Lock, Thread start and join,
/// task waits, semaphores, events...) and constructors with the runtime's replacements, which do the
/// real call and record its happens-before edge. The set of replaced methods is whatever the runtime
/// declares with <c>[Intercept]</c>.
/// </summary>
internal sealed class InterceptPass : IMethodPass
{
    public void Run(MethodContext context)
    {
        foreach (var instruction in context.Instructions)
        {
            if (context.Claimed.Contains(instruction) || instruction.OpCode.Code is not (Code.Call or Code.Callvirt or Code.Newobj)
                || instruction.Operand is not MethodReference callee)
                continue;
            if (context.Module.Runtime.ReplacementFor(callee) is not { } replacement)
                continue;

            string description = instruction.OpCode.Code == Code.Newobj ? "new " + DisplayNames.Type(callee.DeclaringType, qualified: true) : context.Describe(instruction, 0);
            var target = SiteTarget.Sync(callee.DeclaringType, description);
            var site = context.Site(instruction, Operation(callee.Name), target);
            context.Patch.InsertBefore(instruction, site);
            instruction.OpCode = OpCodes.Call;
            instruction.Operand = context.Module.Hooks.Replacement(replacement, callee);
            context.Claimed.Add(instruction);
        }
    }

    static string Operation(string method) => method switch
    {
        ".ctor" => "create",
        "Enter" or "TryEnter" or "EnterScope" => "lock",
        "Exit" or "Dispose" => "unlock",
        "Start" or "UnsafeStart" => "thread-start",
        "Join" => "thread-join",
        _ => method.ToLowerInvariant(),
    };
}
