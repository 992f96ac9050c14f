using RaceDetector.Instrumenter.Abi;

namespace RaceDetector.Instrumenter;

/// <summary>Which assemblies of an app to instrument.</summary>
public sealed record InstrumentOptions
{
    /// <summary>
    /// Assemblies left alone unless named by <see cref="Include"/>: Microsoft and System libraries, test
    /// frameworks, mocking and assertion libraries. Shared-framework assemblies and the detector's own runtime
    /// are never instrumented.
    /// </summary>
    public static IReadOnlyList<string> DefaultExcludes { get; } =
    [
        "System.*", "Microsoft.*", "netstandard", "mscorlib",
        "xunit", "xunit.*", "nunit.framework*", "nunit.engine*", "NUnit3.TestAdapter", "MSTest.*", "MSTestAdapter.*", "testhost*",
        "Castle.Core", "Moq", "NSubstitute", "FluentAssertions*", "Shouldly", "AutoFixture*",
    ];

    /// <summary>Globs over assembly names (<c>*</c>, <c>?</c>): when given, only matching assemblies are instrumented.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Globs over assembly names never to instrument.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>
    /// Detector settings in <c>RACEDETECTOR_OPTIONS</c> syntax, written beside the runtime in the output:
    /// the instrumented app then reports this way however it is started (the variable still wins).
    /// </summary>
    public string? RuntimeOptions { get; init; }

    /// <summary>Why <paramref name="assemblyName"/> is not selected, or null when it is.</summary>
    public string? SelectionProblem(string assemblyName)
    {
        if (Exclude.FirstOrDefault(g => Glob.Matches(g, assemblyName)) is { } excluded)
            return $"excluded by --exclude {excluded}";
        if (Include.Count > 0)
            return Include.Any(g => Glob.Matches(g, assemblyName)) ? null : "not matched by any --include";
        if (DefaultExcludes.FirstOrDefault(g => Glob.Matches(g, assemblyName)) is { } skipped)
            return $"library left uninstrumented by default ({skipped}); use --include to instrument it";
        return null;
    }

    /// <summary>
    /// The assembly selection as command-line options (<c>--include A --exclude B</c>; empty for the default), stamped
    /// into every module instrumented with it.
    /// </summary>
    public string Selection => string.Join(" ",
        Include.Order(StringComparer.Ordinal).Select(g => "--include " + g).Concat(Exclude.Order(StringComparer.Ordinal).Select(g => "--exclude " + g)));

    /// <summary>A stable text of the options, recorded in outputs so a changed selection is noticed.</summary>
    public string Key => "include=" + string.Join(",", Include) + ";exclude=" + string.Join(",", Exclude) + ";runtime=" + RuntimeOptions;
}
