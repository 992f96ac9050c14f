using RaceDetector.Instrumenter;
using RaceDetector.Runtime.Abi;
using Xunit;

namespace RaceDetector.Tests.Unit;

public class GlobTests
{
    [Theory]
    [InlineData("System.*", "System.Text.Json", true)]
    [InlineData("System.*", "MySystem.Text", false)]
    [InlineData("xunit*", "xunit.core", true)]
    [InlineData("Demo?", "Demo1", true)]
    [InlineData("Demo?", "Demo12", false)]
    [InlineData("*", "", true)]
    [InlineData("newtonsoft.json", "Newtonsoft.Json", true)]
    public void Wildcards_match_whole_names_ignoring_case(string pattern, string name, bool expected) =>
        Assert.Equal(expected, Glob.Matches(pattern, name));

    [Theory]
    [InlineData("xunit.core", null)]
    [InlineData("xunit.v3.core", null)]
    [InlineData("nunit.framework", null)]
    [InlineData("NUnit3.TestAdapter", null)]
    [InlineData("MSTest.TestFramework", null)]
    [InlineData("MSTestAdapter.PlatformServices", null)]
    [InlineData("testhost", null)]
    [InlineData("Microsoft.TestPlatform.CoreUtilities", null)]
    [InlineData("Microsoft.VisualStudio.TestPlatform.ObjectModel", null)]
    [InlineData("Microsoft.VisualStudio.CodeCoverage.Shim", null)]
    [InlineData("Microsoft.Testing.Platform", null)]
    [InlineData("Microsoft.ApplicationInsights", null)]
    [InlineData("XunitTests", InstrumentationLevel.Full)]
    [InlineData("NUnitTests", InstrumentationLevel.Full)]
    [InlineData("MyApp.Tests", InstrumentationLevel.Full)]
    public void Test_frameworks_and_the_test_platform_are_left_alone_but_test_projects_named_after_them_are_not(string assembly, InstrumentationLevel? level) =>
        Assert.Equal(level, new InstrumentOptions().Select(assembly).Level);

    [Theory]
    [InlineData("Microsoft.Extensions.Caching.Memory")]
    [InlineData("System.Reactive")]
    [InlineData("Microsoft.VisualStudio.Threading")]
    public void Microsoft_libraries_are_instrumented_for_synchronization_only_by_default(string assembly)
    {
        var selection = new InstrumentOptions().Select(assembly);
        Assert.Equal(InstrumentationLevel.SynchronizationOnly, selection.Level);
        Assert.Contains("use --include to check its accesses", selection.Reason);
    }

    [Fact]
    public void Include_instruments_fully_and_overrides_default_exclusions_and_exclude_wins()
    {
        var defaults = new InstrumentOptions();
        Assert.Equal(InstrumentationLevel.Full, defaults.Select("MyApp").Level);
        Assert.Null(defaults.Select("Moq").Level);

        var included = new InstrumentOptions { Include = ["Microsoft.Extensions.*", "Moq"], Exclude = ["*.Abstractions"] };
        Assert.Equal(InstrumentationLevel.Full, included.Select("Microsoft.Extensions.Logging").Level);
        Assert.Equal(InstrumentationLevel.Full, included.Select("Moq").Level);
        Assert.Equal(new AssemblySelection(null, "excluded by --exclude *.Abstractions"), included.Select("Microsoft.Extensions.Logging.Abstractions"));
        Assert.Equal(new AssemblySelection(null, "not matched by any --include"), included.Select("MyApp"));
        Assert.Equal(new AssemblySelection(null, "not matched by any --include"), included.Select("NSubstitute"));
    }

    /// <summary>Narrowing full instrumentation to some assemblies keeps the edges of the Microsoft libraries the others call.</summary>
    [Fact]
    public void Microsoft_libraries_not_included_stay_synchronization_only_unless_excluded()
    {
        var included = new InstrumentOptions { Include = ["MyApp"] };
        Assert.Equal(InstrumentationLevel.SynchronizationOnly, included.Select("System.Reactive").Level);
        Assert.Null(included.Select("Microsoft.TestPlatform.CoreUtilities").Level);

        var excluded = new InstrumentOptions { Exclude = ["System.Reactive"] };
        Assert.Null(excluded.Select("System.Reactive").Level);
    }
}
