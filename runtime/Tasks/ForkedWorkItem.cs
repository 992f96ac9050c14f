using System.Diagnostics;

namespace RaceDetector.Runtime.Tasks;

/// <summary>An <see cref="IThreadPoolWorkItem"/> whose <see cref="Execute"/> runs as a logical thread of its fork scope.</summary>
[StackTraceHidden]
internal sealed class ForkedWorkItem(IThreadPoolWorkItem inner, ForkScope scope) : IThreadPoolWorkItem
{
    public void Execute()
    {
        var run = scope.Begin();
        try { inner.Execute(); }
        finally { scope.End(run); }
    }
}
