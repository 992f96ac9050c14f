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
}
