using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.Instrumenter;

/// <summary>
/// Files of an app folder that cannot be instrumented (native, mixed-mode and reference images, files that only
/// look like assemblies) are copied as they are, each with a one-line reason, and the rest is instrumented: named
/// alone they are refused (<see cref="BadInputTests"/>), inside a folder they are skipped.
/// </summary>
public class SkippedInputTests
{
    [Fact]
    public void Folder_with_unusable_files_skips_each_with_its_reason_and_instruments_the_rest()
    {
        using var temp = new TempDirectory("rd-skip");
        string app = FixtureApp.CopyBuild(temp.Path);
        var unusable = new Dictionary<string, (byte[] Bytes, string Reason)>
        {
            ["Elf.dll"] = (File.ReadAllBytes(UnusableFiles.ElfLibrary()), "not a .NET assembly (not a PE file, or a corrupt one)"),
            ["Empty.dll"] = ([], "not a .NET assembly (not a PE file, or a corrupt one)"),
            ["MixedMode.dll"] = (UnusableFiles.MixedModeImage(), "a mixed-mode (C++/CLI) image, which cannot be rewritten"),
            ["Native.dll"] = (UnusableFiles.MinimalNativePe(), "a native library, not a .NET assembly"),
            ["Notes.dll"] = ("just some text\n"u8.ToArray(), "not a .NET assembly (not a PE file, or a corrupt one)"),
            ["System.Collections.dll"] = (File.ReadAllBytes(UnusableFiles.RefPackAssembly("System.Collections.dll")),
                "a reference assembly (metadata only, no code to run)"),
            ["Truncated.dll"] = (UnusableFiles.TruncatedAssembly(), "not a .NET assembly (not a PE file, or a corrupt one)"),
        };
        foreach (var (file, (bytes, _)) in unusable)
            File.WriteAllBytes(Path.Combine(app, file), bytes);
        string output = temp.File("out");

        var cli = ProcessRunner.Cli("instrument", app, "-o", output);

        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Equal("", cli.StandardError);
        var lines = cli.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Contains(lines, l => l.StartsWith($"instrumented {FixtureApp.AssemblyName}.dll (", StringComparison.Ordinal));
        foreach (var (file, (bytes, reason)) in unusable)
        {
            Assert.Contains($"copied       {file}: {reason}", lines);
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(output, file)));
        }
        var run = FixtureApp.Run(FixtureApp.AssemblyIn(output), temp.File("r.json"), ["generic class int"]);
        Assert.True(run.ExitCode == 0, run.ToString());
    }
}
