using System.ComponentModel;
using System.Runtime.CompilerServices;
using RaceDetector.Runtime.Detection;
using RaceDetector.Runtime.Sync;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime;

/// <summary>
/// The calls the instrumenter injects: the ABI between rewritten code and the detector. Keep it small
/// and stable. Access hooks inline a same-epoch check (no lock, no allocation) and leave everything
/// else to <see cref="AccessChecks"/>. A field read also needs no check after the thread's own write in the
/// same epoch: whatever races with the read races with that write. (Array reads record such a read instead:
/// a second compare there costs a load from another array, a recorded read one slow path per epoch.)
/// <c>site</c> is a global site id (module base + local index).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Hooks
{
    /// <summary>
    /// Reserves the site ids of an instrumented module; called once from its marker type. <paramref name="checksAccesses"/>
    /// is false for a module instrumented for synchronization only.
    /// </summary>
    public static int RegisterModule(RuntimeTypeHandle marker, int siteCount, bool checksAccesses) =>
        DetectorRuntime.RegisterModule(Type.GetTypeFromHandle(marker)!.Module, siteCount, checksAccesses);

    /// <summary>
    /// On entry to an instrumented method that makes calls (see <see cref="CallStack"/>): the thread's stack, the
    /// depth to push at and the caller's frame address. Never inlined, so the address of its own local measures
    /// every caller's frame the same way: just below it.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static unsafe CallStack CallsEnter(out int depth, out nint frame)
    {
        int marker = 0;
        frame = (nint)(&marker);
        return CallStack.Enter(frame, out depth);
    }

    /// <summary>Before a call at <paramref name="site"/>, by a method that entered with <see cref="CallsEnter"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Calling(CallStack stack, int depth, nint frame, int site) => stack.Push(depth, frame, site);

    /// <summary>After a call returned, and at the start of an exception handler: back to the method's own depth.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Returned(CallStack stack, int depth) => stack.Pop(depth);

    /// <summary>At the start of an exception filter: back to the method's depth; returns what <see cref="FilterEnded"/> puts back.</summary>
    public static object? FilterStarting(CallStack stack, int depth) => stack.StartFilter(depth);

    /// <summary>At the end of an exception filter: the frames the exception leaves, whose finally blocks run next, get their calls back.</summary>
    public static void FilterEnded(CallStack stack, int depth, object? saved) => stack.EndFilter(depth, saved);

    /// <summary>Before a read of an instance field of <paramref name="target"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Read(object target, ref VarState? slot, int site)
    {
        var thread = TrackedThread.Current;
        var state = slot;
        if (thread is not null && state is not null && (state.Read == thread.Epoch || state.Write == thread.Epoch))
            return;
        AccessChecks.Field(AccessKind.Read, target, ref slot, site, thread);
    }

    /// <summary>Before a write of an instance field of <paramref name="target"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(object target, ref VarState? slot, int site)
    {
        var thread = TrackedThread.Current;
        var state = slot;
        if (thread is not null && state is not null && state.Write == thread.Epoch)
            return;
        AccessChecks.Field(AccessKind.Write, target, ref slot, site, thread);
    }

    /// <summary>
    /// The shadow slot of cell <paramref name="cell"/> of <paramref name="target"/>, an object of a class with an
    /// explicit or sequential layout, for <see cref="Read"/> and <see cref="Write"/>: such classes get no shadow
    /// fields, which would change their layout (see <see cref="FixedLayoutShadow"/>).
    /// </summary>
    public static ref VarState? FixedLayoutSlot(object target, ref FixedLayoutShadow? shadow, int cell, int cellCount) =>
        ref FixedLayoutShadow.Slot(target, ref shadow, cell, cellCount);

    /// <summary>Before a read of a static field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReadStatic(ref VarState? slot, int site)
    {
        var thread = TrackedThread.Current;
        var state = slot;
        if (thread is not null && state is not null && (state.Read == thread.Epoch || state.Write == thread.Epoch))
            return;
        AccessChecks.Static(AccessKind.Read, ref slot, site, thread);
    }

    /// <summary>Before a write of a static field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteStatic(ref VarState? slot, int site)
    {
        var thread = TrackedThread.Current;
        var state = slot;
        if (thread is not null && state is not null && state.Write == thread.Epoch)
            return;
        AccessChecks.Static(AccessKind.Write, ref slot, site, thread);
    }

    /// <summary>
    /// After a plain read of a reference field that other code updates atomically (an event's backing field, a cache
    /// filled with <c>Interlocked.CompareExchange</c>): acquires what those updates released, because the loads made
    /// through the reference depend on this read (the .NET memory model's data dependency).
    /// </summary>
    public static void Consumed(ref VarState? slot)
    {
        if (slot?.Atomics is { } atomics && DetectorRuntime.Enabled)
            Guard.Run(atomics.Clock, static c => c.Acquire(ThreadRegistry.Current));
    }

    /// <summary>
    /// After <c>newobj</c> of an instrumented class with tracked fields: the object is fresh until this thread stores it
    /// somewhere or releases (see <see cref="Sync.FreshObjects"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Allocated(object value)
    {
        var thread = TrackedThread.Current;
        if (thread is not null && DetectorRuntime.Enabled)
            (thread.Fresh ??= new Sync.FreshObjects()).Allocated(value, thread.Epoch);
    }

    /// <summary>Before a reference is stored into a tracked field, static or array element: a fresh object is published with it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Storing(object? value)
    {
        var thread = TrackedThread.Current;
        if (value is not null && thread?.Fresh is { } fresh && fresh.IsCurrent(thread.Epoch))
            AccessChecks.Storing(value, thread, fresh);
    }

    /// <summary>Before a read of an element of a single-dimension array.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReadElement(Array? array, nint index, int site)
    {
        var thread = TrackedThread.Current;
        if (thread is not null && array is not null && ReferenceEquals(thread.CachedArray, array))
        {
            var reads = thread.CachedReads;
            if (reads is not null && (nuint)index < (nuint)reads.Length && reads[index] == thread.Epoch)
                return;
        }
        AccessChecks.Element(AccessKind.Read, array, index, site, thread);
    }

    /// <summary>Before a write of an element of a single-dimension array.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteElement(Array? array, nint index, int site)
    {
        var thread = TrackedThread.Current;
        if (thread is not null && array is not null && ReferenceEquals(thread.CachedArray, array))
        {
            var writes = thread.CachedWrites;
            if (writes is not null && (nuint)index < (nuint)writes.Length && writes[index] == thread.Epoch)
                return;
        }
        AccessChecks.Element(AccessKind.Write, array, index, site, thread);
    }

    /// <summary>When a span is made from <paramref name="array"/>: the elements it hands out are checked as the array's.</summary>
    public static void SpanSource<T>(T[]? array)
    {
        if (array is null || !DetectorRuntime.Enabled)
            return;
        try
        {
            var thread = ThreadRegistry.Current;
            (thread.SpanSources ??= new Shadow.SpanSources()).Add(array, Unsafe.SizeOf<T>());
        }
        catch (Exception ex)
        {
            DetectorRuntime.Fault(ex);
        }
    }

    /// <summary>
    /// Before a framework method receives <paramref name="sequence"/> as an <see cref="IEnumerable{T}"/> argument: a
    /// concurrent collection is passed as a view whose enumeration acquires the items read, as a <c>foreach</c> in
    /// instrumented code would (see <see cref="ConcurrentCollections"/>). Anything else is passed as it is.
    /// </summary>
    public static IEnumerable<T>? Sequence<T>(IEnumerable<T>? sequence) => ConcurrentCollections.Taking(sequence);

    /// <summary>As <see cref="Sequence{T}(IEnumerable{T})"/>, for a non-generic <see cref="System.Collections.IEnumerable"/> argument.</summary>
    public static System.Collections.IEnumerable? Sequence(System.Collections.IEnumerable? sequence) => ConcurrentCollections.Taking(sequence);

    /// <summary>
    /// Before a read of the element a span's indexer or enumerator handed out: a read of the array element it
    /// points into, when the thread made the span from an array.
    /// </summary>
    public static void ReadSpanElement<T>(ref T element, int site)
    {
        if (TrackedThread.Current?.SpanSources is { } sources && sources.TryFind(ref Unsafe.As<T, byte>(ref element), out var array, out var index))
            ReadElement(array, index, site);
    }

    /// <summary>Before a write of the element a span's indexer or enumerator handed out (see <see cref="ReadSpanElement"/>).</summary>
    public static void WriteSpanElement<T>(ref T element, int site)
    {
        if (TrackedThread.Current?.SpanSources is { } sources && sources.TryFind(ref Unsafe.As<T, byte>(ref element), out var array, out var index))
            WriteElement(array, index, site);
    }

    /// <summary>
    /// Before a volatile, <c>Volatile</c> or <c>Interlocked</c> operation on an instance field. Releases for
    /// writes; returns the location's clock for <see cref="AtomicAfter"/> to acquire.
    /// </summary>
    public static SyncClock? AtomicField(object target, ref VarState? slot, int site, int kind) =>
        AccessChecks.AtomicField((AtomicKind)kind, target, ref slot, site);

    /// <summary>Like <see cref="AtomicField"/>, for a static field.</summary>
    public static SyncClock? AtomicStatic(ref VarState? slot, int site, int kind) =>
        AccessChecks.AtomicStatic((AtomicKind)kind, ref slot, site);

    /// <summary>Like <see cref="AtomicField"/>, for an array element.</summary>
    public static SyncClock? AtomicElement(Array? array, nint index, int site, int kind) =>
        AccessChecks.AtomicElement((AtomicKind)kind, array, index, site);

    /// <summary>After an acquiring atomic operation returned: acquire the location's clock.</summary>
    public static void AtomicAfter(SyncClock? clock)
    {
        if (clock is null || !DetectorRuntime.Enabled)
            return;
        Guard.Run(clock, static c => c.Acquire(ThreadRegistry.Current));
    }

    /// <summary>
    /// Before an atomic operation on a location the instrumenter could not name (a <c>ref</c> parameter, say).
    /// Such operations synchronize through one shared clock: this can hide races, never invent them.
    /// </summary>
    public static void UnknownAtomicBefore(int kind)
    {
        if (kind != (int)AtomicKind.Read && DetectorRuntime.Enabled)
            Guard.Run(UnknownLocations.Clock, static c => c.Release(ThreadRegistry.Current));
    }

    /// <summary>After an atomic operation on an unnamed location.</summary>
    public static void UnknownAtomicAfter(int kind)
    {
        if (kind != (int)AtomicKind.Write && DetectorRuntime.Enabled)
            Guard.Run(UnknownLocations.Clock, static c => c.Acquire(ThreadRegistry.Current));
    }

    /// <summary>
    /// At the end of a static constructor: its effects happen before every later use of the type. Returns what
    /// the instrumenter keeps in the type's static field for <see cref="TypeUsed"/>.
    /// </summary>
    public static object? StaticConstructorFinished()
    {
        if (!DetectorRuntime.Enabled)
            return null;
        try
        {
            return TypeInitialization.Finished(ThreadRegistry.Current);
        }
        catch (Exception ex)
        {
            DetectorRuntime.Fault(ex);
            return null;
        }
    }

    /// <summary>
    /// Before an access to a static field of a type whose static constructor has finished: the constructor's
    /// effects happen before it. <paramref name="initialization"/> is null inside the constructor itself.
    /// </summary>
    public static void TypeUsed(object? initialization)
    {
        if (initialization is not TypeInitialization finished || !DetectorRuntime.Enabled)
            return;
        try
        {
            finished.AcquireBy(ThreadRegistry.Current);
        }
        catch (Exception ex)
        {
            DetectorRuntime.Fault(ex);
        }
    }

    /// <summary>On entry to a <c>[MethodImpl(Synchronized)]</c> method, after the runtime took the lock.</summary>
    public static void SynchronizedEnter(object lockObject, int site) => LockModel.Acquired(lockObject, site);

    /// <summary>Before a <c>[MethodImpl(Synchronized)]</c> method returns and the runtime drops the lock.</summary>
    public static void SynchronizedExit(object lockObject) => LockModel.Releasing(lockObject);

    /// <summary>Static synchronized methods lock their <see cref="Type"/>.</summary>
    public static void SynchronizedStaticEnter(RuntimeTypeHandle type, int site) =>
        LockModel.Acquired(Type.GetTypeFromHandle(type)!, site);

    /// <summary>Static synchronized methods lock their <see cref="Type"/>.</summary>
    public static void SynchronizedStaticExit(RuntimeTypeHandle type) =>
        LockModel.Releasing(Type.GetTypeFromHandle(type)!);

    /// <summary>
    /// At the end of a constructor of a finalizable type: returns what the instrumenter stores in the
    /// object, so the end of construction happens before the finalizer (which cannot use weak tables).
    /// </summary>
    public static object? ObjectConstructed()
    {
        if (!DetectorRuntime.Enabled)
            return null;
        try
        {
            var constructed = new SyncClock();
            constructed.Release(ThreadRegistry.Current);
            return constructed;
        }
        catch (Exception ex)
        {
            DetectorRuntime.Fault(ex);
            return null;
        }
    }

    /// <summary>
    /// At the end of a constructor of a finalizable class whose layout must not change, which gets no field for
    /// <see cref="ObjectConstructed"/>'s clock: releases into one clock for all the class's objects, kept in a
    /// static field, which the finalizer acquires. That orders every construction of the class before each of
    /// its finalizers: it can hide a race, never invent one.
    /// </summary>
    public static void ObjectsConstructed(ref object? clock)
    {
        if (!DetectorRuntime.Enabled)
            return;
        try
        {
            var created = new SyncClock();
            var shared = (SyncClock)(Interlocked.CompareExchange(ref clock, created, null) ?? created);
            shared.Release(ThreadRegistry.Current);
        }
        catch (Exception ex)
        {
            DetectorRuntime.Fault(ex);
        }
    }

    /// <summary>On entry to a finalizer, with what <see cref="ObjectConstructed"/> returned (or the class's <see cref="ObjectsConstructed"/> clock).</summary>
    public static void Finalizing(object? constructed)
    {
        if (constructed is SyncClock clock && DetectorRuntime.Enabled)
            Guard.Run(clock, static c => c.Acquire(ThreadRegistry.Current));
    }

    /// <summary>
    /// At the start of a handler that can catch an <see cref="OperationCanceledException"/> (or an AggregateException
    /// holding one): the cancellation of the token it carries happens before the handler.
    /// </summary>
    public static void Caught(object? exception)
    {
        if (exception is not null)
            Cancellations.Caught(exception);
    }

    /// <summary>The identity of the variable a field's shadow slot belongs to (for structs used as locks in place).</summary>
    public static object LocationKey(ref VarState? slot) => VarState.Ensure(ref slot);

    /// <summary>The identity of an array element (for structs used as locks in place), or null when out of range.</summary>
    public static object? ElementKey(Array? array, nint index)
    {
        if (array is null || (nuint)index >= (nuint)array.Length)
            return null;
        return Shadow.ArrayShadow.For(array, ThreadRegistry.Current).AtomicsFor(index);
    }

    /// <summary>
    /// On entry to a test method (xunit, NUnit, MSTest): accesses from here on, and from the threads and
    /// tasks the test starts, are attributed to <paramref name="testName"/>. Returns the previous test,
    /// for <see cref="TestEnded"/>.
    /// </summary>
    public static string? TestStarting(string testName)
    {
        if (!DetectorRuntime.Enabled)
            return null;
        try
        {
            var thread = ThreadRegistry.Current;
            var previous = thread.TestName;
            thread.TestName = testName;
            return previous;
        }
        catch (Exception ex)
        {
            DetectorRuntime.Fault(ex);
            return null;
        }
    }

    /// <summary>When a test method returns (for async tests, at its first await): the thread goes back to <paramref name="previous"/>.</summary>
    public static void TestEnded(string? previous)
    {
        if (DetectorRuntime.Enabled && TrackedThread.Current is { } thread)
            Guard.Run((thread, previous), static a => a.thread.TestName = a.previous);
    }
}
