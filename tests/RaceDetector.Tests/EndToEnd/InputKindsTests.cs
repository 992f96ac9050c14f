using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>
/// tests/Programs/InputKinds (its race is in InputKindsLib) built as each kind of input the instrumenter meets,
/// each build made once for the whole class.
/// </summary>
public sealed class InputKindBuilds : IDisposable
{
    readonly ProgramBuilds _builds = new("InputKinds");
    readonly TempDirectory _key = new("rd-key");

    /// <summary>The output folder of the <paramref name="kind"/> build.</summary>
    public string Folder(string kind) => kind switch
    {
        "portable" or "embedded" or "none" => _builds.Output(kind, "build", $"-p:DebugType={kind}"),
        "strong-named" => _builds.Output(kind, "build", "-p:SignAssembly=true", $"-p:AssemblyOriginatorKeyFile={KeyFile()}"),
        "ready-to-run" => _builds.Output(kind, "publish", "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained", "false",
            "-p:PublishReadyToRun=true"),
        "single-file" => _builds.Output(kind, "publish", "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained", "false",
            "-p:PublishSingleFile=true"),
        _ => throw new ArgumentException(kind),
    };

    public string Project => _builds.Project;

    /// <summary>A strong-name key pair made here (a CAPI private key blob, which is what an .snk file holds).</summary>
    string KeyFile()
    {
        string path = _key.File("key.snk");
        if (!File.Exists(path))
        {
            using var rsa = new RSACryptoServiceProvider(1024);
            File.WriteAllBytes(path, rsa.ExportCspBlob(includePrivateParameters: true));
        }
        return path;
    }

    public void Dispose()
    {
        _builds.Dispose();
        _key.Dispose();
    }
}

/// <summary>
/// Portable, embedded and missing PDBs, strong names and ReadyToRun images are instrumented, run, and report the
/// race (with file and line wherever symbols exist); a single-file bundle is refused, by name or as the only file of its folder.
/// </summary>
public class InputKindsTests(InputKindBuilds builds) : IClassFixture<InputKindBuilds>
{
    const string Library = "InputKindsLib.dll";

    string LibrarySource => Path.Combine(Path.GetDirectoryName(builds.Project)!, "InputKindsLib", "Counter.cs");

    string ProgramSource => Path.Combine(builds.Project, "Program.cs");

    [Theory]
    [InlineData("portable")]
    [InlineData("embedded")]
    public void Race_reports_carry_file_and_line_with_portable_or_embedded_symbols(string kind)
    {
        using var temp = new TempDirectory("rd-kind");
        var (run, report) = InstrumentAndRun(builds.Folder(kind), temp);

        var race = AssertCounterRace(run, report);
        int racyLine = SourceMarkers.Line(LibrarySource, "// RACE: Count");
        foreach (var side in new[] { race.Current, race.Previous })
            Assert.Equal((LibrarySource, racyLine), (side.Top.File, side.Top.Line));
        // The caller's frame comes from the live stack: the rewritten program's own symbols give its line.
        var caller = race.Current.Stack[1];
        Assert.Equal((ProgramSource, SourceMarkers.Line(ProgramSource, "// CALLER")), (caller.File, caller.Line));
    }

    [Fact]
    public void Race_is_reported_without_file_and_line_when_there_are_no_symbols()
    {
        using var temp = new TempDirectory("rd-kind");
        string folder = builds.Folder("none");
        Assert.Empty(Directory.GetFiles(folder, "*.pdb"));

        var (run, report) = InstrumentAndRun(folder, temp);

        var race = AssertCounterRace(run, report);
        Assert.All(race.Current.Stack.Concat(race.Previous.Stack), frame => Assert.Null(frame.File));
        Assert.Contains("g__Work|", race.Current.Stack[1].Method); // the caller's frame is there, by name only
    }

    [Fact]
    public void Strong_named_assemblies_keep_their_identity_and_load_without_claiming_a_signature()
    {
        using var temp = new TempDirectory("rd-kind");
        string folder = builds.Folder("strong-named");
        var plain = ProcessRunner.Dotnet([Path.Combine(folder, "InputKinds.dll")]);
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Matches("library=InputKindsLib, .*PublicKeyToken=[0-9a-f]{16}", plain.StandardOutput);
        Assert.True(PeFlags(Path.Combine(folder, Library)).HasFlag(CorFlags.StrongNameSigned));

        var (run, report) = InstrumentAndRun(folder, temp);

        AssertCounterRace(run, report);
        // Same name, version and public key token: references to it still bind.
        Assert.Equal(Line(plain.StandardOutput, "library="), Line(run.StandardOutput, "library="));
        var instrumented = temp.File("out/" + Library);
        Assert.False(PeFlags(instrumented).HasFlag(CorFlags.StrongNameSigned), "the rewritten library still claims a strong-name signature");
        Assert.Equal(PublicKey(Path.Combine(folder, Library)), PublicKey(instrumented));
    }

