using System.Collections.Concurrent;
using System.Reflection;
using RaceDetector.Runtime.Detection;
using RaceDetector.Runtime.Shadow;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.Sync;

/// <summary>
/// Publishes an object that framework code hands to other threads: the calling thread's accesses to the
/// object's own fields are forgotten, as a constructor's stores are never recorded (the .NET memory model's
/// "Object assignment" rule). Other threads' accesses stay, and so do the object's fields' later accesses.
/// Fields are found through their injected <see cref="VarState"/> shadows; a class with a fixed layout keeps
/// its shadows in a side table and is left alone.
/// </summary>
internal static class Publication
{
    static readonly ConcurrentDictionary<Type, FieldInfo[]> s_shadowFields = new();

    public static T Published<T>(T value)
    {
        Publish(value);
        return value;
    }

    public static void Publish(object? value)
    {
        if (value is null || !DetectorRuntime.Enabled)
            return;
        try
        {
            var shadows = s_shadowFields.GetOrAdd(value.GetType(), ShadowFieldsOf);
            if (shadows.Length == 0)
                return;
            var thread = ThreadRegistry.Current;
            foreach (var shadow in shadows)
            {
                if (shadow.GetValue(value) is VarState state)
                    Forget(state, thread.Slot);
            }
        }
        catch (Exception ex)
        {
            DetectorRuntime.Fault(ex);
        }
    }

    static void Forget(VarState state, int slot)
    {
        SpinGate.Enter(ref state.Gate);
        try
        {
            FastTrack.ForgetAccessesOf(slot, ref state.Write, ref state.Read);
        }
        finally
        {
            SpinGate.Exit(ref state.Gate);
        }
    }

    /// <summary>The instance shadow fields of <paramref name="type"/> and its base classes.</summary>
    static FieldInfo[] ShadowFieldsOf(Type type)
    {
        var fields = new List<FieldInfo>();
        for (var current = type; current is not null && !current.IsValueType; current = current.BaseType)
        {
            foreach (var field in current.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.FieldType == typeof(VarState))
                    fields.Add(field);
            }
        }
        return fields.ToArray();
    }
}
