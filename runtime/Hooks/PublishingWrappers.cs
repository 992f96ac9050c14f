using System.ComponentModel;
using System.Diagnostics;
using RaceDetector.Runtime.Sync;

namespace RaceDetector.Runtime;

/// <summary>
/// Wraps the delegates a program registers with Microsoft.Extensions.DependencyInjection and Options: service
/// factories and configuration actions. The container runs one on some thread and hands the object to other
/// threads through its own locks, which are framework code the detector never sees. The wrapper publishes what
/// the delegate wrote to the object's own fields, as a constructor's stores are (see <see cref="Publication"/>).
/// The instrumenter picks the overload whose parameter has the delegate's type; a null delegate is given back.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[StackTraceHidden]
public static class PublishingWrappers
{
    /// <summary>Wraps a factory (<c>Func&lt;IServiceProvider, T&gt;</c>): publishes the object it returns.</summary>
    public static Func<T1, TResult>? Wrap<T1, TResult>(Func<T1, TResult>? factory) =>
        factory is null ? null : [StackTraceHidden] (a1) => Publication.Published(factory(a1));

    /// <summary>Wraps a keyed factory (<c>Func&lt;IServiceProvider, object?, T&gt;</c>): publishes the object it returns.</summary>
    public static Func<T1, T2, TResult>? Wrap<T1, T2, TResult>(Func<T1, T2, TResult>? factory) =>
        factory is null ? null : [StackTraceHidden] (a1, a2) => Publication.Published(factory(a1, a2));

    /// <summary>Wraps a configuration action (<c>Action&lt;TOptions&gt;</c>): publishes the object it configured.</summary>
    public static Action<T1>? Wrap<T1>(Action<T1>? configure) =>
        configure is null ? null : [StackTraceHidden] (a1) =>
        {
            configure(a1);
            Publication.Publish(a1);
        };

    /// <summary>Wraps a configuration action with a dependency (<c>Action&lt;TOptions, TDep&gt;</c>): publishes the options.</summary>
    public static Action<T1, T2>? Wrap<T1, T2>(Action<T1, T2>? configure) =>
        configure is null ? null : [StackTraceHidden] (a1, a2) =>
        {
            configure(a1, a2);
            Publication.Publish(a1);
        };
}
