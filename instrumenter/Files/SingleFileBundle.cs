namespace RaceDetector.Instrumenter.Files;

/// <summary>
/// Recognizes single-file bundles (<c>PublishSingleFile</c>): an apphost with the app's assemblies appended.
/// Every apphost carries the bundle signature in its placeholder; the bundler writes the bundle header's
/// offset in the 8 bytes before it, so a non-zero offset means the file is a bundle.
/// </summary>
internal static class SingleFileBundle
{
    // SHA-256 of ".net core bundle", as dotnet/runtime's HostModel writes it.
    static readonly byte[] Signature =
    [
        0x8b, 0x12, 0x02, 0xb9, 0x6a, 0x61, 0x20, 0x38, 0x72, 0x7b, 0x93, 0x02, 0x14, 0xd7, 0xa0, 0x32,
        0x13, 0xf5, 0xb9, 0xe6, 0xef, 0xae, 0x33, 0x18, 0xee, 0x3b, 0x2d, 0xce, 0x24, 0xb3, 0x6a, 0xae,
    ];

    const int OffsetSize = sizeof(long);
    const int ChunkSize = 1 << 20;

    /// <summary>True when <paramref name="path"/> is an executable (ELF, PE or Mach-O) holding a bundle.</summary>
    public static bool Is(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return IsExecutable(stream) && HasBundleHeader(stream);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    static bool IsExecutable(Stream stream)
    {
        Span<byte> magic = stackalloc byte[4];
        if (stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false) < magic.Length)
            return false;
        stream.Position = 0;
        // ELF, Mach-O 64-bit (either byte order), or a PE's "MZ".
        return BitConverter.ToUInt32(magic) is 0x464c457f or 0xfeedfacf or 0xcffaedfe || magic[..2].SequenceEqual("MZ"u8);
    }

    /// <summary>Scans in overlapping chunks (the placeholder sits in the host, before the appended files).</summary>
    static bool HasBundleHeader(Stream stream)
    {
        int overlap = OffsetSize + Signature.Length;
        var buffer = new byte[ChunkSize + overlap];
        int kept = 0;
        while (true)
        {
            int read = stream.ReadAtLeast(buffer.AsSpan(kept, ChunkSize), ChunkSize, throwOnEndOfStream: false);
            int length = kept + read;
            int at = buffer.AsSpan(0, length).IndexOf(Signature);
            if (at >= OffsetSize)
                return BitConverter.ToInt64(buffer, at - OffsetSize) != 0;
            if (read < ChunkSize)
                return false;
            buffer.AsSpan(length - overlap, overlap).CopyTo(buffer);
            kept = overlap;
        }
    }
}
