using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Mono.Cecil;
using RaceDetector.Instrumenter;

namespace RaceDetector.Tests.Instrumenter;

/// <summary>
/// Files the instrumenter must refuse or skip, made from real ones: native and mixed-mode images, reference
/// assemblies, corrupt assemblies, assemblies stamped by another RaceDetector version.
/// </summary>
internal static class UnusableFiles
{
    /// <summary>An ELF shared library of the system or of the shared framework.</summary>
    public static string ElfLibrary() =>
        new[] { "/lib/x86_64-linux-gnu/libz.so.1", "/usr/lib/x86_64-linux-gnu/libz.so.1", "/lib64/libz.so.1" }
            .Concat(Directory.GetFiles(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "*.so"))
            .First(File.Exists);

    /// <summary>The fixture with the IL-only flag cleared in its CLI header: what C++/CLI produces.</summary>
    public static byte[] MixedModeImage()
    {
        var bytes = File.ReadAllBytes(FixtureApp.DebugAssembly);
        using (var pe = new PEReader(new MemoryStream(bytes)))
            bytes[pe.PEHeaders.CorHeaderStartOffset + 16] &= 0xFE; // clear COMIMAGE_FLAGS_ILONLY
        return bytes;
    }

    /// <summary>The fixture cut in half, as an interrupted copy leaves it.</summary>
    public static byte[] TruncatedAssembly()
    {
        var bytes = File.ReadAllBytes(FixtureApp.DebugAssembly);
        return bytes[..(bytes.Length / 2)];
    }

    /// <summary>
    /// The fixture with every byte of its #Blob heap (member signatures, custom attribute values) flipped: its
    /// headers and tables are intact, so it passes for an assembly until its signatures are read.
    /// </summary>
    public static byte[] FlippedMetadataAssembly()
    {
        var bytes = File.ReadAllBytes(FixtureApp.DebugAssembly);
        int start, size;
        using (var pe = new PEReader(new MemoryStream(bytes)))
        {
            var metadata = pe.GetMetadataReader();
            start = pe.PEHeaders.MetadataStartOffset + metadata.GetHeapMetadataOffset(HeapIndex.Blob);
            size = metadata.GetHeapSize(HeapIndex.Blob);
        }
        for (int i = 1; i < size; i++) // index 0 is the empty blob
            bytes[start + i] ^= 0xFF;
        return bytes;
    }

    /// <summary>Rewrites the tool version stamped into an instrumented assembly, as if another release had instrumented it.</summary>
    public static void StampVersion(string instrumentedAssembly, string version)
    {
        using var assembly = Mono.Cecil.AssemblyDefinition.ReadAssembly(instrumentedAssembly, new ReaderParameters { InMemory = true });
        var marker = assembly.MainModule.GetType(ModuleRewriter.MarkerTypeName);
        marker.Fields.Single(f => f.Name == ModuleRewriter.VersionFieldName).Constant = version;
        assembly.Write(instrumentedAssembly);
    }

    /// <summary>A reference assembly of the .NET 10 reference pack (metadata only).</summary>
    public static string RefPackAssembly(string file)
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
    public static byte[] MinimalNativePe()
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
}
