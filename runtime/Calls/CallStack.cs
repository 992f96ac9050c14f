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

    /// <summary>One pushed call: its site, the stack address of the method that made it (outer frames sit at higher addresses), and the cached path up to it.</summary>
    struct Entry
    {
        public int Site;
        public nint Frame;
        public CallPath? Path;
    }

    Entry[] _entries = new Entry[16];
    int _depth;
    // Entries below _valid hold the path of the sites up to and including theirs, so a snapshot only builds what changed.
    int _valid;

    CallStack()
    {
    }

    /// <summary>
    /// On entry to an instrumented method that makes calls, whose frame sits at stack address
    /// <paramref name="frame"/>: the thread's stack, and the depth the method pushes its calls at. Calls left
    /// behind by an exception that escaped into code that is not instrumented (a thread-pool loop, a test
    /// runner) are recognized by their frames, which are gone (an outer frame sits at a higher address), and dropped.
    /// </summary>
    internal static CallStack Enter(nint frame, out int depth)
    {
        var stack = ForCurrentThread();
        int d = stack._depth;
        var entries = stack._entries;
        while (d > 0 && entries[d - 1].Frame <= frame)
            d--;
        if (d >= entries.Length)
            Array.Resize(ref stack._entries, Math.Max(d + 1, entries.Length * 2));
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
        var entries = _entries;
        if ((uint)depth >= (uint)entries.Length)
            return;
        ref var entry = ref entries[depth];
        if (depth < _valid && entry.Site != site)
            _valid = depth;
        entry.Site = site;
        entry.Frame = frame;
        _depth = depth + 1;
    }

    /// <summary>After the call returned, and at the start of the method's exception handlers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Pop(int depth) => _depth = depth;

    /// <summary>
    /// At the start of an exception filter of the method at <paramref name="depth"/>: pops to it, and returns a copy
    /// of the calls the exception is leaving (null when there are none), which the filter's own calls overwrite.
    /// </summary>
    internal object? StartFilter(int depth)
    {
        int live = _depth;
        Pop(depth);
        if ((uint)depth >= (uint)live)
            return null;
        return _entries.AsSpan(depth, live - depth).ToArray();
    }

    /// <summary>At the end of the filter: puts back <paramref name="saved"/>, for the finally blocks of the frames the exception leaves.</summary>
    internal void EndFilter(int depth, object? saved)
    {
        if (saved is not Entry[] calls || depth < 0 || depth + calls.Length > _entries.Length)
            return;
        calls.CopyTo(_entries, depth);
        if (_valid > depth)
            _valid = depth;
    }

    /// <summary>The calling thread's stack.</summary>
    internal static CallStack ForCurrentThread() => t_current ??= new CallStack();

    /// <summary>The current calls as a path: the cached one while the calls are those of the last snapshot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal CallPath? Snapshot()
    {
        int depth = _depth;
        if (depth > _valid)
            return Build(depth);
        return depth == 0 ? null : _entries[depth - 1].Path;
    }

    CallPath Build(int depth)
    {
        var entries = _entries;
        for (int i = _valid; i < depth; i++)
            entries[i].Path = new CallPath(entries[i].Site, i == 0 ? null : entries[i - 1].Path);
        _valid = depth;
        return entries[depth - 1].Path!;
    }
}
