using Mono.Cecil;
using RaceDetector.Instrumenter.Binding;
using RaceDetector.Instrumenter.Il;
using RaceDetector.Instrumenter.Shadows;
using RaceDetector.Instrumenter.Sites;

namespace RaceDetector.Instrumenter;

/// <summary>Per-module state of one instrumentation: hook references, shadows, and the site table.</summary>
internal sealed class ModuleContext(ModuleDefinition module, InstrumentationLevel level, HookReferences hooks, ShadowFields shadows,
    RefEffects refs, ConstructionHelpers constructionHelpers, ConstructorEscapes constructorEscapes,
    ConsumedFields consumedFields, RuntimeContract runtime, FieldReference siteBase)
{
    public ModuleDefinition Module { get; } = module;

    /// <summary>Which passes rewrite the module's methods (see <see cref="ModuleRewriter"/>).</summary>
    public InstrumentationLevel Level { get; } = level;
    public HookReferences Hooks { get; } = hooks;
    public ShadowFields Shadows { get; } = shadows;

    /// <summary>Which struct receivers and ref parameters methods only read through, across all instrumented modules.</summary>
    public RefEffects Refs { get; } = refs;

    /// <summary>Private methods that run only inside their class's constructors.</summary>
    public ConstructionHelpers ConstructionHelpers { get; } = constructionHelpers;

    /// <summary>Classes whose construction may publish <c>this</c> before it finishes.</summary>
    public ConstructorEscapes ConstructorEscapes { get; } = constructorEscapes;

    /// <summary>Reference fields updated atomically, whose plain reads acquire.</summary>
    public ConsumedFields ConsumedFields { get; } = consumedFields;

    public RuntimeContract Runtime { get; } = runtime;

    /// <summary>The marker type's static field that holds this module's first global site id.</summary>
    public FieldReference SiteBase { get; } = siteBase;

    public SiteTable Sites { get; } = new();

    /// <summary>The methods a test framework calls in this module, and their roles.</summary>
    public Passes.TestLifecycle TestLifecycle => _testLifecycle ??= new Passes.TestLifecycle(Module);

    Passes.TestLifecycle? _testLifecycle;

    /// <summary>Assemblies whose (internal) shadow fields this module's code uses.</summary>
    public ISet<string> ForeignShadowOwners { get; } = new SortedSet<string>(StringComparer.Ordinal);
}
