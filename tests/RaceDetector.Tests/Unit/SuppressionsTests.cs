using RaceDetector.Runtime.Reporting;
using RaceDetector.Runtime.Threads;
using Xunit;

namespace RaceDetector.Tests.Unit;

public class SuppressionsTests
{
    static readonly RaceReport Race = new(
        "id", "write-write",
        new LocationReport("field", "Demo.Counter", "_count", "Demo.Counter._count", null, "_count", "Int32", "Demo.Counter", 1),
        Access("Demo.Counter.Add(Int32)", "Demo.Worker.Run()"),
        Access("Demo.Counter.Reset()", "Demo.Program.Main(String[])"));

    static AccessReport Access(params string[] frames) => new(
        "write", false, new ThreadInfo(1, "t", null, -1),
        frames.Select(f => new FrameReport(f, null, 0, 0)).ToArray(), Array.Empty<string>(), null);

    static string? Match(params string[] lines)
    {
        var problems = new List<string>();
        var suppressions = Suppressions.Parse(lines, problems);
        Assert.Empty(problems);
        return suppressions.Match(Race, site => site == 7 ? "Demo.Lib" : "Demo.App", currentSite: 7, previousSite: 8);
    }

    [Fact]
    public void Race_rule_matches_any_frame_of_either_stack_without_parameters()
    {
        Assert.Equal("race:Demo.Program.Main", Match("race:Demo.Program.Main"));
        Assert.Equal("race:*.Worker.*", Match("# comment", "", "race:*.Worker.*"));
    }

    [Fact]
    public void Race_rule_matches_the_location_display_name()
    {
        Assert.Equal("race:Demo.Counter._count", Match("race:Demo.Counter._count"));
    }

    [Fact]
    public void Race_top_rule_only_looks_at_top_frames()
    {
        Assert.Null(Match("race_top:Demo.Worker.Run"));
        Assert.Equal("race_top:Demo.Counter.Reset", Match("race_top:Demo.Counter.Reset"));
    }

    [Theory]
    [InlineData("Demo.Tests.Shop.<Checkout_races>d__3.MoveNext()")]
    [InlineData("Demo.Tests.Shop.<>c.<Checkout_races>b__3_0()")]
    [InlineData("Demo.Tests.Shop.<>c__DisplayClass3_0.<Checkout_races>b__1(Int32)")]
    [InlineData("Demo.Tests.Shop.<Checkout_races>g__Buy|3_0()")]
    public void Rules_match_generated_methods_by_the_name_they_were_written_with(string frame)
    {
        var race = Race with { Current = Access(frame, "Demo.Worker.Run()") };
        var problems = new List<string>();
        foreach (string rule in new[] { "race_top:Demo.Tests.Shop.Checkout_races", "race:Demo.Tests.Shop.Checkout_races" })
            Assert.Equal(rule, Suppressions.Parse([rule], problems).Match(race, _ => null, 0, 0));
        Assert.Null(Suppressions.Parse(["race_top:Demo.Tests.Shop.Other"], problems).Match(race, _ => null, 0, 0));
        Assert.Empty(problems);
    }

    [Fact]
    public void Assembly_rule_matches_either_access_assembly()
    {
        Assert.Equal("assembly:Demo.Lib", Match("assembly:Demo.Lib"));
        Assert.Null(Match("assembly:Other.*"));
    }

    [Fact]
    public void Unrelated_rules_do_not_match()
    {
        Assert.Null(Match("race:Other.*", "race_top:Demo.Worker.*"));
    }

    [Fact]
    public void Malformed_lines_are_reported_with_their_line_numbers()
    {
        var problems = new List<string>();
        Suppressions.Parse(new[] { "race:ok", "frobnicate:x", "race:", "no colon" }, problems);
        Assert.Equal(3, problems.Count);
        Assert.StartsWith("line 2:", problems[0]);
        Assert.StartsWith("line 3:", problems[1]);
        Assert.StartsWith("line 4:", problems[2]);
    }
}
