using Mono.Cecil;
using RaceDetector.Instrumenter.Il;

namespace RaceDetector.Instrumenter.Shadows;

/// <summary>
/// The cells of a class with an explicit or sequential layout: the byte ranges between its fields' boundaries.
/// An access of a field checks every cell its bytes cover, so fields that overlap (an explicit-layout union)
/// race with each other and disjoint fields do not. A sequential class has one cell per field. Sizes are a
/// 64-bit process's; a field whose size is unknown (a generic parameter, an unresolvable type) covers
/// everything from its offset on, which can only add races between overlapping-looking fields, never hide one.
/// </summary>
internal sealed class FixedLayoutCells
{
    const int PointerSize = 8;
    const int MaxDepth = 8;

    readonly Dictionary<FieldDefinition, int[]> _cells;

    FixedLayoutCells(Dictionary<FieldDefinition, int[]> cells, int count)
    {
        _cells = cells;
        Count = count;
    }

    /// <summary>How many cells an object of the class has.</summary>
    public int Count { get; }

    /// <summary>Whether the class keeps its layout: shadow fields would change what interop and <c>Marshal</c> see.</summary>
    public static bool Applies(TypeDefinition type) =>
        type.IsClass && !type.IsValueType && (type.IsExplicitLayout || type.IsSequentialLayout);

    /// <summary>The cells <paramref name="field"/> covers.</summary>
    public int[] Of(FieldDefinition field) => _cells[field];

    /// <summary>The cells of <paramref name="fields"/>, the tracked instance fields of <paramref name="type"/>.</summary>
    public static FixedLayoutCells For(TypeDefinition type, IReadOnlyList<FieldDefinition> fields)
    {
        if (!type.IsExplicitLayout)
            return new FixedLayoutCells(fields.Select((f, i) => (f, i)).ToDictionary(p => p.f, p => new[] { p.i }), fields.Count);

        var ranges = fields.ToDictionary(f => f, f => (Start: (long)f.Offset, End: Measure(f.FieldType, 0) is { } m ? f.Offset + (long)Math.Max(m.Size, 1) : long.MaxValue));
        var boundaries = ranges.Values.SelectMany(r => new[] { r.Start, r.End }).Distinct().Order().ToList();
        // Cell k is [boundaries[k], boundaries[k + 1]); only cells some field covers get an index.
        var covering = ranges.ToDictionary(r => r.Key, r => Enumerable.Range(0, boundaries.Count - 1)
            .Where(k => boundaries[k] >= r.Value.Start && boundaries[k + 1] <= r.Value.End).ToList());
        var used = covering.Values.SelectMany(c => c).Distinct().Order().Select((cell, index) => (cell, index)).ToDictionary(p => p.cell, p => p.index);
        return new FixedLayoutCells(covering.ToDictionary(c => c.Key, c => c.Value.Select(k => used[k]).ToArray()), used.Count);
    }

    /// <summary>The size and alignment of a field of type <paramref name="type"/>, or null when unknown.</summary>
    static (int Size, int Align)? Measure(TypeReference type, int depth)
    {
        type = type.StripModifiers();
        switch (type.MetadataType)
        {
            case MetadataType.Boolean or MetadataType.Byte or MetadataType.SByte:
                return (1, 1);
            case MetadataType.Char or MetadataType.Int16 or MetadataType.UInt16:
                return (2, 2);
            case MetadataType.Int32 or MetadataType.UInt32 or MetadataType.Single:
                return (4, 4);
            case MetadataType.Int64 or MetadataType.UInt64 or MetadataType.Double:
                return (8, 8);
            case MetadataType.IntPtr or MetadataType.UIntPtr or MetadataType.Pointer or MetadataType.FunctionPointer
                or MetadataType.ByReference or MetadataType.String or MetadataType.Object or MetadataType.Class or MetadataType.Array:
                return (PointerSize, PointerSize);
        }
        if (type.IsGenericParameter || !type.IsValueType || depth > MaxDepth || type.TryResolve() is not { } definition)
            return type.IsGenericParameter || type.IsValueType ? null : (PointerSize, PointerSize);
        var fields = definition.Fields.Where(f => !f.IsStatic).ToList();
        if (definition.IsEnum)
            return Measure(fields[0].FieldType, depth + 1);
        int size = 0, align = 1;
        foreach (var field in fields)
        {
            if (Measure(field.FieldType, depth + 1) is not { } inner)
                return null;
            int fieldAlign = definition.PackingSize > 0 ? Math.Min(inner.Align, definition.PackingSize) : inner.Align;
            align = Math.Max(align, fieldAlign);
            size = definition.IsExplicitLayout ? Math.Max(size, field.Offset + inner.Size) : AlignUp(size, fieldAlign) + inner.Size;
        }
        return (Math.Max(Math.Max(AlignUp(size, align), definition.ClassSize), 1), align);
    }

    static int AlignUp(int value, int align) => (value + align - 1) / align * align;
}
