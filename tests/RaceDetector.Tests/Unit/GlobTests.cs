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
    [InlineData("xunit.core", false)]
    [InlineData("xunit.v3.core", false)]
    [InlineData("nunit.framework", false)]
    [InlineData("NUnit3.TestAdapter", false)]
    [InlineData("MSTest.TestFramework", false)]
    [InlineData("MSTestAdapter.PlatformServices", false)]
    [InlineData("testhost", false)]
    [InlineData("XunitTests", true)]
    [InlineData("NUnitTests", true)]
    [InlineData("MyApp.Tests", true)]
    public void Test_frameworks_are_left_alone_but_test_projects_named_after_them_are_not(string assembly, bool instrumented) =>
        Assert.Equal(instrumented, new InstrumentOptions().SelectionProblem(assembly) is null);

    [Fact]
    public void Include_overrides_default_exclusions_and_exclude_wins()
    {
        var defaults = new InstrumentOptions();
        Assert.NotNull(defaults.SelectionProblem("Microsoft.Extensions.Logging"));
        Assert.Null(defaults.SelectionProblem("MyApp"));

        var included = new InstrumentOptions { Include = ["Microsoft.Extensions.*"], Exclude = ["*.Abstractions"] };
        Assert.Null(included.SelectionProblem("Microsoft.Extensions.Logging"));
        Assert.NotNull(included.SelectionProblem("Microsoft.Extensions.Logging.Abstractions"));
        Assert.NotNull(included.SelectionProblem("MyApp"));
    }
}