    [Fact]
    public void ReadyToRun_images_are_instrumented_as_IL_only_and_run()
    {
        using var temp = new TempDirectory("rd-kind");
        string folder = builds.Folder("ready-to-run");
        foreach (var file in new[] { "InputKinds.dll", Library })
            Assert.True(IsReadyToRun(Path.Combine(folder, file)), $"{file}: the publish did not produce a ReadyToRun image");

        var (run, report) = InstrumentAndRun(folder, temp);

        var race = AssertCounterRace(run, report);
        Assert.Equal(SourceMarkers.Line(LibrarySource, "// RACE: Count"), race.Current.Top.Line);
        foreach (var file in new[] { "InputKinds.dll", Library })
        {
            string instrumented = temp.File("out/" + file);
            Assert.False(IsReadyToRun(instrumented), $"{file}: the precompiled code of the original IL was kept");
            Assert.True(PeFlags(instrumented).HasFlag(CorFlags.ILOnly), $"{file}: not marked IL-only");
        }
    }

    [Fact]
    public void Single_file_bundle_is_refused_when_named_or_alone_in_its_folder()
    {
        using var temp = new TempDirectory("rd-kind");
        string folder = builds.Folder("single-file");
        string bundle = Path.Combine(folder, "InputKinds");
        const string Reason = "a single-file bundle (the app's assemblies are packed inside it)";

        var named = ProcessRunner.Cli("instrument", bundle, "-o", temp.File("named"));
        var run = ProcessRunner.Cli("run", bundle);
        var inFolder = ProcessRunner.Cli("instrument", folder, "-o", temp.File("folder"));

        foreach (var refused in new[] { named, run })
        {
            Assert.True(refused.ExitCode == 2, refused.ToString());
            var line = Assert.Single(refused.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"racedetector: error: {bundle}: {Reason}", line);
        }
        Assert.False(Directory.Exists(temp.File("named")));
        // Its folder holds no other assembly: there is nothing to instrument, and no output is written.
        Assert.True(inFolder.ExitCode == 2, inFolder.ToString());
        Assert.StartsWith($"racedetector: error: {folder}: no .NET assembly to instrument; InputKinds: {Reason}", inFolder.StandardError);
        Assert.False(Directory.Exists(temp.File("folder")));
    }

    /// <summary>Instruments <paramref name="folder"/> into <c>out</c> and runs the copy with a JSON report.</summary>
    static (ProcessResult Run, RaceReportJson Report) InstrumentAndRun(string folder, TempDirectory temp)
    {
        var instrument = ProcessRunner.Cli("instrument", folder, "-o", temp.File("out"));
        Assert.True(instrument.ExitCode == 0, instrument.ToString());
        Assert.Contains($"instrumented {Library}", instrument.StandardOutput);
        string json = temp.File("report.json");
        var run = ProcessRunner.Dotnet([temp.File("out/InputKinds.dll")], environment: InstrumentedProgram.ReportTo(json));
        Assert.True(File.Exists(json), "no JSON report: " + run);
        return (run, RaceReportJson.Load(json));
    }

    /// <summary>The one race of the program: two writes of Counter.Count by the two workers, exit code 66.</summary>
    static Race AssertCounterRace(ProcessResult run, RaceReportJson report)
    {
        Assert.True(run.ExitCode == 66, run.ToString());
        Assert.Contains("count=2", run.StandardOutput);
        var race = Assert.Single(report.Races);
        Assert.Equal(("InputKinds.Counter", "Count", "write-write"), (race.Type, race.Member, race.Kind));
        Assert.Equal(["worker-1", "worker-2"], new[] { race.Current.ThreadName, race.Previous.ThreadName }.Order());
        Assert.All(new[] { race.Current, race.Previous }, side => Assert.Equal("InputKinds.Counter.Increment()", side.Top.Method));
        return race;
    }

    static string Line(string output, string prefix) =>
        output.Split('\n').Select(l => l.TrimEnd('\r')).Single(l => l.StartsWith(prefix, StringComparison.Ordinal));

    static CorFlags PeFlags(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        return pe.PEHeaders.CorHeader!.Flags;
    }

    /// <summary>ReadyToRun code hangs off the CLI header's managed native header.</summary>
    static bool IsReadyToRun(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        return pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0 || PeFlags(path).HasFlag(CorFlags.ILLibrary);
    }

    static byte[] PublicKey(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var metadata = pe.GetMetadataReader();
        return metadata.GetBlobBytes(metadata.GetAssemblyDefinition().PublicKey);
    }
}
