using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

/// <summary><c>racedetector test</c> on bad input: one line naming the file and the reason, exit code 2, no stack dump.</summary>
public class TestCommandInputTests
{
    static string OneLineError(ProcessResult result)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("racedetector: error: ", line);
        return line;
    }

    [Fact]
    public void No_such_project()
    {
        var line = OneLineError(ProcessRunner.Cli("test", "/no/such/Tests.csproj"));
        Assert.Equal("racedetector: error: /no/such/Tests.csproj: no such project, solution or folder", line);
    }

    [Fact]
    public void A_project_that_fails_to_build()
    {
        var line = OneLineError(ProcessRunner.Cli("test", Path.Combine(Repo.Root, "tests", "Programs", "BuildFailure")));
        Assert.Contains("BuildFailure.csproj: build failed", line);
        Assert.Contains("undefinedVariable", line);
    }

    [Fact]
    public void A_malformed_suppressions_file_is_rejected_before_anything_runs()
    {
        using var temp = new TempDirectory("rd-supp");
        string file = temp.File("bad.supp");
        File.WriteAllLines(file, ["race:Ok.*", "racy:Oops.*"]);

        var line = OneLineError(ProcessRunner.Cli("test", Repo.Sample("Inventory.XunitTests"), "--suppressions", file));

        Assert.Equal($"racedetector: error: {file}: line 2: expected race:GLOB, race_top:GLOB or assembly:GLOB, found 'racy:Oops.*'", line);
    }

    [Fact]
    public void Without_a_target_the_current_folder_is_tested_and_what_follows_the_double_dash_is_for_dotnet_test()
    {
        using var temp = new TempDirectory("rd-no-target");

        var result = ProcessRunner.Dotnet([Repo.Cli, "test", "--", "--filter", "Name~Racy"], workingDirectory: temp.Path);

        // Not a project named '--filter', nor an unknown option: the empty current folder is the target.
        Assert.Equal("racedetector: error: .: no project or solution file in this folder or below it", OneLineError(result));
    }

    [Fact]
    public void A_project_without_tests()
    {
        var line = OneLineError(ProcessRunner.Cli("test", Repo.Sample("LostUpdate")));
        Assert.Contains("LostUpdate.csproj: no test projects found", line);
    }
}
