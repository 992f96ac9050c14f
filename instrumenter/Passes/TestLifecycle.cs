using Mono.Cecil;
using RaceDetector.Instrumenter.Il;

namespace RaceDetector.Instrumenter.Passes;

/// <summary>
/// What a method of one module is to the order a test framework runs it in (numbers shared with
/// <c>RaceDetector.Runtime.TestRuns.PhaseRole</c>).
/// </summary>
internal enum TestPhaseRole
{
    Test = 0,
    FixtureSetup = 1,
    FixtureTeardown = 2,
    AssemblySetup = 3,
    AssemblyTeardown = 4,
}

/// <summary>
/// The methods of one module that a test framework calls, and their <see cref="TestPhaseRole"/>: test methods;
/// NUnit and MSTest setup and teardown methods (by attribute); constructors, <c>Dispose</c>,
/// <c>InitializeAsync</c> and <c>DisposeAsync</c> of test classes and their base classes in the module; and those
/// of xunit fixtures (<c>IClassFixture&lt;T&gt;</c>, <c>ICollectionFixture&lt;T&gt;</c>, xunit.v3
/// <c>[assembly: AssemblyFixture]</c>) declared in the module.
/// </summary>
internal sealed class TestLifecycle
{
    /// <summary>Attributes that mark a test method; their subclasses (Theory, SkippableFact, DataTestMethod...) count too.</summary>
    static readonly HashSet<string> TestAttributes =
    [
        "Xunit.FactAttribute",
        "NUnit.Framework.TestAttribute",
        "NUnit.Framework.TestCaseAttribute",
        "NUnit.Framework.TestCaseSourceAttribute",
        "NUnit.Framework.TheoryAttribute",
        "Microsoft.VisualStudio.TestTools.UnitTesting.TestMethodAttribute",
    ];

    const string MSTest = "Microsoft.VisualStudio.TestTools.UnitTesting.";

    /// <summary>Setup and teardown attributes, and the role of the methods they mark.</summary>
    static readonly Dictionary<string, TestPhaseRole> LifecycleAttributes = new()
    {
        ["NUnit.Framework.SetUpAttribute"] = TestPhaseRole.Test,
        ["NUnit.Framework.TearDownAttribute"] = TestPhaseRole.Test,
        ["NUnit.Framework.OneTimeSetUpAttribute"] = TestPhaseRole.Test,
        ["NUnit.Framework.OneTimeTearDownAttribute"] = TestPhaseRole.Test,
        [MSTest + "TestInitializeAttribute"] = TestPhaseRole.Test,
        [MSTest + "TestCleanupAttribute"] = TestPhaseRole.Test,
        [MSTest + "ClassInitializeAttribute"] = TestPhaseRole.Test,
        [MSTest + "ClassCleanupAttribute"] = TestPhaseRole.Test,
        [MSTest + "AssemblyInitializeAttribute"] = TestPhaseRole.AssemblySetup,
        [MSTest + "AssemblyCleanupAttribute"] = TestPhaseRole.AssemblyTeardown,
    };

    static readonly HashSet<string> FixtureInterfaces = ["Xunit.IClassFixture`1", "Xunit.ICollectionFixture`1"];
    const string AssemblyFixtureAttribute = "Xunit.AssemblyFixtureAttribute";

    readonly Dictionary<MethodDefinition, TestPhaseRole> _roles = new();

    public TestLifecycle(ModuleDefinition module)
    {
        var types = module.GetTypes().Where(t => t.IsClass && !t.IsValueType).ToList();
        foreach (var method in types.SelectMany(t => t.Methods))
        {
            if (IsTestMethod(method))
                _roles[method] = TestPhaseRole.Test;
            else if (method.CustomAttributes.Select(a => a.AttributeType.FullName).FirstOrDefault(LifecycleAttributes.ContainsKey) is { } attribute)
                _roles[method] = LifecycleAttributes[attribute];
        }
        var testClasses = types.Where(t => t.Methods.Any(IsTestMethod)).ToHashSet();
        foreach (var type in types.Where(t => Hierarchy(t).Any(testClasses.Contains)))
        {
            foreach (var member in Hierarchy(type).Where(t => t.Module == module))
                AddLifecycle(member, TestPhaseRole.Test, TestPhaseRole.Test);
        }
        foreach (var fixture in types.SelectMany(t => t.Interfaces).Select(i => i.InterfaceType).OfType<GenericInstanceType>()
                     .Where(i => FixtureInterfaces.Contains(i.ElementType.FullName)).Select(i => i.GenericArguments[0].TryResolve()))
        {
            if (fixture?.Module == module)
                AddLifecycle(fixture, TestPhaseRole.FixtureSetup, TestPhaseRole.FixtureTeardown);
        }
        foreach (var attribute in module.Assembly.CustomAttributes.Where(a => a.AttributeType.FullName == AssemblyFixtureAttribute))
        {
            if (attribute.ConstructorArguments is [{ Value: TypeReference named }] && named.TryResolve() is { } fixture && fixture.Module == module)
                AddLifecycle(fixture, TestPhaseRole.AssemblySetup, TestPhaseRole.AssemblyTeardown);
        }
    }

    /// <summary>The role of <paramref name="method"/>, or null when the framework does not call it.</summary>
    public TestPhaseRole? RoleOf(MethodDefinition method) => _roles.TryGetValue(method, out var role) ? role : null;

    /// <summary>True for a method with a test attribute (xunit, NUnit, MSTest).</summary>
    public static bool IsTestMethod(MethodDefinition method) =>
        method.HasCustomAttributes && method.CustomAttributes.Any(a => IsTestAttribute(a.AttributeType));

    static bool IsTestAttribute(TypeReference type)
    {
        for (TypeReference? current = type; current is not null; current = current.TryResolve()?.BaseType)
        {
            if (TestAttributes.Contains(current.FullName))
                return true;
        }
        return false;
    }

    /// <summary>Constructors and parameterless InitializeAsync (setup), Dispose and DisposeAsync (teardown), also as explicit implementations.</summary>
    void AddLifecycle(TypeDefinition type, TestPhaseRole setup, TestPhaseRole teardown)
    {
        foreach (var method in type.Methods.Where(m => !m.IsStatic && m.HasBody))
        {
            if (method.IsConstructor || (!method.HasParameters && Named(method, "InitializeAsync")))
                _roles.TryAdd(method, setup);
            else if (!method.HasParameters && (Named(method, "Dispose") || Named(method, "DisposeAsync")))
                _roles.TryAdd(method, teardown);
        }
    }

    static bool Named(MethodDefinition method, string name) => method.Name == name || method.Name.EndsWith("." + name, StringComparison.Ordinal);

    /// <summary><paramref name="type"/> and the base types that resolve.</summary>
    static IEnumerable<TypeDefinition> Hierarchy(TypeDefinition type)
    {
        for (TypeDefinition? current = type; current is not null; current = current.BaseType?.TryResolve())
            yield return current;
    }
}
