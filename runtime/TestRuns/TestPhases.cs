using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace RaceDetector.Runtime.TestRuns;

/// <summary>The serial groups of each test assembly, and the <see cref="TestPhase"/> of each hooked type and role (cached).</summary>
internal static class TestPhases
{
    sealed class AssemblyGroups
    {
        readonly ConcurrentDictionary<string, SerialGroup> _groups = new();

        /// <summary>Assembly-wide setup publishes here; every group enters it first.</summary>
        public readonly SerialGroup Opening = new(opening: null);

        public SerialGroup this[string key] => _groups.GetOrAdd(key, _ => new SerialGroup(Opening));

        public IEnumerable<SerialGroup> All() => _groups.Values;
    }

    static readonly ConditionalWeakTable<Assembly, AssemblyGroups> s_assemblies = new();
    static readonly ConditionalWeakTable<Type, TestPhase[]> s_phases = new();

    public static TestPhase For(Type type, PhaseRole role)
    {
        var phases = s_phases.GetValue(type, static _ => new TestPhase[(int)PhaseRole.AssemblyTeardown + 1]);
        // Two threads may build the same phase at once: both build the same thing.
        return Volatile.Read(ref phases[(int)role]) ?? (phases[(int)role] = Build(type, role));
    }

    static TestPhase Build(Type type, PhaseRole role)
    {
        if (TestFramework.Of(type.Assembly) is not { } framework)
            return TestPhase.None;
        var groups = s_assemblies.GetValue(type.Assembly, static _ => new AssemblyGroups());
        SerialGroup[] FixtureUsers() => framework.FixtureUsers(type).Distinct().Select(key => groups[key]).ToArray();
        switch (role)
        {
            case PhaseRole.Test when framework.GroupKey(type) is { } key:
                SerialGroup[] own = [groups[key]];
                return new TestPhase(() => own, own);
            case PhaseRole.FixtureSetup:
                return new TestPhase(() => [], FixtureUsers());
            case PhaseRole.FixtureTeardown:
                var users = FixtureUsers();
                return new TestPhase(() => users, []);
            case PhaseRole.AssemblySetup:
                return new TestPhase(() => [], [groups.Opening]);
            case PhaseRole.AssemblyTeardown:
                return new TestPhase(groups.All, []);
            default:
                return TestPhase.None;
        }
    }
}
