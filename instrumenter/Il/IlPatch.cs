using Mono.Cecil;
using Mono.Cecil.Cil;

namespace RaceDetector.Instrumenter.Il;

/// <summary>
/// Collects insertions into one method body and applies them in one pass. Code inserted before an
/// instruction becomes what branches, switch tables, exception-handler boundaries, sequence points
/// and scopes pointed at, so jumps still run it and reports keep the line; code is never put between
/// a prefix and its instruction, and a <c>tail.</c> call that code must now follow becomes a plain
/// call. Entry code runs once and is no branch target. This is the only place that edits
/// instruction lists, so no pass re-learns the retargeting rules.
/// </summary>
internal sealed class IlPatch
{
    readonly MethodBody _body;
    readonly Dictionary<int, Instruction> _originalByOffset;
    readonly Dictionary<Instruction, List<Instruction>> _before = new();
    readonly Dictionary<Instruction, List<Instruction>> _after = new();
    readonly List<Instruction> _entry = new();

    /// <summary>Create before any instruction offsets are recomputed: debug information is matched by original offset.</summary>
    public IlPatch(MethodBody body)
    {
        _body = body;
        _originalByOffset = new Dictionary<int, Instruction>();
        foreach (var instruction in body.Instructions)
            _originalByOffset.TryAdd(instruction.Offset, instruction);
    }

    public bool HasChanges => _before.Count > 0 || _after.Count > 0 || _entry.Count > 0;

    /// <summary>Runs <paramref name="code"/> before <paramref name="target"/> (and before its prefixes).</summary>
    public void InsertBefore(Instruction target, IEnumerable<Instruction> code)
    {
        var anchor = target;
        foreach (var prefix in target.Prefixes())
            anchor = prefix;
        Append(_before, anchor, code);
    }

    /// <summary>Runs <paramref name="code"/> right after <paramref name="target"/>, on its fall-through path.</summary>
    public void InsertAfter(Instruction target, IEnumerable<Instruction> code) => Append(_after, target, code);

    /// <summary>Runs <paramref name="code"/> once on method entry; branches to the first instruction skip it.</summary>
    public void InsertAtEntry(IEnumerable<Instruction> code) => _entry.AddRange(code);

    public void Apply()
    {
        if (!HasChanges)
            return;
        KeepTailCallsValid();
        var original = _body.Instructions.ToList();
        var heads = new Dictionary<Instruction, Instruction>();
        var rewritten = new List<Instruction>(original.Count * 2);
        rewritten.AddRange(_entry);
        foreach (var instruction in original)
        {
            if (_before.TryGetValue(instruction, out var before) && before.Count > 0)
            {
                heads[instruction] = before[0];
                rewritten.AddRange(before);
            }
            rewritten.Add(instruction);
            if (_after.TryGetValue(instruction, out var after))
                rewritten.AddRange(after);
        }

        Instruction Map(Instruction target) => heads.TryGetValue(target, out var head) ? head : target;

        foreach (var instruction in original)
        {
            if (instruction.Operand is Instruction target)
                instruction.Operand = Map(target);
            else if (instruction.Operand is Instruction[] targets)
                instruction.Operand = targets.Select(Map).ToArray();
        }
        foreach (var handler in _body.ExceptionHandlers)
        {
            handler.TryStart = Map(handler.TryStart);
            handler.HandlerStart = Map(handler.HandlerStart);
            if (handler.TryEnd is not null)
                handler.TryEnd = Map(handler.TryEnd);
            if (handler.HandlerEnd is not null)
                handler.HandlerEnd = Map(handler.HandlerEnd);
            if (handler.FilterStart is not null)
                handler.FilterStart = Map(handler.FilterStart);
        }
        RetargetDebugInformation(Map);

        var instructions = _body.Instructions;
        instructions.Clear();
        foreach (var instruction in rewritten)
            instructions.Add(instruction);
    }

    /// <summary>
    /// A <c>tail.</c> call must be followed by its <c>ret</c>. When code now runs between the two (a hook after the
    /// call, or before the return), the call becomes a plain call: the prefix turns into a <c>nop</c>, which keeps
    /// any branch to it valid. Tail calls with nothing in between stay tail calls.
    /// </summary>
    void KeepTailCallsValid()
    {
        foreach (var tail in _body.Instructions.Where(i => i.OpCode.Code == Code.Tail))
        {
            var call = tail.Next;
            while (call is not null && call.IsPrefix())
                call = call.Next;
            if (call is null || Inserts(_after, call) || (call.Next is { } ret && Inserts(_before, ret)))
                tail.OpCode = OpCodes.Nop;
        }
    }

    void RetargetDebugInformation(Func<Instruction, Instruction> map)
    {
        var method = _body.Method;
        var debug = method.DebugInformation;
        if (debug.HasSequencePoints)
        {
            var points = debug.SequencePoints.ToList();
            debug.SequencePoints.Clear();
            foreach (var point in points)
            {
                if (!_originalByOffset.TryGetValue(point.Offset, out var instruction))
                    continue;
                debug.SequencePoints.Add(new SequencePoint(map(instruction), point.Document)
                {
                    StartLine = point.StartLine,
                    StartColumn = point.StartColumn,
                    EndLine = point.EndLine,
                    EndColumn = point.EndColumn,
                });
            }
        }
        if (debug.Scope is { } scope)
            RetargetScope(scope, map);
        foreach (var custom in method.CustomDebugInformations)
        {
            switch (custom)
            {
                case AsyncMethodBodyDebugInformation async:
                    async.CatchHandler = Retarget(async.CatchHandler, map);
                    for (int i = 0; i < async.Yields.Count; i++)
                        async.Yields[i] = Retarget(async.Yields[i], map);
                    for (int i = 0; i < async.Resumes.Count; i++)
                        async.Resumes[i] = Retarget(async.Resumes[i], map);
                    break;
                case StateMachineScopeDebugInformation stateMachine:
                    foreach (var machineScope in stateMachine.Scopes)
                    {
                        machineScope.Start = Retarget(machineScope.Start, map);
                        machineScope.End = Retarget(machineScope.End, map);
                    }
                    break;
            }
        }
    }

    void RetargetScope(ScopeDebugInformation scope, Func<Instruction, Instruction> map)
    {
        scope.Start = Retarget(scope.Start, map);
        scope.End = Retarget(scope.End, map);
        if (scope.HasScopes)
            foreach (var inner in scope.Scopes)
                RetargetScope(inner, map);
    }

    InstructionOffset Retarget(InstructionOffset offset, Func<Instruction, Instruction> map)
    {
        if (offset.IsEndOfMethod)
            return offset;
        // A resolved offset reports its instruction's offset, which is still the original one here.
        return _originalByOffset.TryGetValue(offset.Offset, out var instruction) ? new InstructionOffset(map(instruction)) : offset;
    }

    static bool Inserts(Dictionary<Instruction, List<Instruction>> edits, Instruction at) =>
        edits.TryGetValue(at, out var code) && code.Count > 0;

    static void Append(Dictionary<Instruction, List<Instruction>> edits, Instruction anchor, IEnumerable<Instruction> code)
    {
        if (!edits.TryGetValue(anchor, out var list))
            edits[anchor] = list = new List<Instruction>();
        list.AddRange(code);
    }
}
