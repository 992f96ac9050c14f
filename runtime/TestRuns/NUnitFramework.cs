using System.Reflection;
using System.Runtime.CompilerServices;
using static RaceDetector.Runtime.TestRuns.FrameworkAttributes;

namespace RaceDetector.Runtime.TestRuns;

/// <summary>
/// NUnit runs one test at a time unless <c>[Parallelizable]</c> says otherwise. With it anywhere in the
/// assembly, a fixture whose tests may not run in parallel with each other (no <c>ParallelScope.Children</c> on
/// it or the assembly, no <c>[Parallelizable]</c> test) is its own group; the others have none.
/// </summary>
internal sealed class NUnitFramework : TestFramework
{
    public static readonly NUnitFramework Instance = new();

    const string Parallelizable = "NUnit.Framework.ParallelizableAttribute";
    const int Self = 1, Children = 256;

    readonly ConditionalWeakTable<Assembly, object> _parallel = new();

    public override string? GroupKey(Type fixture)
    {
        if (!UsesParallelism(fixture.Assembly))
            return WholeAssembly;
        var scope = FindInherited(fixture, Parallelizable) ?? Find(fixture.Assembly.CustomAttributes, Parallelizable);
        if (scope is not null && (ScopeOf(scope) & Children) != 0)
            return null;
        if (fixture.GetMethods().Any(m => Find(m.CustomAttributes, Parallelizable) is not null))
            return null;
        return "fixture:" + fixture.FullName;
    }

    bool UsesParallelism(Assembly assembly) =>
        (bool)_parallel.GetValue(assembly, static a =>
            Find(a.CustomAttributes, Parallelizable) is not null
            || TypesOf(a).Any(t => Find(t.CustomAttributes, Parallelizable) is not null
                                   || t.GetMethods().Any(m => Find(m.CustomAttributes, Parallelizable) is not null)));

    /// <summary>The attribute's <c>ParallelScope</c>; <c>[Parallelizable]</c> alone means <c>Self</c>.</summary>
    static int ScopeOf(CustomAttributeData attribute) =>
        attribute.ConstructorArguments is [{ Value: int scope }] ? scope : Self;
}
