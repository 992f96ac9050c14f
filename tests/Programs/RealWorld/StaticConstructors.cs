using System.Reflection;
using System.Runtime.CompilerServices;

namespace RealWorld;

/// <summary>Runs the static constructors of every non-generic type of some assemblies, up front.</summary>
static class StaticConstructors
{
    public static void RunAll(params Assembly[] assemblies)
    {
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()).Where(t => !t.ContainsGenericParameters))
            RuntimeHelpers.RunClassConstructor(type.TypeHandle);
    }
}
