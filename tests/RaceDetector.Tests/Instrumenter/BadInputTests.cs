using System.Security.Cryptography;
using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.Instrumenter;

/// <summary>
/// <c>racedetector instrument</c> on input it cannot instrument: exit code 2, exactly one line on stderr
/// naming the file and the reason, no stack trace, no output folder left behind (nor a previous one
/// changed), and the input untouched.
/// </summary>
public class BadInputTests
{
    /// <summary>Case name: how to make the input, which path the message must name, and a word of the reason.</summary>
    public static TheoryData<string> Cases => new()
    {
        "text file named .dll",
        "zero-byte .dll",
        "ELF shared library named .dll",
        "native PE without a CLI header",
        "missing path",
        "reference assembly System.Runtime.dll from the ref pack",
        "reference assembly System.Collections.dll from the ref pack",
        "output folder that cannot be written",
        "mixed-mode image",
        "missing dependency",
        "truncated assembly",
        "assembly with flipped bytes in its metadata",
        "assembly instrumented by another RaceDetector version",
        "dangling link named .dll in the app folder",
        "dangling link to a data file in the app folder",
        "empty folder",
        "folder of native files only",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_fails_with_one_line_and_leaves_nothing_behind(string name)
    {
        using var temp = new TempDirectory("rd-bad");
        var (input, output, named, reason) = Make(name, temp.Path);
        string? hashBefore = Hash(input);

        var cli = ProcessRunner.Cli("instrument", input, "-o", output);

        Assert.True(cli.ExitCode == 2, $"{name}: expected exit code 2 (bad input)\n{cli}");
        var lines = cli.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.True(lines.Count == 1, $"{name}: expected exactly one line on stderr\n{cli}");
        Assert.StartsWith("racedetector: error: ", lines[0]);
        Assert.Contains(named, lines[0]);
        Assert.Contains(reason, lines[0]);
        Assert.DoesNotContain("   at ", cli.StandardError);
        Assert.DoesNotContain("Exception", lines[0].Replace(named, ""));
        Assert.False(Directory.Exists(output), $"{name}: output folder {output} was left behind\n{cli}");
        string parent = Path.GetDirectoryName(output)!;
        if (Directory.Exists(parent))
            Assert.Empty(Directory.GetDirectories(parent, Path.GetFileName(output) + ".tmp-*"));
        Assert.Equal(hashBefore, Hash(input));
    }

    static (string Input, string Output, string Named, string Reason) Make(string name, string directory)
    {
        string output = Path.Combine(directory, "out");
        string Put(string file, byte[] bytes)
        {
            string path = Path.Combine(directory, file);
            File.WriteAllBytes(path, bytes);
            return path;
        }
        switch (name)
        {
            case "text file named .dll":
            {
                string input = Put("notes.dll", "just some text\n"u8.ToArray());
                return (input, output, input, "not a .NET assembly");
            }
            case "zero-byte .dll":
            {
                string input = Put("empty.dll", []);
                return (input, output, input, "not a .NET assembly");
            }
            case "ELF shared library named .dll":
            {
                string input = Put("native.dll", File.ReadAllBytes(UnusableFiles.ElfLibrary()));
                return (input, output, input, "not a .NET assembly");
            }
            case "native PE without a CLI header":
            {
                string input = Put("native.dll", UnusableFiles.MinimalNativePe());
                return (input, output, input, "a native library");
            }
            case "missing path":
            {
                string input = Path.Combine(directory, "does-not-exist.dll");
                return (input, output, input, "no such file");
            }
            case "reference assembly System.Runtime.dll from the ref pack":
            case "reference assembly System.Collections.dll from the ref pack":
            {
                string file = name.Contains("System.Runtime") ? "System.Runtime.dll" : "System.Collections.dll";
                string input = Put(file, File.ReadAllBytes(UnusableFiles.RefPackAssembly(file)));
                return (input, output, input, "a reference assembly");
            }
            case "output folder that cannot be written":
            {
                string input = FixtureApp.AssemblyIn(FixtureApp.CopyBuild(directory));
                if (Environment.IsPrivilegedProcess || OperatingSystem.IsWindows())
                {
                    // Root ignores directory permissions (and Windows has no mode bits): make the output's parent a file instead.
                    string blocker = Put("blocker", "a file, not a folder"u8.ToArray());
                    string blocked = Path.Combine(blocker, "out");
                    return (input, blocked, blocked, "cannot write the output folder");
                }
                string locked = Path.Combine(directory, "locked");
                Directory.CreateDirectory(locked);
                File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserExecute);
                string inside = Path.Combine(locked, "out");
                return (input, inside, inside, "cannot write the output folder");
            }
            case "mixed-mode image":
            {
                string input = Put("MixedMode.dll", UnusableFiles.MixedModeImage());
                return (input, output, input, "mixed-mode");
            }
            case "missing dependency":
            {
                string input = FixtureApp.AssemblyIn(FixtureApp.CopyBuild(directory));
                using (var assembly = Mono.Cecil.AssemblyDefinition.ReadAssembly(FixtureApp.DebugAssembly, new Mono.Cecil.ReaderParameters { InMemory = true }))
                {
                    assembly.MainModule.AssemblyReferences.Add(new Mono.Cecil.AssemblyNameReference("Acme.Missing", new Version(1, 2, 3, 4)));
                    assembly.Write(input);
                }
                return (input, output, input, "depends on Acme.Missing 1.2.3.4");
            }
            case "truncated assembly":
            {
                string input = Put("Truncated.dll", UnusableFiles.TruncatedAssembly());
                return (input, output, input, "not a .NET assembly");
            }
            case "assembly with flipped bytes in its metadata":
            {
                string input = Put("Flipped.dll", UnusableFiles.FlippedMetadataAssembly());
                return (input, output, input, "not a valid .NET assembly (its metadata is corrupt)");
            }
            case "assembly instrumented by another RaceDetector version":
            {
                string app = Path.Combine(directory, "instrumented");
                FixtureApp.Instrument(FixtureApp.BuiltDirectory, app);
                string input = FixtureApp.AssemblyIn(app);
                UnusableFiles.StampVersion(input, "0.0.1-elsewhere");
                return (input, output, input, "already instrumented by RaceDetector 0.0.1-elsewhere; instrument the original build instead");
            }
            case "dangling link named .dll in the app folder":
            {
                string app = FixtureApp.CopyBuild(directory);
                string link = Path.Combine(app, "Gone.dll");
                File.CreateSymbolicLink(link, Path.Combine(directory, "no-such-target.dll"));
                return (FixtureApp.AssemblyIn(app), output, link, "cannot read the file");
            }
            case "dangling link to a data file in the app folder":
            {
                string app = FixtureApp.CopyBuild(directory);
                string link = Path.Combine(app, "settings.json");
                File.CreateSymbolicLink(link, Path.Combine(directory, "no-such-settings.json"));
                return (FixtureApp.AssemblyIn(app), output, link, "cannot copy it into the output folder");
            }
            case "empty folder":
            {
                string input = Path.Combine(directory, "empty");
                Directory.CreateDirectory(input);
                return (input, output, input, "no .NET assembly to instrument");
            }
            case "folder of native files only":
            {
                string input = Path.Combine(directory, "native");
                Directory.CreateDirectory(input);
                File.WriteAllBytes(Path.Combine(input, "Native.dll"), UnusableFiles.MinimalNativePe());
                File.Copy(UnusableFiles.ElfLibrary(), Path.Combine(input, "libz.so"));
                return (input, output, input, "no .NET assembly to instrument; Native.dll: a native library");
            }
            default:
                throw new ArgumentException(name);
        }
    }

