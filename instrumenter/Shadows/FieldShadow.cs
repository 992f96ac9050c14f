using Mono.Cecil;
using Mono.Cecil.Cil;

namespace RaceDetector.Instrumenter.Shadows;

/// <summary>
/// Where instrumented code finds the state of a tracked field: the shadow field injected next to it, or, for an
/// instance field of a class with a fixed layout, the cells its bytes cover in a table keyed by the object.
/// Plain accesses check every variable; atomic operations and location keys use the first only, so an atomic
/// access and a plain one of two overlapping fields of an explicit-layout class may go unchecked.
/// </summary>
internal abstract class FieldShadow
{
    /// <summary>How many variables one access of the field touches.</summary>
    public abstract int Count { get; }

    /// <summary>
    /// IL that turns the object on the stack (nothing, for a static field) into the <c>ref VarState</c> of variable
    /// <paramref name="index"/> (0 to <see cref="Count"/> - 1).
    /// </summary>
    public abstract Instruction[] Slot(int index = 0);
}

/// <summary>A <c>VarState</c> field injected next to the field: one variable, one field load away.</summary>
internal sealed class InjectedShadow(FieldReference shadow, bool isStatic) : FieldShadow
{
    public override int Count => 1;

    public override Instruction[] Slot(int index = 0) => [Instruction.Create(isStatic ? OpCodes.Ldsflda : OpCodes.Ldflda, shadow)];
}

/// <summary>
/// An instance field of a class with an explicit or sequential layout, which must not gain fields: its cells
/// (see <see cref="FixedLayoutCells"/>) in the class's <c>FixedLayoutShadow</c> table, a static field of the class.
/// </summary>
internal sealed class CellShadow(FieldReference table, int[] cells, int cellCount, MethodReference slotHook) : FieldShadow
{
    public override int Count => cells.Length;

    public override Instruction[] Slot(int index = 0) =>
    [
        Instruction.Create(OpCodes.Ldsflda, table),
        Instruction.Create(OpCodes.Ldc_I4, cells[index]),
        Instruction.Create(OpCodes.Ldc_I4, cellCount),
        Instruction.Create(OpCodes.Call, slotHook),
    ];
}
