using Mono.Cecil;
using Mono.Cecil.Cil;

namespace RaceDetector.Instrumenter.Files;

/// <summary>Reads modules with their symbols and writes them back, keeping portable or embedded PDBs.</summary>
internal static class ModuleWriter
{
    public static AssemblyDefinition Read(string path, IAssemblyResolver resolver)
    {
        try
        {
            return AssemblyDefinition.ReadAssembly(path, Parameters(resolver, readSymbols: true));
        }
        catch (Exception ex) when (ex is not BadImageFormatException and not InstrumentationException)
        {
            // Unreadable or mismatched symbols: instrument without lines rather than not at all.
            return AssemblyDefinition.ReadAssembly(path, Parameters(resolver, readSymbols: false));
        }
    }

    /// <summary>Writes to <paramref name="path"/> (and its PDB beside it, or embedded, as the input had it).</summary>
    public static void Write(AssemblyDefinition assembly, string path)
    {
        var module = assembly.MainModule;
        MakeIlOnly(module);
        DropStrongNameSignature(module);
        var parameters = new WriterParameters();
        if (module.HasSymbols)
        {
            parameters.WriteSymbols = true;
            parameters.SymbolWriterProvider = HasEmbeddedPdb(module)
                ? new EmbeddedPortablePdbWriterProvider()
                : new PortablePdbWriterProvider();
        }
        assembly.Write(path, parameters);
    }

    /// <summary>
    /// ReadyToRun images carry precompiled code for the original IL, which is now stale. Marking the
    /// image IL-only makes the runtime JIT the rewritten IL instead.
    /// </summary>
    static void MakeIlOnly(ModuleDefinition module)
    {
        if ((module.Attributes & ModuleAttributes.ILLibrary) == 0)
            return;
        module.Attributes = (module.Attributes & ~ModuleAttributes.ILLibrary) | ModuleAttributes.ILOnly;
        module.Architecture = TargetArchitecture.I386;
        module.Attributes &= ~ModuleAttributes.Required32Bit;
    }

    /// <summary>
    /// The rewritten image no longer matches its strong-name signature, and the private key is not ours to
    /// re-sign with. The public key stays (so the identity and every reference to it are unchanged), but the
    /// image stops claiming a signature: .NET (Core) never checks one, and tools that do are not misled.
    /// </summary>
    static void DropStrongNameSignature(ModuleDefinition module) => module.Attributes &= ~ModuleAttributes.StrongNameSigned;

    static bool HasEmbeddedPdb(ModuleDefinition module) =>
        module.HasDebugHeader && module.GetDebugHeader().Entries.Any(e => e.Directory.Type == ImageDebugType.EmbeddedPortablePdb);

    static ReaderParameters Parameters(IAssemblyResolver resolver, bool readSymbols) => new()
    {
        AssemblyResolver = resolver,
        ReadingMode = ReadingMode.Immediate,
        InMemory = true,
        ReadSymbols = readSymbols,
        SymbolReaderProvider = readSymbols ? new DefaultSymbolReaderProvider(throwIfNoSymbol: false) : null,
    };
}
