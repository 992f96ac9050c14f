using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>
/// Packs the RaceDetector tool and RaceDetector.MSBuild packages once (from the existing build, with a version
/// of their own so no NuGet cache can serve a stale copy) and copies the MSBuild-switch sample next to them.
/// </summary>
public sealed class PackagesFixture : IDisposable
{
#if DEBUG
    const string Configuration = "Debug";
#else
    const string Configuration = "Release";
#endif

    readonly TempDirectory _temp = new("rd-pack");

    public PackagesFixture()
    {
        Version = "0.1.0-e2e." + Guid.NewGuid().ToString("N")[..8];
        Artifacts = Path.Combine(_temp.Path, "artifacts");
        foreach (var project in new[] { "RaceDetector.Cli", "RaceDetector.MSBuild" })
        {
            var pack = ProcessRunner.Dotnet(["pack", Path.Combine(Repo.Root, "src", project), "-c", Configuration, "--no-build",
                $"-p:Version={Version}", "-o", Artifacts]);
            if (pack.ExitCode != 0)
                throw new InvalidOperationException($"dotnet pack {project} failed: {pack}");
        }
        Sample = CopySample();
    }

    public string Version { get; }

    public string Artifacts { get; }

    public string Root => _temp.Path;

    /// <summary>The copied samples/Inventory.MSBuildTests project folder.</summary>
    public string Sample { get; }

