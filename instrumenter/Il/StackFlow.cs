using Mono.Cecil;
using Mono.Cecil.Cil;

namespace RaceDetector.Instrumenter.Il;

/// <summary>
/// Which instruction produced each value an instruction pops, and who consumes each pushed value,
/// found by abstract interpretation of the evaluation stack over all paths. Passes use it to find
/// the object under a field access, the address an Interlocked call works on, or what a <c>ldflda</c> feeds.
/// Unreachable instructions have no entry.
/// </summary>
internal sealed class StackFlow
{
    static readonly Instruction[] Unknown = [];

    readonly Dictionary<Instruction, Instruction[][]> _operands = new();
    readonly Dictionary<Instruction, List<(Instruction Consumer, int Operand)>> _consumers = new();

    public StackFlow(MethodBody body)
    {
        var before = Simulate(body);
        foreach (var (instruction, stack) in before)
        {
            int pops = PopCount(instruction, body, stack.Length);
            var operands = new Instruction[pops][];
            for (int i = 0; i < pops; i++)
            {
                operands[i] = stack[stack.Length - pops + i];
                foreach (var producer in operands[i])
                {
                    if (!_consumers.TryGetValue(producer, out var list))
                        _consumers[producer] = list = new();
                    list.Add((instruction, i));
                }
            }
            _operands[instruction] = operands;
        }
    }

    public bool IsReachable(Instruction instruction) => _operands.ContainsKey(instruction);

    /// <summary>The instructions that may have produced operand <paramref name="operand"/> (0 = deepest popped).</summary>
    public IReadOnlyList<Instruction> Producers(Instruction instruction, int operand) =>
        _operands.TryGetValue(instruction, out var operands) && operand < operands.Length ? operands[operand] : Unknown;

    /// <summary>The one producer of an operand, or null when there are several or none.</summary>
    public Instruction? SingleProducer(Instruction instruction, int operand) =>
        Producers(instruction, operand) is [var only] ? only : null;

    /// <summary>Every (instruction, operand index) that pops a value pushed by <paramref name="producer"/>.</summary>
    public IReadOnlyList<(Instruction Consumer, int Operand)> Consumers(Instruction producer) =>
        _consumers.TryGetValue(producer, out var list) ? list : [];

    static Dictionary<Instruction, Instruction[][]> Simulate(MethodBody body)
    {
        var states = new Dictionary<Instruction, Instruction[][]>();
        var work = new Stack<Instruction>();

        void Merge(Instruction target, Instruction[][] stack)
        {
            if (!states.TryGetValue(target, out var existing))
            {
                states[target] = stack;
                work.Push(target);
                return;
            }
            if (existing.Length != stack.Length)
                return; // Inconsistent depths mean invalid IL; keep the first view.
            Instruction[][]? merged = null;
            for (int i = 0; i < stack.Length; i++)
            {
                var union = Union(existing[i], stack[i]);
                if (union.Length == existing[i].Length)
                    continue;
                merged ??= (Instruction[][])existing.Clone();
                merged[i] = union;
            }
            if (merged is not null)
            {
                states[target] = merged;
                work.Push(target);
            }
        }

        if (body.Instructions.Count == 0)
            return states;
        Merge(body.Instructions[0], []);
        foreach (var handler in body.ExceptionHandlers)
        {
            Merge(handler.TryStart, []);
            if (handler.FilterStart is { } filter)
                Merge(filter, [Unknown]);
            bool receivesException = handler.HandlerType is ExceptionHandlerType.Catch or ExceptionHandlerType.Filter;
            Merge(handler.HandlerStart, receivesException ? [Unknown] : []);
        }

        while (work.Count > 0)
        {
            var instruction = work.Pop();
            var stack = states[instruction];
            int pops = Math.Min(PopCount(instruction, body, stack.Length), stack.Length);
            int pushes = PushCount(instruction);
            var after = new Instruction[stack.Length - pops + pushes][];
            Array.Copy(stack, after, stack.Length - pops);
            for (int i = stack.Length - pops; i < after.Length; i++)
                after[i] = [instruction];

            var code = instruction.OpCode.Code;
            if (code is Code.Leave or Code.Leave_S)
            {
                Merge((Instruction)instruction.Operand, []);
                continue;
            }
            foreach (var successor in Successors(instruction))
                Merge(successor, after);
        }
        return states;
    }

