using RaceDetector.Cli.Reports;
using RaceDetector.Runtime;
using Xunit;

namespace RaceDetector.Tests.Unit;

public class RuntimeOptionsTests
{
    [Fact]
    public void Parses_tsan_style_options_with_quoted_paths()
    {
        var options = RuntimeOptions.Parse("json=\"/tmp/with space/r.json\" halt_on_error=1 exit_code=3");
        Assert.Equal("/tmp/with space/r.json", options.JsonPath);
        Assert.True(options.HaltOnError);
        Assert.Equal(3, options.ExitCode);
        Assert.Empty(options.Warnings);
    }

    [Fact]
    public void Defaults_when_unset()
    {
        var options = RuntimeOptions.Parse(null);
        Assert.Null(options.JsonPath);
        Assert.False(options.HaltOnError);
        Assert.Equal(66, options.ExitCode);
    }

    [Fact]
    public void Bad_tokens_become_warnings_not_errors()
    {
        var options = RuntimeOptions.Parse("halt_on_error=maybe bogus colour=red exit_code=7");
        Assert.Equal(7, options.ExitCode);
        Assert.False(options.HaltOnError);
        Assert.Equal(3, options.Warnings.Count);
        Assert.Contains(options.Warnings, w => w.Contains("bogus"));
    }

    [Fact]
    public void Percent_p_in_the_json_path_becomes_the_process_id()
    {
        var options = RuntimeOptions.Parse("json=/tmp/race-%p.json suppressions=/tmp/r.supp");
        Assert.Equal($"/tmp/race-{Environment.ProcessId}.json", options.ResolvedJsonPath);
        Assert.Equal("/tmp/r.supp", options.SuppressionsPath);
    }

    [Fact]
    public void An_unterminated_quote_drops_its_token_with_one_warning()
    {
        // Taken as it stands, the quote would run to the end: a report file named "q.json exit_code=5".
        var options = RuntimeOptions.Parse("halt_on_error=1 json=\"/tmp/q.json exit_code=5");
        Assert.Null(options.JsonPath);
        Assert.True(options.HaltOnError);
        Assert.Equal(66, options.ExitCode);
        var warning = Assert.Single(options.Warnings);
        Assert.Equal("ignoring 'json=\"/tmp/q.json exit_code=5': unterminated quote", warning);
    }
}

/// <summary>The options <c>run</c> and <c>test</c> give their programs: the user's RACEDETECTOR_OPTIONS, with the command's settings winning.</summary>
public class UserRuntimeOptionsTests
{
    static readonly (string Key, string Value)[] Own = [("json", "/tmp/run dir/r.json"), ("exit_code", "66")];

    [Fact]
    public void The_users_other_options_are_kept_and_the_commands_own_win_with_a_warning()
    {
        var warnings = new StringWriter();

        string merged = UserRuntimeOptions.Merge("log=\"/tmp/my log.txt\" json=/tmp/mine.json", Own, warnings);

        var options = RuntimeOptions.Parse(merged);
        Assert.Empty(options.Warnings);
        Assert.Equal("/tmp/my log.txt", options.LogPath);
        Assert.Equal("/tmp/run dir/r.json", options.JsonPath);
        Assert.Equal("racedetector: warning: RACEDETECTOR_OPTIONS: ignoring 'json=/tmp/mine.json': the command sets json itself\n",
            warnings.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void An_unterminated_quote_in_the_users_options_cannot_swallow_the_commands_own()
    {
        var warnings = new StringWriter();

        string merged = UserRuntimeOptions.Merge("log=\"/tmp/x.txt", Own, warnings);

        var options = RuntimeOptions.Parse(merged);
        Assert.Empty(options.Warnings);
        Assert.Null(options.LogPath);
        Assert.Equal("/tmp/run dir/r.json", options.JsonPath);
        Assert.Contains("unterminated quote", warnings.ToString());
    }

    [Fact]
    public void Without_the_variable_only_the_commands_options_are_given()
    {
        var warnings = new StringWriter();
        Assert.Equal("json=\"/tmp/run dir/r.json\" exit_code=\"66\"", UserRuntimeOptions.Merge(null, Own, warnings));
        Assert.Equal("", warnings.ToString());
    }
}
