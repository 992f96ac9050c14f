using Mono.Cecil;
using RaceDetector.Instrumenter.Binding;

namespace RaceDetector.Instrumenter.Il;

/// <summary>
/// Framework calls that cannot run instrumented code before they return, so the shadow call stack need
/// not record them: synchronization primitives that only block, count or swap (they never invoke a
/// delegate or a virtual method of their arguments), <c>Math</c>, and <c>String</c>, <c>Console</c> and
/// <c>StringBuilder</c> methods whose arguments are all primitives or strings (an <c>object</c> argument
/// could run a user <c>ToString</c>). Everything else may call back, and is recorded.
/// </summary>
internal static class LeafCalls
{
    static readonly HashSet<string> AlwaysLeaf =
    [
        "System.Math", "System.MathF",
        "System.Threading.Monitor", "System.Threading.Lock", "System.Threading.Lock/Scope",
        "System.Threading.Interlocked", "System.Threading.Volatile", "System.Threading.SpinLock",
        "System.Threading.SemaphoreSlim", "System.Threading.Semaphore", "System.Threading.Mutex",
        "System.Threading.WaitHandle", "System.Threading.EventWaitHandle", "System.Threading.ManualResetEvent",
        "System.Threading.AutoResetEvent", "System.Threading.ManualResetEventSlim", "System.Threading.CountdownEvent",
        "System.Threading.ReaderWriterLockSlim",
    ];

    static readonly HashSet<string> LeafWithPlainArguments = ["System.String", "System.Console", "System.Text.StringBuilder"];

    public static bool IsLeaf(object operand)
    {
        if (operand is not MethodReference callee || !FrameworkTypes.Contains(callee.DeclaringType))
            return false;
        string type = callee.DeclaringType.GetElementType().FullName;
        if (AlwaysLeaf.Contains(type))
            return true;
        return LeafWithPlainArguments.Contains(type)
            && callee is not GenericInstanceMethod
            && callee.Parameters.All(p => IsPlain(p.ParameterType));
    }

    static bool IsPlain(TypeReference type) => type.StripModifiers() switch
    {
        ByReferenceType reference => IsPlain(reference.ElementType),
        ArrayType array => IsPlain(array.ElementType),
        var plain => plain.IsPrimitive || plain.MetadataType == MetadataType.String,
    };
}