    static IEnumerable<Instruction> Successors(Instruction instruction)
    {
        switch (instruction.OpCode.FlowControl)
        {
            case FlowControl.Branch:
                yield return (Instruction)instruction.Operand;
                yield break;
            case FlowControl.Cond_Branch:
                if (instruction.Operand is Instruction[] targets)
                    foreach (var target in targets)
                        yield return target;
                else
                    yield return (Instruction)instruction.Operand;
                break;
            case FlowControl.Return:
            case FlowControl.Throw:
                yield break;
        }
        if (instruction.OpCode.Code == Code.Jmp)
            yield break;
        if (instruction.Next is { } next)
            yield return next;
    }

    static Instruction[] Union(Instruction[] a, Instruction[] b)
    {
        if (b.All(a.Contains))
            return a;
        return a.Concat(b).Distinct().ToArray();
    }

    public static int PopCount(Instruction instruction, MethodBody body, int depth)
    {
        var opcode = instruction.OpCode;
        switch (opcode.StackBehaviourPop)
        {
            case StackBehaviour.Pop0:
                return 0;
            case StackBehaviour.Pop1:
            case StackBehaviour.Popi:
            case StackBehaviour.Popref:
                return 1;
            case StackBehaviour.Pop1_pop1:
            case StackBehaviour.Popi_pop1:
            case StackBehaviour.Popi_popi:
            case StackBehaviour.Popi_popi8:
            case StackBehaviour.Popi_popr4:
            case StackBehaviour.Popi_popr8:
            case StackBehaviour.Popref_pop1:
            case StackBehaviour.Popref_popi:
                return 2;
            case StackBehaviour.Popi_popi_popi:
            case StackBehaviour.Popref_popi_popi:
            case StackBehaviour.Popref_popi_popi8:
            case StackBehaviour.Popref_popi_popr4:
            case StackBehaviour.Popref_popi_popr8:
            case StackBehaviour.Popref_popi_popref:
                return 3;
            case StackBehaviour.PopAll:
                return depth;
            case StackBehaviour.Varpop:
                return VariablePops(instruction, body);
            default:
                return 0;
        }
    }

    static int VariablePops(Instruction instruction, MethodBody body)
    {
        switch (instruction.OpCode.Code)
        {
            case Code.Ret:
                return body.Method.ReturnType.IsVoid() ? 0 : 1;
            case Code.Newobj:
                return ((MethodReference)instruction.Operand).Parameters.Count;
            case Code.Calli:
                var site = (CallSite)instruction.Operand;
                return site.Parameters.Count + (site.HasThis && !site.ExplicitThis ? 1 : 0) + 1;
            default:
                var method = (MethodReference)instruction.Operand;
                return method.Parameters.Count + (method.HasThis && !method.ExplicitThis ? 1 : 0);
        }
    }

    public static int PushCount(Instruction instruction)
    {
        switch (instruction.OpCode.StackBehaviourPush)
        {
            case StackBehaviour.Push0:
                return 0;
            case StackBehaviour.Push1_push1:
                return 2;
            case StackBehaviour.Varpush:
                return instruction.OpCode.Code switch
                {
                    Code.Newobj => 1,
                    Code.Calli => ((CallSite)instruction.Operand).ReturnType.IsVoid() ? 0 : 1,
                    _ => ((MethodReference)instruction.Operand).ReturnType.IsVoid() ? 0 : 1,
                };
            default:
                return 1;
        }
    }
}