    /// <summary>The sample's layout (the library, the shared test file, the test project), under a NuGet config of the test's own.</summary>
    string CopySample()
    {
        string samples = Path.Combine(_temp.Path, "samples");
        foreach (var file in new[] { "Directory.Build.props", "Inventory/Inventory.csproj", "Inventory/StockCounter.cs",
                     "Inventory.XunitTests/StockCounterTests.cs", "Inventory.MSBuildTests/Inventory.MSBuildTests.csproj" })
        {
            string target = Path.Combine(samples, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(Repo.Samples, file), target);
        }
        string project = Path.Combine(samples, "Inventory.MSBuildTests");
        string globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{Path.Combine(_temp.Path, "packages")}" /></config>
              <fallbackPackageFolders><add key="machine" value="{globalPackages}" /></fallbackPackageFolders>
              <packageSources><add key="e2e-artifacts" value="{Artifacts}" /></packageSources>
            </configuration>
            """);
        return project;
    }

    public ProcessResult DotnetTest(params string[] properties) =>
        ProcessRunner.Dotnet(["test", Sample, $"-p:RaceDetectorPackageVersion={Version}", .. properties], workingDirectory: Sample,
            timeout: TimeSpan.FromMinutes(5));

    public void Dispose() => _temp.Dispose();
}

/// <summary>The MSBuild switch on samples/Inventory.MSBuildTests, and the dotnet tool package.</summary>
public class PackagingTests(PackagesFixture packages) : IClassFixture<PackagesFixture>
{
    const string RacyTest = InventoryRuns.RacyTest;

    string OutputFolder => Path.Combine(packages.Sample, "bin", "Debug", "net10.0");

    string WorkFolder => Path.Combine(packages.Sample, "obj", "Debug", "net10.0", "racedetection");

    [Fact]
    public void Switch_fails_the_run_on_the_race_and_restores_the_binaries()
    {
        var build = ProcessRunner.Dotnet(["build", packages.Sample, $"-p:RaceDetectorPackageVersion={packages.Version}"], workingDirectory: packages.Sample);
        Assert.True(build.ExitCode == 0, build.ToString());
        var before = Snapshot(OutputFolder);

        var run = packages.DotnetTest("-p:RaceDetection=true", "-p:RaceDetectionSarif=races.sarif");

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Contains("Passed!  - Failed:     0, Passed:     6", run.StandardOutput);
        string source = Path.Combine(packages.Root, "samples", "Inventory", "StockCounter.cs");
        int line = SourceMarkers.Line(source, "// RACE: StockCounter._onHand");
        Assert.Contains($"{source}({line}): error write-write: Data race on Inventory.StockCounter._onHand", run.StandardOutput);
        Assert.Contains($"(in test {RacyTest})", run.StandardOutput);
        Assert.Contains("RaceDetector: 1 data race(s) in 1 test(s)", run.StandardOutput);
        Assert.DoesNotContain("warning : DATA RACE", run.StandardOutput);

        var report = RaceReportJson.Load(Path.Combine(WorkFolder, "races.json"));
        var race = Assert.Single(report.Races);
        Assert.Equal(RacyTest, race.Current.Test);
        Assert.Equal(RacyTest, race.Previous.Test);
        Assert.Equal(line, race.Current.Top.Line);
        SarifAssert.Valid(Path.Combine(packages.Sample, "races.sarif"));

        // Every original is back, byte for byte and with its timestamp, and nothing of the detector stays.
        Assert.Equal(before, Snapshot(OutputFolder));
        Assert.False(Directory.Exists(Path.Combine(WorkFolder, "backup")));
    }

    [Fact]
    public void Suppressions_property_silences_the_race_and_the_report_goes_where_asked()
    {
        File.WriteAllText(Path.Combine(packages.Sample, "races.supp"), "race:*.ReceiveUnsynchronized\n");

        var run = packages.DotnetTest("-p:RaceDetection=true", "-p:RaceDetectionSuppressions=races.supp", "-p:RaceDetectionReport=reports/suppressed.json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("RaceDetector: 0 data race(s) in 0 test(s), 1 suppressed", run.StandardOutput);
        var report = RaceReportJson.Load(Path.Combine(packages.Sample, "reports", "suppressed.json"));
        Assert.Empty(report.Races);
        Assert.Equal(1, report.Suppressed);
    }

    [Fact]
    public void A_failed_test_run_still_restores_the_binaries_and_reports_the_race()
    {
        var build = ProcessRunner.Dotnet(["build", packages.Sample, $"-p:RaceDetectorPackageVersion={packages.Version}"], workingDirectory: packages.Sample);
        Assert.True(build.ExitCode == 0, build.ToString());
        var before = Snapshot(OutputFolder);

        // Halting at the race aborts the test host, so VSTest fails the run.
        var run = packages.DotnetTest("-p:RaceDetection=true", "-p:RaceDetectionHaltOnError=true");

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Contains("RaceDetector: the test run failed (see above); the original binaries are restored.", run.StandardOutput);
        Assert.Contains("error write-write: Data race on Inventory.StockCounter._onHand", run.StandardOutput);
        Assert.Contains("RaceDetector: 1 data race(s) in 1 test(s)", run.StandardOutput);
        var report = RaceReportJson.Load(Path.Combine(WorkFolder, "races.json"));
        Assert.Equal(RacyTest, Assert.Single(report.Races).Current.Test);
        Assert.Equal(before, Snapshot(OutputFolder));
        Assert.False(Directory.Exists(Path.Combine(WorkFolder, "backup")));
    }

    [Fact]
    public void A_killed_test_run_is_restored_by_the_next_build()
    {
        var build = ProcessRunner.Dotnet(["build", packages.Sample, $"-p:RaceDetectorPackageVersion={packages.Version}"], workingDirectory: packages.Sample);
        Assert.True(build.ExitCode == 0, build.ToString());
        var before = Snapshot(OutputFolder);
        // What a run killed between instrumenting and restoring leaves behind: an instrumented output and its backup.
        var instrument = ProcessRunner.Dotnet([PackagedTool, "instrument", OutputFolder, "--in-place", "--backup", Path.Combine(WorkFolder, "backup")]);
        Assert.True(instrument.ExitCode == 0, instrument.ToString());
        Assert.True(File.Exists(Path.Combine(OutputFolder, "RaceDetector.Runtime.dll")));

        var rebuild = ProcessRunner.Dotnet(["build", packages.Sample, $"-p:RaceDetectorPackageVersion={packages.Version}"], workingDirectory: packages.Sample);

        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        Assert.Equal(before, Snapshot(OutputFolder));
        Assert.False(Directory.Exists(Path.Combine(WorkFolder, "backup")));
    }

    /// <summary>The command-line tool inside the restored RaceDetector.MSBuild package.</summary>
    string PackagedTool => Path.Combine(packages.Root, "packages", "racedetector.msbuild", packages.Version, "tools", "racedetector", "racedetector.dll");

    [Fact]
    public void Without_the_switch_dotnet_test_is_untouched()
    {
        var run = packages.DotnetTest();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("RaceDetector", run.StandardOutput);
        Assert.False(File.Exists(Path.Combine(OutputFolder, "RaceDetector.Runtime.dll")));
    }

    [Fact]
    public void Tool_package_installs_into_a_tool_path_and_runs()
    {
        string tools = Path.Combine(packages.Root, "tools");
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(packages.Root, "tool-packages") };
        var install = ProcessRunner.Dotnet(["tool", "install", "RaceDetector", "--tool-path", tools, "--add-source", packages.Artifacts,
            "--version", packages.Version], environment: environment);
        Assert.True(install.ExitCode == 0, install.ToString());
        string racedetector = Path.Combine(tools, OperatingSystem.IsWindows() ? "racedetector.exe" : "racedetector");

        var help = Run(racedetector, "--help");
        Assert.True(help.ExitCode == 0, help.ToString());
        foreach (var command in new[] { "instrument", "run", "test", "report", "restore" })
            Assert.Contains(command, help.StandardOutput);

        // The installed tool carries the detector runtime: it finds the race in a sample.
        var run = Run(racedetector, "run", Repo.Sample("LostUpdate"));
        Assert.True(run.ExitCode == 66, run.ToString());
        Assert.Contains("RaceDetector: 1 data race(s) reported", run.StandardError);
    }

    static ProcessResult Run(string program, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["RACEDETECTOR_CACHE"] = ProcessRunner.CacheDirectory;
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, output, error.Result);
    }

    /// <summary>The output folder, but the test SDK's coverage map, which every test run rewrites.</summary>
    static List<string> Snapshot(string folder) =>
        FolderSnapshot.Of(folder, name => name.StartsWith(".msCoverageSourceRootsMapping", StringComparison.Ordinal));
}

/// <summary>Where <c>dotnet pack</c> puts the packages when no <c>-o</c> is given.</summary>
public class PackageOutputTests
{
    [Theory]
    [InlineData("RaceDetector.Cli")]
    [InlineData("RaceDetector.MSBuild")]
    public void Packages_go_to_the_repository_artifacts_folder(string project)
    {
        var query = ProcessRunner.Dotnet(["msbuild", Path.Combine(Repo.Root, "src", project), "-nologo", "-getProperty:PackageOutputPath"]);

        Assert.True(query.ExitCode == 0, query.ToString());
        Assert.Equal(Path.Combine(Repo.Root, "artifacts") + Path.DirectorySeparatorChar, Path.GetFullPath(query.StandardOutput.Trim()));
    }
}
