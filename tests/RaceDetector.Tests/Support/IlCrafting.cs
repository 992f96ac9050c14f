using Mono.Cecil;
using Mono.Cecil.Cil;

namespace RaceDetector.Tests.Support;

/// <summary>
/// Adds IL prefixes that C# never emits to a built assembly, so that the instrumenter meets them as it would
/// in F# or hand-written IL. A method marked <c>[CraftedIl("tail")]</c> gets <c>tail.</c> on every call whose
/// result it returns (a Debug build's <c>stloc; br; ldloc; ret</c> becomes <c>ret</c>); one marked
/// <c>[CraftedIl("unaligned")]</c> gets <c>unaligned. 1</c> on every load and store of a field or through an address. The symbols are
/// rewritten with the assembly, so lines stay right.
/// </summary>
public static class IlCrafting
{
    const string AttributeName = "CraftedIlAttribute";

    /// <summary>Rewrites <paramref name="assemblyPath"/> (and its PDB) in place; returns how many prefixes of each kind it added.</summary>
    public static IReadOnlyDictionary<string, int> Apply(string assemblyPath)
    {
        var added = new Dictionary<string, int>();
        string staging = assemblyPath + ".crafted";
        using (var module = ModuleDefinition.ReadModule(assemblyPath, new ReaderParameters { ReadSymbols = true, InMemory = true }))
        {
            foreach (var method in module.GetTypes().SelectMany(t => t.Methods))
            {
                var marker = method.CustomAttributes.FirstOrDefault(a => a.AttributeType.Name == AttributeName);
                if (marker is null)
                    continue;
                string prefix = (string)marker.ConstructorArguments[0].Value;
                int count = prefix switch
                {
                    "tail" => AddTailCalls(method.Body),
                    "unaligned" => AddUnaligned(method.Body),
                    _ => throw new InvalidOperationException($"{method.FullName}: unknown crafted prefix '{prefix}'"),
                };
                if (count == 0)
                    throw new InvalidOperationException($"{method.FullName}: no instruction to give '{prefix}.'");
                added[prefix] = added.GetValueOrDefault(prefix) + count;
            }
            module.Write(staging, new WriterParameters { WriteSymbols = true });
        }
        File.Move(staging, assemblyPath, overwrite: true);
        File.Move(Path.ChangeExtension(staging, ".pdb"), Path.ChangeExtension(assemblyPath, ".pdb"), overwrite: true);
        return added;
    }

    static int AddTailCalls(MethodBody body)
    {
        int added = 0;
        foreach (var call in body.Instructions.Where(i => i.OpCode.Code is Code.Call or Code.Callvirt).ToList())
        {
            if (!ReturnsResult(call))
                continue;
            InsertPrefix(body, call, Instruction.Create(OpCodes.Tail));
            added++;
        }
        return added;
    }

    /// <summary>
    /// Whether the method returns what <paramref name="call"/> returns, right after it. A Debug build stores the
    /// result in a local and branches to a shared <c>ldloc; ret</c>: that store becomes a <c>ret</c> of its own.
    /// </summary>
    static bool ReturnsResult(Instruction call)
    {
        var next = SkipNops(call.Next);
        if (next?.OpCode.Code == Code.Ret)
            return true;
        if (next is not { OpCode.Code: Code.Stloc or Code.Stloc_S or Code.Stloc_0 or Code.Stloc_1 or Code.Stloc_2 or Code.Stloc_3 } store)
            return false;
        var load = SkipNops(store.Next);
        if (load is { OpCode.Code: Code.Br or Code.Br_S })
            load = SkipNops((Instruction)load.Operand);
        if (load is null || LocalIndex(load, "ldloc") != LocalIndex(store, "stloc") || SkipNops(load.Next)?.OpCode.Code != Code.Ret)
            return false;
        store.OpCode = OpCodes.Ret;
        store.Operand = null;
        return true;
    }

    static int AddUnaligned(MethodBody body)
    {
        var accesses = body.Instructions.Where(IsUnalignable).ToList();
        foreach (var access in accesses)
            InsertPrefix(body, access, Instruction.Create(OpCodes.Unaligned, (byte)1));
        return accesses.Count;
    }

    /// <summary>Field loads and stores, and loads and stores through an address (what <c>Unsafe.ReadUnaligned</c> compiles to).</summary>
    static bool IsUnalignable(Instruction instruction) =>
        instruction.OpCode.Code is Code.Ldfld or Code.Stfld or Code.Ldobj or Code.Stobj
        || instruction.OpCode.Name.StartsWith("ldind.", StringComparison.Ordinal)
        || instruction.OpCode.Name.StartsWith("stind.", StringComparison.Ordinal);

    /// <summary>Puts <paramref name="prefix"/> before <paramref name="instruction"/>; whatever pointed at the instruction now points at the prefix.</summary>
    static void InsertPrefix(MethodBody body, Instruction instruction, Instruction prefix)
    {
        if (body.Instructions.Any(i => i.Operand == instruction || (i.Operand is Instruction[] targets && targets.Contains(instruction)))
            || body.ExceptionHandlers.Any(h => h.TryStart == instruction || h.HandlerStart == instruction || h.FilterStart == instruction))
            throw new InvalidOperationException($"{body.Method.FullName}: a branch or handler starts at {instruction}; craft simpler IL");
        int offset = 0;
        foreach (var each in body.Instructions)
        {
            each.Offset = offset; // sequence points find their instruction by offset
            offset += each.GetSize();
        }
        var debug = body.Method.DebugInformation;
        var point = debug.SequencePoints.FirstOrDefault(p => p.Offset == instruction.Offset);
        body.GetILProcessor().InsertBefore(instruction, prefix);
        if (point is null)
            return;
        debug.SequencePoints.Remove(point);
        debug.SequencePoints.Add(new SequencePoint(prefix, point.Document)
        {
            StartLine = point.StartLine,
            StartColumn = point.StartColumn,
            EndLine = point.EndLine,
            EndColumn = point.EndColumn,
        });
    }

    static Instruction? SkipNops(Instruction? instruction)
    {
        while (instruction is { OpCode.Code: Code.Nop })
            instruction = instruction.Next;
        return instruction;
    }

    /// <summary>The local a <c>ldloc</c>/<c>stloc</c> form names, or -1 for another instruction.</summary>
    static int LocalIndex(Instruction instruction, string kind)
    {
        string name = instruction.OpCode.Name;
        if (!name.StartsWith(kind, StringComparison.Ordinal) || name.StartsWith(kind + "a", StringComparison.Ordinal))
            return -1;
        return instruction.Operand is VariableDefinition local ? local.Index : int.Parse(name[(kind.Length + 1)..]);
    }
}
