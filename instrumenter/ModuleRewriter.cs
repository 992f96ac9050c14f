using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;
using RaceDetector.Instrumenter.Passes;
using RaceDetector.Instrumenter.Abi;

namespace RaceDetector.Instrumenter;

/// <summary>
/// Rewrites every method body of one module with the passes its <see cref="InstrumentationLevel"/> runs (all of them,
/// or only those that model synchronization), then adds the module's marker type (which registers its sites with
/// the runtime) and its site table.
/// </summary>
internal static class ModuleRewriter
{
    /// <summary>Name of the type that marks a module as instrumented and registers its sites.</summary>
    public const string MarkerTypeName = "<RaceDetectorModule>";

    /// <summary>Literal field of the marker type holding the tool version that rewrote the module.</summary>
    public const string VersionFieldName = "ToolVersion";

    /// <summary>
    /// Literal field of the marker type holding the assembly selection the module was instrumented with: which
    /// assemblies were left alone cannot be read back from the output, so instrumenting it again with another
    /// selection is refused rather than silently mixed.
    /// </summary>
    public const string SelectionFieldName = "Selection";

    static readonly IMethodPass[] Passes =
    [
        new CallStackPass(),         // before InterceptPass replaces calls: it judges callees as the code names them
        new TypeUsePass(),           // before any check of a static field: the static constructor's release comes first
        new AtomicAccessPass(),      // first: it claims the addresses Interlocked/Volatile work on
        new LocationKeyedInterceptPass(), // claims the fields that hold SpinLocks
        new FieldAccessPass(),
        new ArrayAccessPass(),
        new SpanAccessPass(),
        new PublicationPass(),
        new SequenceArgumentPass(),  // before InterceptPass and ForkCallPass: intercepted and forking calls (Parallel.ForEach) get the view too
        new InterceptPass(),
        new ForkCallPass(),
        new ContainerDelegatePass(),
        new AsyncStateMachinePass(),
        new SynchronizedMethodPass(),
        new StaticConstructorPass(),
        new FinalizerPass(),
        new CaughtCancellationPass(),
        new TestMethodPass(),
        new TestOrderPass(),
    ];

    static readonly IMethodPass[] SynchronizationPasses = Passes.Where(p => !p.ChecksAccesses).ToArray();

    static IMethodPass[] PassesFor(InstrumentationLevel level) => level == InstrumentationLevel.Full ? Passes : SynchronizationPasses;

    /// <summary>Adds the marker type; its site-base field must exist before methods are rewritten.</summary>
    public static (TypeDefinition Marker, FieldDefinition SiteBase) AddMarker(ModuleDefinition module, string toolVersion, string selection)
    {
        var marker = new TypeDefinition("", MarkerTypeName,
            TypeAttributes.NotPublic | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.BeforeFieldInit | TypeAttributes.Class,
            module.TypeSystem.Object);
        var siteBase = new FieldDefinition("SiteBase", FieldAttributes.Assembly | FieldAttributes.Static | FieldAttributes.InitOnly, module.TypeSystem.Int32);
        marker.Fields.Add(siteBase);
        marker.Fields.Add(Literal(module, VersionFieldName, toolVersion));
        marker.Fields.Add(Literal(module, SelectionFieldName, selection));
        module.Types.Add(marker);
        return (marker, siteBase);
    }

    static FieldDefinition Literal(ModuleDefinition module, string name, string value) =>
        new(name, FieldAttributes.Assembly | FieldAttributes.Static | FieldAttributes.Literal, module.TypeSystem.String) { Constant = value };

    public static void Rewrite(ModuleContext context, TypeDefinition marker)
    {
        var passes = PassesFor(context.Level);
        foreach (var type in context.Module.GetTypes().Where(t => t != marker).ToList())
        {
            foreach (var method in type.Methods.Where(m => m.HasBody && m.Body.Instructions.Count > 0))
                RewriteMethod(context, method, passes);
        }
        FinishMarker(context, marker);
        Shadows.AccessGrant.Grant(context.Module, context.ForeignShadowOwners);
        context.Module.Resources.Add(new EmbeddedResource(SiteRecord.ResourceName, ManifestResourceAttributes.Private, context.Sites.Serialize()));
    }

    static void RewriteMethod(ModuleContext module, MethodDefinition method, IMethodPass[] passes)
    {
        var body = method.Body;
        body.SimplifyMacros();
        var context = new MethodContext(module, method);
        foreach (var pass in passes)
            pass.Run(context);
        context.Patch.Apply();
        body.OptimizeMacros();
    }

    /// <summary>The marker's static constructor: <c>SiteBase = Hooks.RegisterModule(typeof(marker), siteCount, checksAccesses)</c>.</summary>
    static void FinishMarker(ModuleContext context, TypeDefinition marker)
    {
        var module = context.Module;
        var cctor = new MethodDefinition(".cctor",
            MethodAttributes.Private | MethodAttributes.HideBySig | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName | MethodAttributes.Static,
            module.TypeSystem.Void);
        var il = cctor.Body.GetILProcessor();
        il.Emit(OpCodes.Ldtoken, marker);
        il.Emit(OpCodes.Ldc_I4, context.Sites.Count);
        il.Emit(OpCodes.Ldc_I4, context.Level == InstrumentationLevel.Full ? 1 : 0);
        il.Emit(OpCodes.Call, context.Hooks.RegisterModule);
        il.Emit(OpCodes.Stsfld, (FieldDefinition)context.SiteBase);
        il.Emit(OpCodes.Ret);
        marker.Methods.Add(cctor);
    }
}
