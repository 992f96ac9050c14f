using System.ComponentModel;
using System.Diagnostics;
using RaceDetector.Runtime.Sync;

namespace RaceDetector.Runtime;

/// <summary>
/// Replacements for lazy initialization: creating the value happens before every reader that gets it
/// from <see cref="Lazy{T}.Value"/> or <see cref="LazyInitializer.EnsureInitialized{T}(ref T, Func{T})"/>.
/// A Lazy in <see cref="LazyThreadSafetyMode.None"/> is not thread-safe and is left unmodelled.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[StackTraceHidden]
public static class LazyIntercepts
{
    const string LazyType = "System.Lazy`1";
    const string Initializer = "System.Threading.LazyInitializer";

    /// <summary>Replaces <c>new Lazy&lt;T&gt;(Func&lt;T&gt;)</c>.</summary>
    [Intercept(LazyType, ".ctor")]
    public static Lazy<T> Create<T>(Func<T> valueFactory, int site) => new(Publishing(valueFactory));

    /// <summary>Replaces <c>new Lazy&lt;T&gt;(Func&lt;T&gt;, bool)</c>.</summary>
    [Intercept(LazyType, ".ctor")]
    public static Lazy<T> Create<T>(Func<T> valueFactory, bool isThreadSafe, int site) =>
        new(isThreadSafe ? Publishing(valueFactory) : valueFactory, isThreadSafe);

    /// <summary>Replaces <c>new Lazy&lt;T&gt;(Func&lt;T&gt;, LazyThreadSafetyMode)</c>.</summary>
    [Intercept(LazyType, ".ctor")]
    public static Lazy<T> Create<T>(Func<T> valueFactory, LazyThreadSafetyMode mode, int site) =>
        new(mode == LazyThreadSafetyMode.None ? valueFactory : Publishing(valueFactory), mode);

    /// <summary>Replaces <see cref="Lazy{T}.Value"/>.</summary>
    [Intercept(LazyType, "get_Value")]
    public static T Value<T>(Lazy<T> lazy, int site) => Items.Observed(lazy.Value);

    /// <summary>Replaces <see cref="LazyInitializer.EnsureInitialized{T}(ref T)"/>.</summary>
    [Intercept(Initializer, "EnsureInitialized")]
    public static T EnsureInitialized<T>(ref T target, int site) where T : class =>
        Items.Observed(LazyInitializer.EnsureInitialized(ref target));

    /// <summary>Replaces <see cref="LazyInitializer.EnsureInitialized{T}(ref T, Func{T})"/>.</summary>
    [Intercept(Initializer, "EnsureInitialized")]
    public static T EnsureInitialized<T>(ref T target, Func<T> valueFactory, int site) where T : class =>
        Items.Observed(LazyInitializer.EnsureInitialized(ref target, Publishing(valueFactory)));

    /// <summary>Replaces <see cref="LazyInitializer.EnsureInitialized{T}(ref T, ref bool, ref object)"/>.</summary>
    [Intercept(Initializer, "EnsureInitialized")]
    public static T EnsureInitialized<T>(ref T target, ref bool initialized, ref object? syncLock, int site) =>
        Items.Observed(LazyInitializer.EnsureInitialized(ref target, ref initialized, ref syncLock));

    /// <summary>Replaces <see cref="LazyInitializer.EnsureInitialized{T}(ref T, ref bool, ref object, Func{T})"/>.</summary>
    [Intercept(Initializer, "EnsureInitialized")]
    public static T EnsureInitialized<T>(ref T target, ref bool initialized, ref object? syncLock, Func<T> valueFactory, int site) =>
        Items.Observed(LazyInitializer.EnsureInitialized(ref target, ref initialized, ref syncLock, Publishing(valueFactory)));

    /// <summary>Replaces <see cref="LazyInitializer.EnsureInitialized{T}(ref T, ref object, Func{T})"/>.</summary>
    [Intercept(Initializer, "EnsureInitialized")]
    public static T EnsureInitialized<T>(ref T target, ref object? syncLock, Func<T> valueFactory, int site) where T : class =>
        Items.Observed(LazyInitializer.EnsureInitialized(ref target, ref syncLock, Publishing(valueFactory)));

    static Func<T> Publishing<T>(Func<T> valueFactory) => [StackTraceHidden] () => Items.Published(valueFactory());
}
