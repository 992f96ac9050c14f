using Mono.Cecil;
using Mono.Cecil.Cil;
using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.Instrumenter;

/// <summary>The fixture instrumented once, read back with Cecil, for tests that look at where hooks went.</summary>
public sealed class InstrumentedFixtureModule : IDisposable
{
    readonly TempDirectory _temp = new("rd-hooks");

    public InstrumentedFixtureModule()
    {
        string output = Path.Combine(_temp.Path, "instrumented");
        FixtureApp.Instrument(FixtureApp.BuiltDirectory, output);
        Module = ModuleDefinition.ReadModule(FixtureApp.AssemblyIn(output), new ReaderParameters { InMemory = true });
    }

    public ModuleDefinition Module { get; }

    public MethodDefinition Method(string type, string name) =>
        Module.GetType("RaceDetector.Tests.Fixtures." + type).Methods.Single(m => m.Name == name);

    public void Dispose()
    {
        Module.Dispose();
        _temp.Dispose();
    }
}

/// <summary>Which field accesses of the instrumented fixture get an access hook, and which do not, and why.</summary>
public class HookPlacementTests(InstrumentedFixtureModule fixture) : IClassFixture<InstrumentedFixtureModule>
{
    /// <summary>
    /// The fields whose instance hooks (<c>Hooks.Read</c>, <c>Hooks.Write</c>) a method calls, as "Read Field" or
    /// "Write Field": each hook call's shadow slot is the nearest <c>ldflda &lt;Field&gt;rd</c> before it.
    /// </summary>
    static List<string> InstanceHooks(MethodDefinition method)
    {
        var hooks = new List<string>();
        foreach (var call in method.Body.Instructions)
        {
            if (call.OpCode != OpCodes.Call || call.Operand is not MethodReference { DeclaringType.Name: "Hooks", Name: "Read" or "Write" } hook)
                continue;
            var shadow = call.Previous;
            while (shadow is not null && !(shadow.OpCode == OpCodes.Ldflda && ((FieldReference)shadow.Operand).Name.EndsWith(">rd", StringComparison.Ordinal)))
                shadow = shadow.Previous;
            string name = ((FieldReference)shadow!.Operand).Name;
            hooks.Add(hook.Name + " " + name[1..^3]);
        }
        return hooks;
    }

    /// <summary>The methods called right after each <c>Hooks.Sequence</c> call (runtime calls skipped), as "Type.Method".</summary>
    static List<string> SequenceConsumers(MethodDefinition method)
    {
        var consumers = new List<string>();
        foreach (var hook in method.Body.Instructions.Where(i => i.Operand is MethodReference { DeclaringType.Name: "Hooks", Name: "Sequence" }))
        {
            var next = hook.Next;
            while (next.Operand is not MethodReference { DeclaringType.Namespace: var ns } || ns.StartsWith("RaceDetector", StringComparison.Ordinal))
                next = next.Next;
            var callee = (MethodReference)next.Operand;
            consumers.Add(callee.DeclaringType.GetElementType().FullName + "." + callee.Name);
        }
        return consumers;
    }

    [Fact]
    public void Sequence_arguments_of_framework_methods_go_through_the_sequence_hook_and_generic_values_do_not()
    {
        var method = fixture.Method("EdgeHost", "FrameworkSequences");
        var consumers = SequenceConsumers(method);
        foreach (string expected in (string[])["System.Collections.Concurrent.ConcurrentQueue`1..ctor", "System.Linq.Enumerable.Sum",
                     "System.Linq.Enumerable.Count", "System.Linq.Enumerable.Order", "System.String.Join", "System.Linq.Enumerable.Where",
                     "System.Linq.Enumerable.Select", "System.Linq.Enumerable.Single", "System.Linq.Enumerable.Cast", "System.Collections.Generic.List`1..ctor"])
            Assert.Contains(expected, consumers);
        Assert.DoesNotContain("System.Tuple.Create", consumers);
        Assert.DoesNotContain("System.Linq.Enumerable.AsEnumerable", consumers);
        // Cast takes a non-generic IEnumerable: the hook's non-generic overload.
        var hooks = method.Body.Instructions.Select(i => i.Operand).OfType<MethodReference>().Where(m => m is { DeclaringType.Name: "Hooks", Name: "Sequence" });
        Assert.Contains(hooks, h => h is not GenericInstanceMethod);
    }

    [Fact]
    public void Reads_of_a_readonly_instance_field_get_no_hook()
    {
        Assert.Empty(InstanceHooks(fixture.Method("PropertyHost", "get_ReadOnlyAuto")));
        Assert.Empty(InstanceHooks(fixture.Method("PropertyHost", "get_InitOnly")));
        // The lock statements read the readonly _gate; only Count is checked.
        Assert.All(InstanceHooks(fixture.Method("LockHost", "LockStatement")), hook => Assert.EndsWith(" Count", hook));
    }

    [Fact]
    public void Reads_of_a_mutable_field_and_writes_of_a_readonly_field_by_an_init_accessor_are_hooked()
    {
        Assert.Equal(["Read <Auto>k__BackingField"], InstanceHooks(fixture.Method("PropertyHost", "get_Auto")));
        Assert.Equal(["Write <InitOnly>k__BackingField"], InstanceHooks(fixture.Method("PropertyHost", "set_InitOnly")));
        Assert.Contains("Write Count", InstanceHooks(fixture.Method("LockHost", "LockStatement")));
    }

    [Fact]
    public void Stores_of_private_methods_that_only_constructors_call_get_no_hook()
    {
        // Describe is called by Prepare, itself a helper; its read of Size is checked as any read.
        Assert.Equal(["Read Size"], InstanceHooks(fixture.Method("ConstructionHost", "Describe")));
        Assert.Empty(InstanceHooks(fixture.Method("ConstructionHost", "Prepare")));
    }

    [Fact]
    public void Stores_and_readonly_reads_of_a_class_whose_constructor_lets_this_escape_are_hooked()
    {
        Assert.Equal(["Write Size", "Write _weight"], InstanceHooks(fixture.Method("EscapingHost", ".ctor")));
        Assert.Equal(["Read _weight"], InstanceHooks(fixture.Method("EscapingHost", "get_Weight")));
    }

    [Fact]
    public void A_field_passed_by_ref_to_a_helper_that_only_uses_it_atomically_is_read_and_to_one_that_stores_is_written()
    {
        Assert.Equal(["Read _current"], InstanceHooks(fixture.Method("AtomicSlot", "TrySet")));
        Assert.Equal(["Read _current"], InstanceHooks(fixture.Method("AtomicSlot", "Take")));
        Assert.Equal(["Write _current"], InstanceHooks(fixture.Method("AtomicSlot", "Overwrite")));
    }

    [Fact]
    public void Stores_of_private_methods_called_elsewhere_too_or_made_into_a_delegate_are_hooked()
    {
        Assert.Equal(["Write Resets"], InstanceHooks(fixture.Method("ConstructionHost", "Reset"))); // Clear calls it too
        Assert.Equal(["Write Size"], InstanceHooks(fixture.Method("ConstructionHost", "Unused"))); // only a delegate names it
    }
}
