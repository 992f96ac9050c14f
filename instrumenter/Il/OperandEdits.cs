using Mono.Cecil;
using Mono.Cecil.Cil;

namespace RaceDetector.Instrumenter.Il;

/// <summary>
/// Code, to run just before a call, that changes some of the operands the call will pop. The operands above the
/// first one to change are parked in shared temporaries; then, from that one on, each operand is in turn on top of
/// the stack, followed by its edit (which must leave one value of the operand's type there).
/// </summary>
internal static class OperandEdits
{
    /// <param name="temps">The method's temporaries; the parked ones are shared under <paramref name="role"/>.</param>
    /// <param name="operands">What the call pops, bottom first (see <see cref="GenericContext.Operands"/>).</param>
    /// <param name="first">The lowest operand that <paramref name="edit"/> changes.</param>
    /// <param name="role">Names the temporaries, apart from other hook sequences'.</param>
    /// <param name="edit">The code after operand <c>i</c> is back on top: empty leaves it as it is.</param>
    public static List<Instruction> Before(TempLocals temps, IReadOnlyList<TypeReference> operands, int first, string role,
        Func<int, IEnumerable<Instruction>> edit)
    {
        var parked = new List<VariableDefinition>();
        for (int i = first + 1; i < operands.Count; i++)
            parked.Add(temps.Shared(operands[i], role + "-" + parked.Count));
        var code = new List<Instruction>();
        for (int i = parked.Count - 1; i >= 0; i--)
            code.Add(Instruction.Create(OpCodes.Stloc, parked[i]));
        code.AddRange(edit(first));
        for (int i = 0; i < parked.Count; i++)
        {
            code.Add(Instruction.Create(OpCodes.Ldloc, parked[i]));
            code.AddRange(edit(first + 1 + i));
        }
        return code;
    }
}
