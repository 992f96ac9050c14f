using Mono.Cecil;
using Mono.Cecil.Cil;
using RaceDetector.Instrumenter.Binding;
using RaceDetector.Instrumenter.Il;
using RaceDetector.Instrumenter.Sites;

namespace RaceDetector.Instrumenter.Passes;

/// <summary>
/// Calls that hand delegates to the framework to run elsewhere: Task.Run, TaskFactory.StartNew,
/// ContinueWith, <c>new Task(...)</c>, ThreadPool work items, Parallel loops, timers, <c>Progress&lt;T&gt;</c> handlers,
/// TPL Dataflow blocks' delegates (see the runtime's <c>DataflowBlocks</c>),
/// PLINQ operators (see the runtime's <c>ParallelQueries</c>). Before the call a
/// fork scope records the caller's clock and every delegate argument (and a Parallel loop's source, an
/// IThreadPoolWorkItem) is wrapped so each invocation runs as a logical thread of that scope; after it
/// the returned task or timer is bound to the scope. ContinueWhenAny's continuation follows only the
/// antecedent it receives, so it gets no antecedent here.
/// </summary>
internal sealed class ForkCallPass : IMethodPass
{
    enum Antecedent
    {
        None,
        Instance,
        FirstArgument,
        LastArgument,
    }

    // The kind numbers are RaceDetector.Runtime.Tasks.ForkKind.
    const int TaskKind = 0, ContinuationKind = 1, WorkItemKind = 2, ParallelKind = 3, TimerKind = 4, DeferredTaskKind = 5,
        AnyContinuationKind = 8, ProgressKind = 9, QueryKind = 10, DataflowKind = 11;

    static readonly Dictionary<(string Type, string Method), (int Kind, Antecedent Antecedent)> Table = new()
    {
        [("System.Threading.Tasks.Task", "Run")] = (TaskKind, Antecedent.None),
        [("System.Threading.Tasks.Task", "ContinueWith")] = (ContinuationKind, Antecedent.Instance),
        [("System.Threading.Tasks.Task`1", "ContinueWith")] = (ContinuationKind, Antecedent.Instance),
        [("System.Threading.Tasks.Task", ".ctor")] = (DeferredTaskKind, Antecedent.None),
        [("System.Threading.Tasks.Task`1", ".ctor")] = (DeferredTaskKind, Antecedent.None),
        [("System.Threading.Tasks.TaskFactory", "StartNew")] = (TaskKind, Antecedent.None),
        [("System.Threading.Tasks.TaskFactory`1", "StartNew")] = (TaskKind, Antecedent.None),
        [("System.Threading.Tasks.TaskFactory", "ContinueWhenAll")] = (ContinuationKind, Antecedent.FirstArgument),
        [("System.Threading.Tasks.TaskFactory", "ContinueWhenAny")] = (AnyContinuationKind, Antecedent.None),
        [("System.Threading.Tasks.TaskFactory`1", "ContinueWhenAll")] = (ContinuationKind, Antecedent.FirstArgument),
        [("System.Threading.Tasks.TaskFactory`1", "ContinueWhenAny")] = (AnyContinuationKind, Antecedent.None),
        [("System.Threading.ThreadPool", "QueueUserWorkItem")] = (WorkItemKind, Antecedent.None),
        [("System.Threading.ThreadPool", "UnsafeQueueUserWorkItem")] = (WorkItemKind, Antecedent.None),
        [("System.Threading.ThreadPool", "RegisterWaitForSingleObject")] = (WorkItemKind, Antecedent.None),
        [("System.Threading.ThreadPool", "UnsafeRegisterWaitForSingleObject")] = (WorkItemKind, Antecedent.None),
        [("System.Threading.SynchronizationContext", "Post")] = (WorkItemKind, Antecedent.None),
        [("System.Threading.Tasks.Parallel", "For")] = (ParallelKind, Antecedent.None),
        [("System.Threading.Tasks.Parallel", "ForEach")] = (ParallelKind, Antecedent.None),
        [("System.Threading.Tasks.Parallel", "Invoke")] = (ParallelKind, Antecedent.None),
        [("System.Threading.Tasks.Parallel", "ForEachAsync")] = (ParallelKind, Antecedent.None),
        [("System.Threading.Tasks.Parallel", "ForAsync")] = (ParallelKind, Antecedent.None),
        [("System.Threading.Timer", ".ctor")] = (TimerKind, Antecedent.None),
        [("System.Progress`1", ".ctor")] = (ProgressKind, Antecedent.None),
        [("System.Threading.Tasks.Dataflow.ActionBlock`1", ".ctor")] = (DataflowKind, Antecedent.LastArgument),
        [("System.Threading.Tasks.Dataflow.TransformBlock`2", ".ctor")] = (DataflowKind, Antecedent.LastArgument),
        [("System.Threading.Tasks.Dataflow.TransformManyBlock`2", ".ctor")] = (DataflowKind, Antecedent.LastArgument),
    };