    [Fact]
    public void Failed_instrumentation_leaves_the_previous_output_as_it_was()
    {
        using var temp = new TempDirectory("rd-bad-again");
        string app = FixtureApp.CopyBuild(temp.Path);
        string output = temp.File("out");
        var first = ProcessRunner.Cli("instrument", app, "-o", output, "--include", FixtureApp.AssemblyName);
        Assert.True(first.ExitCode == 0, first.ToString());
        var before = FolderSnapshot.Of(output);
        // The copy into the staging folder fails half-way: the previous output must not be touched.
        File.CreateSymbolicLink(Path.Combine(app, "zz-settings.json"), temp.File("no-such-settings.json"));

        var second = ProcessRunner.Cli("instrument", app, "-o", output, "--include", FixtureApp.AssemblyName);

        Assert.True(second.ExitCode == 2, second.ToString());
        Assert.Equal(before, FolderSnapshot.Of(output));
        Assert.Empty(Directory.GetDirectories(temp.Path, "out.tmp-*"));
    }

    /// <summary>A command line the parser or the command rejects: its arguments, and a word of the reason.</summary>
    public static TheoryData<string> CommandLines => new()
    {
        "exit code above 255",
        "exit code that is not a number",
        "unknown option before the app",
        "unknown option before the input to instrument",
        "unknown option before the test project",
        "unknown option after the test project",
        "unknown option before the double dash of test",
        "unknown option before the reports",
        "folder of binaries without a project",
        "class library",
    };

