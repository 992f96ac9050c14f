using System.ComponentModel;
using System.Runtime.CompilerServices;
using RaceDetector.Runtime.Calls;

namespace RaceDetector.Runtime;

/// <summary>
/// A thread's shadow call stack: the sites of the instrumented calls it is inside of, outermost first.
/// Instrumented methods push the site of each call they make at their own depth and pop back to that
/// depth when the call returns or an exception handler of theirs starts; an access records the stack
/// as a <see cref="CallPath"/>, so a later report shows the earlier access's full stack, not just its
/// line. Only the owning thread touches it, and pushing allocates nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class CallStack
{
    [ThreadStatic] static CallStack? t_current;

    int[] _sites = new int[16];
    // The stack address of the method that pushes at each depth: outer frames sit at higher addresses.
    nint[] _frames = new nint[16];
    CallPath?[] _paths = new CallPath?[16];
    int _depth;
    // _paths[i] holds sites[0..i] for every i below _valid, so a snapshot only builds what changed.
    int _valid;

    CallStack()
    {
    }

    /// <summary>
    /// On entry to an instrumented method that makes calls: the thread's stack, the depth the method pushes
    /// its calls at, and its frame's stack address. Calls left behind by an exception that escaped into code
    /// that is not instrumented (a thread-pool loop, a test runner) are recognized by their frames, which
    /// are gone (an outer frame sits at a higher address), and dropped. Never inlined, so every method
    /// measures its frame the same way.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static unsafe CallStack Enter(out int depth, out nint frame)
    {
        var stack = t_current ??= new CallStack();
        int marker = 0;
        frame = (nint)(&marker);
        int d = stack._depth;
        var frames = stack._frames;
        while (d > 0 && frames[d - 1] <= frame)
            d--;
        if (d >= frames.Length)
            stack.Grow(d + 1);
        stack._depth = d;
        depth = d;
        return stack;
    }

    /// <summary>
    /// Before a call at <paramref name="site"/> by the method that entered at <paramref name="depth"/>
    /// from <paramref name="frame"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(int depth, nint frame, int site)
    {
        var sites = _sites;
        var frames = _frames;
        if ((uint)depth >= (uint)sites.Length || (uint)depth >= (uint)frames.Length)
            return;
        if (depth < _valid && sites[depth] != site)
            _valid = depth;
        sites[depth] = site;
        frames[depth] = frame;
        _depth = depth + 1;
    }

    /// <summary>After the call returned, and at the start of the method's exception handlers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Pop(int depth) => _depth = depth;

    /// <summary>The calling thread's current path, or null outside instrumented calls.</summary>
    internal static CallPath? CurrentPath() => t_current?.Snapshot();

    /// <summary>The current calls as a path, built from the cached prefix that still holds.</summary>
    internal CallPath? Snapshot()
    {
        int depth = _depth;
        if (depth == 0)
            return null;
        for (int i = _valid; i < depth; i++)
            _paths[i] = new CallPath(_sites[i], i == 0 ? null : _paths[i - 1]);
        if (_valid < depth)
            _valid = depth;
        return _paths[depth - 1];
    }

    void Grow(int minimum)
    {
        int length = Math.Max(minimum, _frames.Length * 2);
        Array.Resize(ref _sites, length);
        Array.Resize(ref _frames, length);
        Array.Resize(ref _paths, length);
    }
}
