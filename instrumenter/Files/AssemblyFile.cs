using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace RaceDetector.Instrumenter.Files;

/// <summary>What kind of file a candidate assembly is, read from its PE and metadata headers without loading it.</summary>
internal enum AssemblyFileKind
{
    Managed,
    NotPortableExecutable,
    Native,
    ReferenceAssembly,
    MixedMode,
    NetModule,
    SingleFileBundle,
}

/// <summary>
/// What an earlier instrumentation recorded in a module: the tool version, and the assembly selection it was made with
/// (null when not recorded).
/// </summary>
internal sealed record InstrumentationStamp(string Version, string? Selection);

/// <summary>Facts about one file, enough to decide whether it can be instrumented and why not.</summary>
internal sealed record AssemblyFile(string Path, AssemblyFileKind Kind, string? AssemblyName, bool ReadyToRun, InstrumentationStamp? InstrumentedBy)
{
    const string ReferenceAssemblyAttribute = "ReferenceAssemblyAttribute";

    public static AssemblyFile Inspect(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
                return new(path, BundleOr(path, AssemblyFileKind.Native), null, false, null);
            var flags = pe.PEHeaders.CorHeader!.Flags;
            bool readyToRun = (flags & CorFlags.ILLibrary) != 0;
            var metadata = pe.GetMetadataReader();
            if (!metadata.IsAssembly)
                return new(path, AssemblyFileKind.NetModule, null, false, null);
            string name = metadata.GetString(metadata.GetAssemblyDefinition().Name);
            if ((flags & CorFlags.ILOnly) == 0 && !readyToRun)
                return new(path, AssemblyFileKind.MixedMode, name, false, null);
            if (HasReferenceAssemblyAttribute(metadata))
                return new(path, AssemblyFileKind.ReferenceAssembly, name, readyToRun, null);
            return new(path, AssemblyFileKind.Managed, name, readyToRun, Stamp(metadata));
        }
        catch (BadImageFormatException)
        {
            return new(path, BundleOr(path, AssemblyFileKind.NotPortableExecutable), null, false, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A dangling link or an unreadable file cannot be copied either: stop here, naming it.
            throw new InstrumentationException($"{path}: cannot read the file: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// A single-file bundle is an apphost with the assemblies appended: a native PE on Windows, an ELF or
    /// Mach-O file (not a PE at all) elsewhere.
    /// </summary>
    static AssemblyFileKind BundleOr(string path, AssemblyFileKind otherwise) =>
        SingleFileBundle.Is(path) ? AssemblyFileKind.SingleFileBundle : otherwise;

    /// <summary>A one-line explanation of why this file is not instrumented, or null if it can be.</summary>
    public string? Problem => Kind switch
    {
        AssemblyFileKind.NotPortableExecutable => "not a .NET assembly (not a PE file, or a corrupt one)",
        AssemblyFileKind.Native => "a native library, not a .NET assembly",
        AssemblyFileKind.ReferenceAssembly => "a reference assembly (metadata only, no code to run)",
        AssemblyFileKind.MixedMode => "a mixed-mode (C++/CLI) image, which cannot be rewritten",
        AssemblyFileKind.NetModule => "a module without an assembly manifest",
        AssemblyFileKind.SingleFileBundle =>
            "a single-file bundle (the app's assemblies are packed inside it); instrument the app's build or a publish without PublishSingleFile",
        _ => null,
    };

    static bool HasReferenceAssemblyAttribute(MetadataReader metadata)
    {
        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            if (AttributeTypeName(metadata, metadata.GetCustomAttribute(handle).Constructor) == ReferenceAssemblyAttribute)
                return true;
        }
        return false;
    }

    /// <summary>The attribute's type name, whether its constructor is referenced or (in System.Runtime itself) defined.</summary>
    static string? AttributeTypeName(MetadataReader metadata, EntityHandle constructor)
    {
        switch (constructor.Kind)
        {
            case HandleKind.MemberReference:
                var parent = metadata.GetMemberReference((MemberReferenceHandle)constructor).Parent;
                return parent.Kind == HandleKind.TypeReference
                    ? metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)parent).Name)
                    : null;
            case HandleKind.MethodDefinition:
                var type = metadata.GetMethodDefinition((MethodDefinitionHandle)constructor).GetDeclaringType();
                return metadata.GetString(metadata.GetTypeDefinition(type).Name);
            default:
                return null;
        }
    }

    /// <summary>What an earlier instrumentation recorded in the marker type, or null if the file is original.</summary>
    static InstrumentationStamp? Stamp(MetadataReader metadata)
    {
        foreach (var handle in metadata.TypeDefinitions)
        {
            var type = metadata.GetTypeDefinition(handle);
            if (metadata.GetString(type.Name) != ModuleRewriter.MarkerTypeName)
                continue;
            var literals = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var fieldHandle in type.GetFields())
            {
                var field = metadata.GetFieldDefinition(fieldHandle);
                if (field.GetDefaultValue().IsNil)
                    continue;
                var blob = metadata.GetBlobReader(metadata.GetConstant(field.GetDefaultValue()).Value);
                literals[metadata.GetString(field.Name)] = blob.ReadUTF16(blob.Length);
            }
            return new InstrumentationStamp(literals.GetValueOrDefault(ModuleRewriter.VersionFieldName, "unknown"),
                literals.GetValueOrDefault(ModuleRewriter.SelectionFieldName));
        }
        return null;
    }
}