    [Theory]
    [MemberData(nameof(CommandLines))]
    public void Bad_command_line_fails_with_exit_code_2_and_its_reason_not_the_help(string name)
    {
        using var temp = new TempDirectory("rd-bad-cli");
        string app = FixtureApp.AssemblyIn(FixtureApp.CopyBuild(temp.Path));
        string library = temp.File("Library.dll");
        File.Copy(app, library);
        string tests = Path.Combine(Repo.Root, "tests", "Programs", "NUnitTests");
        var (arguments, reason) = name switch
        {
            "exit code above 255" => (new[] { "run", "--exit-code", "300", app }, "--exit-code: '300' is not an exit code (a number from 0 to 255)"),
            "exit code that is not a number" => (["run", "--exit-code", "abc", app], "--exit-code: 'abc' is not an exit code"),
            "unknown option before the app" => (["run", "--bogus", app], "unknown option '--bogus'"),
            "unknown option before the input to instrument" => (["instrument", "--bogus", app, "-o", temp.File("out")], "unknown option '--bogus'"),
            "unknown option before the test project" => (["test", "--bogus", tests], "unknown option '--bogus'"),
            "unknown option after the test project" => (["test", tests, "--bogus"], "unknown option '--bogus'"),
            "unknown option before the double dash of test" => (["test", tests, "--filter", "Racy", "--", "--filter", "Racy"], "unknown option '--filter'"),
            "unknown option before the reports" => (["report", "--bogus", temp.Path], "unknown option '--bogus'"),
            "folder of binaries without a project" => (["run", temp.File("app")], $"{temp.File("app")}: no project file in this folder; pass the app's .dll"),
            "class library" => (["run", library], $"{library}: a class library, not an app (no Library.runtimeconfig.json)"),
            _ => throw new ArgumentException(name),
        };

        var cli = ProcessRunner.Cli(arguments);

        Assert.True(cli.ExitCode == 2, $"{name}: expected exit code 2 (bad input)\n{cli}");
        var lines = cli.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.StartsWith($"racedetector: error: {reason}", lines[0]);
        // At most a pointer to the help after the error: never the help itself, a stack trace or the host's own errors.
        Assert.True(lines.Count <= 2 && lines.All(l => l.StartsWith("racedetector: ", StringComparison.Ordinal)), $"{name}\n{cli}");
        Assert.DoesNotContain("Usage:", cli.StandardOutput + cli.StandardError);
        // Rejected before anything was built or run.
        Assert.Empty(cli.StandardOutput);
    }

    static string? Hash(string path) => File.Exists(path) ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))) : null;
}
