using System.Security.Cryptography;
using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.Instrumenter;

/// <summary>
/// <c>racedetector instrument</c> on input it cannot instrument: a non-zero exit, exactly one line on
/// stderr naming the file and the reason, no stack trace, no output folder left behind, and the input
/// untouched.
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
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_fails_with_one_line_and_leaves_nothing_behind(string name)
    {
        using var temp = new TempDirectory("rd-bad");
        var (input, output, named, reason) = Make(name, temp.Path);
        string? hashBefore = Hash(input);

        var cli = ProcessRunner.Cli("instrument", input, "-o", output);

        Assert.True(cli.ExitCode != 0, $"{name}: exit code 0\n{cli}");
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
                string elf = new[] { "/lib/x86_64-linux-gnu/libz.so.1", "/usr/lib/x86_64-linux-gnu/libz.so.1", "/lib64/libz.so.1" }
                    .Concat(Directory.GetFiles(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "*.so"))
                    .First(File.Exists);
                string input = Put("native.dll", File.ReadAllBytes(elf));
                return (input, output, input, "not a .NET assembly");
            }
            case "native PE without a CLI header":
            {
                string input = Put("native.dll", MinimalNativePe());
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
                string input = Put(file, File.ReadAllBytes(RefPackAssembly(file)));
                return (input, output, input, "a reference assembly");
            }
            case "output folder that cannot be written":
            {
                string app = Path.Combine(directory, "app");
                Directory.CreateDirectory(app);
                foreach (var file in Directory.GetFiles(FixtureApp.BuiltDirectory))
                    File.Copy(file, Path.Combine(app, Path.GetFileName(file)));
                string input = FixtureApp.AssemblyIn(app);
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
                // A managed image whose CLI header no longer says IL-only is what C++/CLI produces.
                var bytes = File.ReadAllBytes(FixtureApp.DebugAssembly);
                using (var pe = new System.Reflection.PortableExecutable.PEReader(new MemoryStream(bytes)))
                    bytes[pe.PEHeaders.CorHeaderStartOffset + 16] &= 0xFE; // clear COMIMAGE_FLAGS_ILONLY
                string input = Put("MixedMode.dll", bytes);
                return (input, output, input, "mixed-mode");
            }
            case "missing dependency":
            {
                string app = Path.Combine(directory, "app");
                Directory.CreateDirectory(app);
                foreach (var file in Directory.GetFiles(FixtureApp.BuiltDirectory))
                    File.Copy(file, Path.Combine(app, Path.GetFileName(file)));
                string input = FixtureApp.AssemblyIn(app);
                using (var assembly = Mono.Cecil.AssemblyDefinition.ReadAssembly(FixtureApp.DebugAssembly, new Mono.Cecil.ReaderParameters { InMemory = true }))
                {
                    assembly.MainModule.AssemblyReferences.Add(new Mono.Cecil.AssemblyNameReference("Acme.Missing", new Version(1, 2, 3, 4)));
                    assembly.Write(input);
                }
                return (input, output, input, "depends on Acme.Missing 1.2.3.4");
            }
            default:
                throw new ArgumentException(name);
        }
    }

    static string RefPackAssembly(string file)
    {
        string dotnet = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        string packs = Path.Combine(dotnet, "packs", "Microsoft.NETCore.App.Ref");
        var path = Directory.Exists(packs)
            ? Directory.GetDirectories(packs).OrderByDescending(d => d, StringComparer.Ordinal)
                .Select(d => Path.Combine(d, "ref", "net10.0", file)).FirstOrDefault(File.Exists)
            : null;
        return path ?? throw new InvalidOperationException($"no {file} under {packs}: the .NET 10 SDK's reference pack is required");
    }

    /// <summary>A PE32 DLL header with no sections and an empty CLI header directory: a native image.</summary>
    static byte[] MinimalNativePe()
    {
        var image = new byte[512];
        image[0] = (byte)'M';
        image[1] = (byte)'Z';
        BitConverter.GetBytes(0x40).CopyTo(image, 0x3C);           // e_lfanew
        "PE\0\0"u8.CopyTo(image.AsSpan(0x40));
        int coff = 0x44;
        BitConverter.GetBytes((ushort)0x14C).CopyTo(image, coff);   // machine: i386
        BitConverter.GetBytes((ushort)0).CopyTo(image, coff + 2);   // sections
        BitConverter.GetBytes((ushort)0xE0).CopyTo(image, coff + 16); // optional header size
        BitConverter.GetBytes((ushort)0x2102).CopyTo(image, coff + 18); // executable | 32-bit | DLL
        int optional = coff + 20;
        BitConverter.GetBytes((ushort)0x10B).CopyTo(image, optional); // PE32
        BitConverter.GetBytes(0x10000000).CopyTo(image, optional + 28); // image base
        BitConverter.GetBytes(0x1000).CopyTo(image, optional + 32);   // section alignment
        BitConverter.GetBytes(0x200).CopyTo(image, optional + 36);    // file alignment
        BitConverter.GetBytes((ushort)4).CopyTo(image, optional + 40); // OS version
        BitConverter.GetBytes((ushort)4).CopyTo(image, optional + 48); // subsystem version
        BitConverter.GetBytes(0x1000).CopyTo(image, optional + 56);   // size of image
        BitConverter.GetBytes(0x200).CopyTo(image, optional + 60);    // size of headers
        BitConverter.GetBytes((ushort)2).CopyTo(image, optional + 68); // subsystem: GUI
        BitConverter.GetBytes(16).CopyTo(image, optional + 92);       // data directories, all empty
        return image;
    }

    static string? Hash(string path) => File.Exists(path) ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))) : null;
}