    public void Run(MethodContext context)
    {
        foreach (var call in context.Instructions)
        {
            if (context.Claimed.Contains(call) || call.OpCode.Code is not (Code.Call or Code.Callvirt or Code.Newobj)
                || call.Operand is not MethodReference callee || EntryFor(callee) is not { } entry)
                continue;
            var parameters = GenericContext.Operands(callee, call.OpCode.Code == Code.Newobj);
            var wrappers = parameters.Select(p => DelegateWrapper(context, p)).ToList();
            if (wrappers.All(w => w is null) && entry.Kind != QueryKind)
                continue;
            Rewrite(context, call, callee, entry.Kind, entry.Antecedent, parameters, wrappers);
            context.Claimed.Add(call);
        }
    }

    /// <summary>Every PLINQ operator is a fork: even one without delegates (<c>ToArray</c>) runs the query.</summary>
    static (int Kind, Antecedent Antecedent)? EntryFor(MethodReference callee)
    {
        string type = callee.DeclaringType.GetElementType().FullName;
        if (Table.TryGetValue((type, callee.Name), out var entry))
            return entry;
        return type == "System.Linq.ParallelEnumerable" ? (QueryKind, Antecedent.FirstArgument) : null;
    }

    static void Rewrite(MethodContext context, Instruction call, MethodReference callee, int kind, Antecedent antecedent,
        List<TypeReference> parameters, List<MethodReference?> wrappers)
    {
        var hooks = context.Module.Hooks;
        var scope = context.Temps.Shared(hooks.ForkScope, "fork-scope");
        var arguments = parameters.Select((type, i) => context.Temps.Shared(type, "fork-argument-" + i)).ToList();
        var before = new List<Instruction>();
        for (int i = arguments.Count - 1; i >= 0; i--)
            before.Add(Instruction.Create(OpCodes.Stloc, arguments[i]));

        bool hasThis = callee.HasThis && call.OpCode.Code != Code.Newobj;
        int antecedentIndex = antecedent switch
        {
            Antecedent.Instance => 0,
            Antecedent.FirstArgument => hasThis ? 1 : 0,
            Antecedent.LastArgument => arguments.Count - 1, // a Dataflow block's options
            _ => -1,
        };
        if (antecedentIndex >= parameters.Count || antecedentIndex >= 0 && (parameters[antecedentIndex].IsValueType || parameters[antecedentIndex].IsGenericParameter))
            antecedentIndex = -1; // ParallelEnumerable.Empty, Range and Repeat have no source query
        before.Add(Instruction.Create(OpCodes.Ldc_I4, kind));
        before.AddRange(context.Site(call, "fork", SiteTarget.Sync(callee.DeclaringType, DisplayNames.Method(callee))));
        before.Add(antecedentIndex >= 0 ? Instruction.Create(OpCodes.Ldloc, arguments[antecedentIndex]) : Instruction.Create(OpCodes.Ldnull));
        before.Add(Instruction.Create(OpCodes.Call, hooks.BeginFork));
        before.Add(Instruction.Create(OpCodes.Stloc, scope));
        for (int i = 0; i < arguments.Count; i++)
        {
            before.Add(Instruction.Create(OpCodes.Ldloc, arguments[i]));
            if (wrappers[i] is { } wrapper)
            {
                before.Add(Instruction.Create(OpCodes.Ldloc, scope));
                before.Add(Instruction.Create(OpCodes.Call, wrapper));
            }
        }
        context.Patch.InsertBefore(call, before);

        var after = new List<Instruction>();
        var result = call.OpCode.Code == Code.Newobj ? callee.DeclaringType : callee.ReturnType;
        if (!result.IsVoid() && !result.IsValueType && !result.IsGenericParameter)
        {
            after.Add(Instruction.Create(OpCodes.Dup));
            after.Add(Instruction.Create(OpCodes.Ldloc, scope));
            after.Add(Instruction.Create(OpCodes.Call, hooks.ForkResult));
        }
        after.Add(Instruction.Create(OpCodes.Ldloc, scope));
        after.Add(Instruction.Create(OpCodes.Call, hooks.ForkReturned));
        context.Patch.InsertAfter(call, after);
    }

    static MethodReference? DelegateWrapper(MethodContext context, TypeReference type)
    {
        var wrapper = RuntimeContract.WrapperFor(context.Module.Runtime.ForkWrappers, type);
        return wrapper is null ? null : context.Module.Hooks.ForkWrapper(wrapper, type);
    }
}
