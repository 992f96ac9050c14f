using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using RaceDetector.Runtime.Sync;

namespace RaceDetector.Runtime;

/// <summary>
/// Replacements for lazy initialization: creating the value happens before every reader that gets it
/// from <see cref="Lazy{T}.Value"/> or <see cref="LazyInitializer.EnsureInitialized{T}(ref T, Func{T})"/>.
/// A Lazy keys the edge by itself (so value types work); LazyInitializer by its lock object, or by the
/// value for the overloads without one. A Lazy in <see cref="LazyThreadSafetyMode.None"/> is not
/// thread-safe and is left unmodelled.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[StackTraceHidden]
public static class LazyIntercepts
{
    const string LazyType = "System.Lazy`1";
    const string Initializer = "System.Threading.LazyInitializer";

    static readonly ConditionalWeakTable<object, object> s_keys = new();

    /// <summary>Replaces <c>new Lazy&lt;T&gt;(Func&lt;T&gt;)</c>.</summary>
    [Intercept(LazyType, ".ctor")]
    public static Lazy<T> Create<T>(Func<T> valueFactory, int site)
    {
        var key = new object();
        return Keyed(new Lazy<T>(Publishing(valueFactory, key)), key);
    }

    /// <summary>Replaces <c>new Lazy&lt;T&gt;(Func&lt;T&gt;, bool)</c>.</summary>
    [Intercept(LazyType, ".ctor")]
    public static Lazy<T> Create<T>(Func<T> valueFactory, bool isThreadSafe, int site)
    {
        if (!isThreadSafe)
            return new Lazy<T>(valueFactory, false);
        var key = new object();
        return Keyed(new Lazy<T>(Publishing(valueFactory, key), true), key);
    }

    /// <summary>Replaces <c>new Lazy&lt;T&gt;(Func&lt;T&gt;, LazyThreadSafetyMode)</c>.</summary>
    [Intercept(LazyType, ".ctor")]
    public static Lazy<T> Create<T>(Func<T> valueFactory, LazyThreadSafetyMode mode, int site)
    {
        if (mode == LazyThreadSafetyMode.None)
            return new Lazy<T>(valueFactory, mode);
        var key = new object();
        return Keyed(new Lazy<T>(Publishing(valueFactory, key), mode), key);
    }

    /// <summary>Replaces <see cref="Lazy{T}.Value"/>.</summary>
    [Intercept(LazyType, "get_Value")]
    public static T Value<T>(Lazy<T> lazy, int site)
    {
        var value = lazy.Value;
        if (s_keys.TryGetValue(lazy, out var key))
            Signals.Acquire(key);
        return value;
    }

    /// <summary>Replaces <see cref="LazyInitializer.EnsureInitialized{T}(ref T, Func{T})"/>.</summary>
    [Intercept(Initializer, "EnsureInitialized")]
    public static T EnsureInitialized<T>(ref T target, Func<T> valueFactory, int site) where T : class =>
        Items.Observed(LazyInitializer.EnsureInitialized(ref target, () => Items.Published(valueFactory())));

    /// <summary>Replaces <see cref="LazyInitializer.EnsureInitialized{T}(ref T, ref object, Func{T})"/>.</summary>
    [Intercept(Initializer, "EnsureInitialized")]
    public static T EnsureInitialized<T>(ref T target, ref object? syncLock, Func<T> valueFactory, int site) where T : class =>
        Items.Observed(LazyInitializer.EnsureInitialized(ref target, ref syncLock, () => Items.Published(valueFactory())));

    /// <summary>Replaces <see cref="LazyInitializer.EnsureInitialized{T}(ref T, ref bool, ref object)"/>.</summary>
    [Intercept(Initializer, "EnsureInitialized")]
    public static T EnsureInitialized<T>(ref T target, ref bool initialized, ref object? syncLock, int site) =>
        EnsureInitialized(ref target, ref initialized, ref syncLock, Activator.CreateInstance<T>, site);

    /// <summary>
    /// Replaces <see cref="LazyInitializer.EnsureInitialized{T}(ref T, ref bool, ref object, Func{T})"/>. The
    /// lock object is created first (as the original would), so it can key the edge for value types too.
    /// </summary>
    [Intercept(Initializer, "EnsureInitialized")]
    public static T EnsureInitialized<T>(ref T target, ref bool initialized, ref object? syncLock, Func<T> valueFactory, int site)
    {
        var key = Interlocked.CompareExchange(ref syncLock, new object(), null) ?? syncLock;
        var value = LazyInitializer.EnsureInitialized(ref target, ref initialized, ref syncLock, Publishing(valueFactory, key));
        Signals.Acquire(key);
        return value;
    }

    static Lazy<T> Keyed<T>(Lazy<T> lazy, object key)
    {
        s_keys.AddOrUpdate(lazy, key);
        return lazy;
    }

    static Func<T> Publishing<T>(Func<T> valueFactory, object key) => [StackTraceHidden] () =>
    {
        var value = valueFactory();
        Signals.Release(key);
        return value;
    };
}
