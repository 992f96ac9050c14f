using RaceDetector.Instrumenter.Abi;

namespace RaceDetector.Instrumenter;

/// <summary>Which assemblies of an app to instrument, and how much (<see cref="InstrumentationLevel"/>).</summary>
public sealed record InstrumentOptions
{
    /// <summary>
    /// Assemblies left alone unless named by <see cref="Include"/>: facades, test frameworks and the test platform
    /// (whose own synchronization would order tests it runs in parallel), mocking and assertion libraries.
    /// Shared-framework assemblies and the detector's own runtime are never instrumented.
    /// </summary>
    public static IReadOnlyList<string> DefaultExcludes { get; } =
    [
        "netstandard", "mscorlib",
        "xunit", "xunit.*", "nunit.framework*", "nunit.engine*", "NUnit3.TestAdapter", "MSTest.*", "MSTestAdapter.*", "testhost*",
        "Microsoft.TestPlatform.*", "Microsoft.VisualStudio.TestPlatform.*", "Microsoft.VisualStudio.CodeCoverage.*", "Microsoft.CodeCoverage.*",
        "Microsoft.Testing.*", "Microsoft.ApplicationInsights*",
        "Castle.Core", "Moq", "NSubstitute", "FluentAssertions*", "Shouldly", "AutoFixture*",
    ];

    /// <summary>
    /// Libraries instrumented for synchronization only unless named by <see cref="Include"/>: Microsoft's packages, whose
    /// own races are not the user's to fix, but whose locks, tasks and callbacks order the user code they call.
    /// </summary>
    public static IReadOnlyList<string> DefaultSynchronizationOnly { get; } = ["System.*", "Microsoft.*"];

    /// <summary>
    /// Globs over assembly names (<c>*</c>, <c>?</c>): when given, only matching assemblies are instrumented fully (and the
    /// <see cref="DefaultSynchronizationOnly"/> libraries for synchronization).
    /// </summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Globs over assembly names never to instrument, not even for synchronization.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>
    /// Detector settings in <c>RACEDETECTOR_OPTIONS</c> syntax, written beside the runtime in the output:
    /// the instrumented app then reports this way however it is started (the variable still wins).
    /// </summary>
    public string? RuntimeOptions { get; init; }

    /// <summary>
    /// How <paramref name="assemblyName"/> is instrumented. An <see cref="Exclude"/> always leaves it alone, and an
    /// <see cref="Include"/> instruments it fully. Otherwise a <see cref="DefaultExcludes"/> assembly is left alone, a
    /// <see cref="DefaultSynchronizationOnly"/> library is instrumented for synchronization (also when other assemblies
    /// are included: the user code they call needs their edges), and any other assembly is instrumented fully unless
    /// <see cref="Include"/> names others.
    /// </summary>
    public AssemblySelection Select(string assemblyName)
    {
        const string NotIncluded = "not matched by any --include";
        if (Matching(Exclude, assemblyName) is { } excluded)
            return AssemblySelection.LeftAlone($"excluded by --exclude {excluded}");
        if (Include.Count > 0 && Matching(Include, assemblyName) is not null)
            return AssemblySelection.Full;
        if (Matching(DefaultExcludes, assemblyName) is { } skipped)
            return AssemblySelection.LeftAlone(Include.Count > 0 ? NotIncluded : $"library left uninstrumented by default ({skipped}); use --include to instrument it");
        if (Matching(DefaultSynchronizationOnly, assemblyName) is { } library)
            return AssemblySelection.SynchronizationOnly($"synchronization only, by default for {library}; use --include to check its accesses");
        return Include.Count > 0 ? AssemblySelection.LeftAlone(NotIncluded) : AssemblySelection.Full;
    }

    static string? Matching(IReadOnlyList<string> globs, string assemblyName) => globs.FirstOrDefault(g => Glob.Matches(g, assemblyName));

    /// <summary>
    /// The assembly selection as command-line options (<c>--include A --exclude B</c>; empty for the default), stamped
    /// into every module instrumented with it.
    /// </summary>
    public string Selection => string.Join(" ",
        Include.Order(StringComparer.Ordinal).Select(g => "--include " + g).Concat(Exclude.Order(StringComparer.Ordinal).Select(g => "--exclude " + g)));

    /// <summary>A stable text of the options, recorded in outputs so a changed selection is noticed.</summary>
    public string Key => "include=" + string.Join(",", Include) + ";exclude=" + string.Join(",", Exclude) + ";runtime=" + RuntimeOptions;
}
