using System.Runtime.CompilerServices;
using RaceDetector.Runtime;
using Xunit;

namespace RaceDetector.Tests.Unit;

/// <summary>
/// The shadow call stack on its own: methods here play instrumented code (enter, push around calls, pop),
/// each test on a fresh thread so no earlier test's calls are on its stack.
/// </summary>
public class CallStackTests
{
    [Fact]
    public void A_snapshot_lists_the_calls_innermost_first_and_follows_returns() => OnFreshThread(() =>
    {
        var stack = Hooks.CallsEnter(out int depth, out nint frame);
        Assert.Equal(0, depth);
        Assert.Null(Path());
        stack.Push(depth, frame, 10);
        Assert.Equal([20, 10], Nested(20, () => Path()!.Sites().ToList()));
        Assert.Equal([10], Path()!.Sites());
        stack.Pop(depth);
        Assert.Null(Path());
    });

    [Fact]
    public void Snapshots_reuse_the_path_while_the_calls_are_the_same() => OnFreshThread(() =>
    {
        var stack = Hooks.CallsEnter(out int depth, out nint frame);
        stack.Push(depth, frame, 1);
        var first = Nested(2, Path)!;
        var again = Nested(2, Path)!;
        var other = Nested(3, Path)!;
        Assert.Same(first, again);
        Assert.NotSame(first, other);
        Assert.Same(first.Caller, other.Caller);
        Assert.Equal([3, 1], other.Sites());
        stack.Pop(depth);
    });

    [Fact]
    public void Calls_an_exception_unwound_are_dropped_when_code_at_that_depth_enters_again() => OnFreshThread(() =>
    {
        // An exception escapes three instrumented calls without their pops, into code that is not instrumented.
        Assert.Throws<InvalidOperationException>(() => Throwing(3));
        Assert.Equal([1, 2, 3], Path()!.Sites());
        // The next instrumented method entered from here finds the frames of those calls gone.
        Assert.Equal(0, EnteredDepth());
        Assert.Null(Path());
    });

    [Fact]
    public void Entries_deeper_than_the_pushed_calls_keep_them() => OnFreshThread(() =>
    {
        var stack = Hooks.CallsEnter(out int depth, out nint frame);
        stack.Push(depth, frame, 7);
        Assert.Equal(1, EnteredDepth());
        stack.Pop(depth);
    });

    [Fact]
    public void Deep_recursion_grows_the_stack_and_keeps_every_call() => OnFreshThread(() =>
    {
        var path = Recurse(100);
        Assert.Equal(100, path.Sites().Count());
        Assert.Equal(Enumerable.Range(1, 100), path.Sites());
    });

    /// <summary>Enters, pushes <paramref name="site"/>, runs <paramref name="inner"/> inside the call, pops.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static T Nested<T>(int site, Func<T> inner)
    {
        var stack = Hooks.CallsEnter(out int depth, out nint frame);
        stack.Push(depth, frame, site);
        var result = inner();
        stack.Pop(depth);
        return result;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Throwing(int levels)
    {
        var stack = Hooks.CallsEnter(out int depth, out nint frame);
        stack.Push(depth, frame, levels);
        if (levels > 1)
            Throwing(levels - 1);
        else
            throw new InvalidOperationException("unwinds without popping");
        stack.Pop(depth);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int EnteredDepth()
    {
        Hooks.CallsEnter(out int depth, out _);
        return depth;
    }

    /// <summary>The path at the bottom of <paramref name="levels"/> nested calls, pushed as sites 1 (innermost) to <paramref name="levels"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static Runtime.Calls.CallPath Recurse(int levels)
    {
        if (levels == 0)
            return Path()!;
        var stack = Hooks.CallsEnter(out int depth, out nint frame);
        stack.Push(depth, frame, levels);
        var path = Recurse(levels - 1);
        stack.Pop(depth);
        return path;
    }

    /// <summary>The calling thread's current path, as an access would record it.</summary>
    static Runtime.Calls.CallPath? Path() => CallStack.ForCurrentThread().Snapshot();

    static void OnFreshThread(Action test) => TestThreads.Run(test);
}
