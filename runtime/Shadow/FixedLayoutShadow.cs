using System.Runtime.CompilerServices;

namespace RaceDetector.Runtime;

/// <summary>
/// The shadows of the instance fields of one class with an explicit or sequential layout. Such a class gets no
/// shadow fields, which would change the layout that interop, pinning and <c>Marshal</c> see; instead each of its
/// objects gets an array of states, one per cell (a byte range between field boundaries, so overlapping
/// fields share cells), in a weak table keyed by the object. The instrumenter adds one static field of this
/// type to the class (statics are no part of the layout). Created on first access; opaque to instrumented code.
/// </summary>
public sealed class FixedLayoutShadow
{
    /// <summary>Handed out while detection is off: nothing reads or writes it then.</summary>
    static VarState? s_detached;

    readonly ConditionalWeakTable<object, VarState?[]> _objects = new();
    readonly ConditionalWeakTable<object, VarState?[]>.CreateValueCallback _create;

    FixedLayoutShadow(int cellCount) => _create = _ => new VarState?[cellCount];

    /// <summary>The state of cell <paramref name="cell"/> of <paramref name="target"/>.</summary>
    internal static ref VarState? Slot(object? target, ref FixedLayoutShadow? shadow, int cell, int cellCount)
    {
        // The access this slot is for would throw on a null object; throw the same exception first.
        if (target is null)
            throw new NullReferenceException();
        if (!DetectorRuntime.Enabled)
            return ref s_detached;
        try
        {
            var table = shadow ?? Ensure(ref shadow, cellCount);
            return ref table._objects.GetValue(target, table._create)[cell];
        }
        catch (Exception ex)
        {
            DetectorRuntime.Fault(ex);
            return ref s_detached;
        }
    }

    static FixedLayoutShadow Ensure(ref FixedLayoutShadow? shadow, int cellCount)
    {
        var created = new FixedLayoutShadow(cellCount);
        return Interlocked.CompareExchange(ref shadow, created, null) ?? created;
    }
}
