using System.Reflection;
using System.Runtime.CompilerServices;
using static RaceDetector.Runtime.TestRuns.FrameworkAttributes;

namespace RaceDetector.Runtime.TestRuns;

/// <summary>
/// NUnit runs one test at a time unless <c>[Parallelizable]</c> says otherwise. With it anywhere in the assembly, a
/// fixture whose tests do not run in parallel with each other is its own group; the others have none. A fixture's
/// tests run in parallel with <c>ParallelScope.Children</c> from the nearest of the fixture (or a base class), the
/// <c>[SetUpFixture]</c>s of its namespace and the enclosing ones, and the assembly (the nearest <c>[Parallelizable]</c>
/// or <c>[NonParallelizable]</c> replaces those further out, as in NUnit's execution context), or when one of its tests
/// is <c>[Parallelizable]</c>. A fixture type NUnit builds several times (<c>[TestFixture]</c> more than once,
/// <c>[TestFixtureSource]</c>) has no group either when its fixtures may run at the same time. A set-up fixture's own
/// methods run in turn: it is its own group.
/// </summary>
internal sealed class NUnitFramework : TestFramework
{
    public static readonly NUnitFramework Instance = new();

    const string Parallelizable = "NUnit.Framework.ParallelizableAttribute";
    const string NonParallelizable = "NUnit.Framework.NonParallelizableAttribute";
    const string SetUpFixture = "NUnit.Framework.SetUpFixtureAttribute";
    const string TestFixture = "NUnit.Framework.TestFixtureAttribute";
    const string TestFixtureSource = "NUnit.Framework.TestFixtureSourceAttribute";

    // NUnit.Framework.ParallelScope flags.
    const int Self = 1, None = 2, Children = 256, Fixtures = 512;

    readonly ConditionalWeakTable<Assembly, AssemblyScopes> _assemblies = new();

    public override string? GroupKey(Type fixture)
    {
        var scopes = _assemblies.GetValue(fixture.Assembly, static a => new AssemblyScopes(a));
        if (!scopes.UsesParallelism)
            return WholeAssembly;
        string own = "fixture:" + fixture.FullName;
        if (FindInherited(fixture, SetUpFixture) is not null)
            return own;
        int? declared = ScopeOf(FindInherited(fixture, Parallelizable, NonParallelizable));
        int inherited = scopes.InheritedBy(fixture);
        if (((declared ?? inherited) & Children) != 0 || fixture.GetMethods().Any(m => Find(m.CustomAttributes, Parallelizable) is not null))
            return null;
        return BuiltSeveralTimes(fixture) && RunsInParallel(declared, inherited) ? null : own;
    }

    /// <summary>The <c>ParallelScope</c> an attribute sets: <c>[Parallelizable]</c> alone means <c>Self</c>, <c>[NonParallelizable]</c> <c>None</c>.</summary>
    static int? ScopeOf(CustomAttributeData? attribute) => attribute switch
    {
        null => null,
        _ when NameOf(attribute.AttributeType) == NonParallelizable => None,
        { ConstructorArguments: [{ Value: int scope }] } => scope,
        _ => Self,
    };

    /// <summary>
    /// Whether NUnit may run a fixture at the same time as others: its own scope says so (<c>Fixtures</c> on a fixture
    /// implies <c>Self</c>), or, when it says neither <c>Self</c> nor <c>None</c>, the scope it inherits does.
    /// </summary>
    static bool RunsInParallel(int? declared, int inherited)
    {
        int scope = declared ?? 0;
        if ((scope & Fixtures) != 0)
            scope |= Self;
        return (scope & (Self | None)) != 0 ? (scope & Self) != 0 : (inherited & (Children | Fixtures)) != 0;
    }

    /// <summary>A fixture type with <c>[TestFixture]</c> more than once or with <c>[TestFixtureSource]</c>: NUnit may build several fixtures of it.</summary>
    static bool BuiltSeveralTimes(Type fixture)
    {
        var names = Hierarchy(fixture).SelectMany(t => t.CustomAttributes).Select(a => NameOf(a.AttributeType)).ToList();
        return names.Contains(TestFixtureSource) || names.Count(n => n == TestFixture) > 1;
    }

    /// <summary>What an assembly says about parallelism: whether it uses any, and the scopes its fixtures inherit.</summary>
    sealed class AssemblyScopes
    {
        readonly int _assembly;
        readonly List<(string Namespace, int Scope)> _setUpFixtures;

        public AssemblyScopes(Assembly assembly)
        {
            var types = TypesOf(assembly);
            UsesParallelism = Find(assembly.CustomAttributes, Parallelizable) is not null
                || types.Any(t => Find(t.CustomAttributes, Parallelizable) is not null
                                  || t.GetMethods().Any(m => Find(m.CustomAttributes, Parallelizable) is not null));
            _assembly = ScopeOf(Find(assembly.CustomAttributes, Parallelizable, NonParallelizable)) ?? 0;
            _setUpFixtures = [];
            foreach (var type in types.Where(t => FindInherited(t, SetUpFixture) is not null))
            {
                if (ScopeOf(FindInherited(type, Parallelizable, NonParallelizable)) is { } scope)
                    _setUpFixtures.Add((type.Namespace ?? "", scope));
            }
        }

        public bool UsesParallelism { get; }

        /// <summary>
        /// The scope <paramref name="fixture"/> inherits: that of the set-up fixture of the nearest namespace around it
        /// that sets one, else the assembly's; 0 when nothing sets one.
        /// </summary>
        public int InheritedBy(Type fixture)
        {
            string space = fixture.Namespace ?? "";
            bool Encloses(string outer) => outer.Length == 0 || space == outer || space.StartsWith(outer + ".", StringComparison.Ordinal);
            var nearest = _setUpFixtures.Where(s => Encloses(s.Namespace)).OrderByDescending(s => s.Namespace.Length).Select(s => (int?)s.Scope);
            return nearest.FirstOrDefault() ?? _assembly;
        }
    }
}
