using System.Reflection;
using System.Runtime.CompilerServices;

namespace RaceDetector.Runtime.TestRuns;

/// <summary>The test framework of a test assembly, and the serial group of a test class under its rules.</summary>
internal abstract class TestFramework
{
    static readonly ConditionalWeakTable<Assembly, TestFramework> s_byAssembly = new();

    /// <summary>Group key of the tests that share the whole assembly's serial order.</summary>
    protected const string WholeAssembly = "assembly";

    /// <summary>
    /// The framework <paramref name="assembly"/> references, or null when it references none or several (then
    /// nothing is known about the order of its tests).
    /// </summary>
    public static TestFramework? Of(Assembly assembly) =>
        s_byAssembly.GetValue(assembly, static a => Detect(a) ?? Unknown.Instance) is { } found && found != Unknown.Instance ? found : null;

    /// <summary>
    /// Which serial group <paramref name="testClass"/>'s tests belong to: tests with the same key (in one assembly)
    /// never run at the same time. Null when they may run in parallel with anything.
    /// </summary>
    public abstract string? GroupKey(Type testClass);

    /// <summary>The keys of the groups whose tests use <paramref name="fixture"/> (a class or collection fixture).</summary>
    public virtual IEnumerable<string> FixtureUsers(Type fixture) => [];

    static TestFramework? Detect(Assembly assembly)
    {
        var frameworks = assembly.GetReferencedAssemblies().Select(reference => reference.Name switch
        {
            "xunit.core" or "xunit.v3.core" => XunitFramework.Instance,
            "nunit.framework" => NUnitFramework.Instance,
            "MSTest.TestFramework" or "Microsoft.VisualStudio.TestPlatform.TestFramework" => (TestFramework?)MSTestFramework.Instance,
            _ => null,
        }).OfType<TestFramework>().Distinct().ToList();
        return frameworks.Count == 1 ? frameworks[0] : null;
    }

    sealed class Unknown : TestFramework
    {
        public static readonly Unknown Instance = new();

        public override string? GroupKey(Type testClass) => null;
    }
}
