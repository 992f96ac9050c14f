using Mono.Cecil;
using Mono.Cecil.Cil;

namespace RaceDetector.Instrumenter.Sites;

/// <summary>Maps an instruction of one method to the source line of the statement it belongs to.</summary>
internal sealed class SourceLines
{
    const int HiddenLine = 0xFEEFEE;
    readonly (int Offset, SequencePoint Point)[] _points;

    public SourceLines(MethodDefinition method)
    {
        _points = method.DebugInformation.HasSequencePoints
            ? method.DebugInformation.SequencePoints
                .Where(p => p.StartLine != HiddenLine)
                .Select(p => (p.Offset, p))
                .OrderBy(p => p.Offset)
                .ToArray()
            : [];
    }

    /// <summary>The nearest visible sequence point at or before <paramref name="originalOffset"/>.</summary>
    public (string? File, int Line, int Column) At(int originalOffset)
    {
        SequencePoint? best = null;
        foreach (var (offset, point) in _points)
        {
            if (offset > originalOffset)
                break;
            best = point;
        }
        best ??= _points.Length > 0 ? _points[0].Point : null;
        return best is null ? (null, 0, 0) : (best.Document.Url, best.StartLine, best.StartColumn);
    }
}
