using System.Collections;
using System.Diagnostics;

namespace RaceDetector.Runtime.Sync;

/// <summary>
/// A sequence handed to <c>Partitioner.Create</c>: its partitions share one enumerator and call it from
/// several threads under a lock of the framework's, which is not instrumented. Each call into the
/// sequence acquires and releases one clock, as that lock does, so the enumerator's own state is ordered
/// from call to call whichever partition makes it.
/// </summary>
[StackTraceHidden]
internal sealed class LockedEnumerable<T>(IEnumerable<T> inner) : IEnumerable<T>
{
    public IEnumerator<T> GetEnumerator() => new Enumerator(Locked(this, inner, static s => s.GetEnumerator()), this);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    static TResult Locked<TState, TResult>(object gate, TState state, Func<TState, TResult> call)
    {
        Signals.Acquire(gate);
        try { return call(state); }
        finally { Signals.Release(gate); }
    }

    [StackTraceHidden]
    sealed class Enumerator(IEnumerator<T> inner, object gate) : IEnumerator<T>
    {
        public T Current => Locked(gate, inner, static e => e.Current);

        object? IEnumerator.Current => Current;

        public bool MoveNext() => Locked(gate, inner, static e => e.MoveNext());

        public void Reset() => Locked(gate, inner, static e => { e.Reset(); return true; });

        public void Dispose() => Locked(gate, inner, static e => { e.Dispose(); return true; });
    }
}
