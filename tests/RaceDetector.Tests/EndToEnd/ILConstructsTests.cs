using Mono.Cecil;
using RaceDetector.Instrumenter;
using RaceDetector.Tests.Instrumenter;
using RaceDetector.Tests.Support;
using Xunit;
using Xunit.Sdk;
using static RaceDetector.Tests.Support.RaceSide;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>tests/Programs/ILConstructs, built once per configuration, with the IL prefixes C# cannot write added.</summary>
public sealed class ILConstructsProgram() : ScenarioProgram("ILConstructs")
{
    protected override void AfterBuild(string app)
    {
        var added = IlCrafting.Apply(app);
        if (!added.ContainsKey("tail") || !added.ContainsKey("unaligned"))
            throw new XunitException($"crafting {app} added only: {string.Join(", ", added.Select(a => $"{a.Value} {a.Key}."))}");
    }
}

/// <summary>
/// tests/Programs/ILConstructs: for each IL construct, the rewritten methods compile and behave as the plain
/// ones (every scenario also runs without the detector and must print the same), a race inside the construct
/// is reported on exactly its marked lines, and the race-free variant reports nothing. Constructs the JIT
/// optimizes differently run from a Release build too.
/// </summary>
public class ILConstructsTests(ILConstructsProgram program) : IClassFixture<ILConstructsProgram>
{
    public static TheoryData<string> Configurations => new() { "Debug", "Release" };

    /// <summary>Runs <paramref name="scenario"/> under the detector and plain; both must print the same.</summary>
    SampleRun Run(string scenario, string configuration = "Debug")
    {
        var run = program.Run(scenario, configuration);
        var plain = program.RunPlain(scenario, configuration);
        Assert.True(plain.ExitCode == 0, $"plain {scenario} ({configuration}) failed: {plain}");
        Assert.True(plain.StandardOutput == run.Process.StandardOutput,
            $"{scenario} ({configuration}) prints differently under the detector; plain: {plain.StandardOutput}\n{run.Process}");
        return run;
    }

    /// <summary>
    /// Runs a racy scenario, which must print <c>scenario values</c> and report exactly one race, on
    /// <paramref name="member"/>, from <paramref name="first"/> to <paramref name="second"/>; returns the race.
    /// </summary>
    Race Racy(string scenario, string configuration, string values, string member, RaceSide first, RaceSide second) =>
        Racy(Run(scenario, configuration), $"{scenario} {values}", member, first, second);

    static Race Racy(SampleRun run, string output, string member, RaceSide first, RaceSide second)
    {
        MatrixAssert.Races(run, [member], output);
        return MatrixAssert.Between(run, member, first, second, ordered: true);
    }

    /// <summary>The race on <paramref name="member"/> is between two writes of the same line, by thread "first" and then "second".</summary>
    static Race SameLine(SampleRun run, string member, string code) =>
        MatrixAssert.Between(run, member, Write("first", code), Write("second", code), ordered: true);

    static void Location(Race race, string kind, string type) => Assert.Equal((kind, type), (race.LocationKind, race.Type));

    // Generics

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Static_fields_of_generic_types_are_one_variable_per_instantiation(string configuration)
    {
        MatrixAssert.Clean(Run("generic-statics", configuration), "generic-statics 1 2 a b");

        var race = Racy("racy-generic-static", configuration, "2 b", "Value",
            Write("int-1", "Holder<int>.Value = 1"), Write("int-2", "Holder<int>.Value = 2"));
        Location(race, "static-field", "Holder<Int32>");

        race = Racy("racy-generic-shared-code", configuration, "b x", "Current",
            Write("first", "Registry<T>.Current"), Write("second", "Registry<T>.Current"));
        Location(race, "static-field", "Registry<T>");
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Fields_of_generic_class_instances_race_per_object(string configuration)
    {
        MatrixAssert.Clean(Run("generic-instances", configuration), "generic-instances a b 3");

        var race = Racy("racy-generic-instance", configuration, "b", "Item", Write("first", "Item = item"), Write("second", "Item = item"));
        Location(race, "instance-field", "Box<T>");
    }

    // Structs

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Struct_field_chains_and_arrays_of_structs_race_on_the_variable_holding_the_struct(string configuration)
    {
        MatrixAssert.Clean(Run("structs", configuration), "structs 1 2 9 9 8 8 12 12");

        var race = Racy("racy-struct-chain", configuration, "5", "Chain",
            Write("writer", "Chain.Inner.Sum = 5"), Read("reader", "host.Chain.Inner.Sum)"));
        Location(race, "instance-field", "StructHost");

        race = Racy("racy-struct-array", configuration, "7", "Parts",
            Write("writer", "Parts[2].Inner.Sum = 7"), Read("reader", "host.Parts[2].Inner.Sum)"));
        Assert.Equal(("array-element", 2L), (race.LocationKind, race.Index));
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void In_and_ref_readonly_arguments_are_reads_and_a_ref_return_is_a_write(string configuration)
    {
        Racy("racy-in-parameter", configuration, "8", "Viewed",
            Write("writer", "Viewed.Count = 3"), Read("reader", "SumIn(in host.Viewed)"));

        Racy("racy-ref-readonly-parameter", configuration, "6", "Peeked",
            Write("writer", "Peeked.Count = 3"), Read("reader", "Twice(ref host.Peeked)"));

        Racy("racy-ref-return", configuration, "6", "Total",
            Write("writer", "ref Total").In("StructHost.TotalRef()"), Read("reader", "() => host.Total)"));
    }

    [Fact]
    public void A_ref_struct_method_is_instrumented() =>
        Racy("racy-ref-struct", "Debug", "2", "Steps",
            Write("first", "++_host.Steps").In("Walker.Step()"), Write("second", "++_host.Steps"));

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Span_accesses_to_array_elements_race_with_plain_accesses(string configuration)
    {
        MatrixAssert.Clean(Run("spans", configuration), "spans 10 2 4 5 11 15");

        var race = Racy("racy-span-write", configuration, "7", "Numbers",
            Write("writer", "span[1] = 7"), Read("reader", "host.Numbers[2]"));
        Assert.Equal(("array-element", "SpanHost.Numbers[2]"), (race.LocationKind, race.Display));

        race = Racy("racy-span-read", configuration, "9", "Readings", Write("writer", "Readings[1] = 9"), Read("reader", "readings[1]"));
        Assert.Equal(("array-element", "SpanHost.Readings[1]"), (race.LocationKind, race.Display));
    }

    // Fixed layouts

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Sizes_offsets_and_blittability_of_fixed_layouts_do_not_change(string configuration) =>
        MatrixAssert.Clean(Run("layout", configuration), "layout Overlay=8/8/3@0@0@4 Packed=7/7/3@1@5 TimeSpec=16/16/2@8 "
            + "FixedCells=4:20/20/20@16 ExplicitWord=8/3@0@0@4 TimeVal=16/2@8 NativeResource=12/2@8 managed=4/8 pinned");

    [Fact]
    public void The_construction_of_a_finalizable_class_with_a_fixed_layout_happens_before_its_finalizer() =>
        MatrixAssert.Clean(Run("fixed-layout-finalizer"), "fixed-layout-finalizer 1042");

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Every_rewritten_method_compiles_and_no_struct_or_fixed_layout_class_gains_an_instance_field(string configuration)
    {
        string app = program.App(configuration);
        using var output = new TempDirectory("rd-il-constructs");
        AppInstrumenter.Instrument(Path.GetDirectoryName(app)!, output.Path, new InstrumentOptions { Include = ["ILConstructs"] });
        string rewritten = Path.Combine(output.Path, "ILConstructs.dll");

        var jit = JitCheck.PrepareAll(rewritten);
        Assert.True(jit.Failures.Count == 0 && jit.NotInstantiated.Count == 0, jit.Describe());

        using var plain = ModuleDefinition.ReadModule(app);
        using var instrumented = ModuleDefinition.ReadModule(rewritten);
        // Async state machines (structs in Release) do gain a resume field: no code can name their type or take its size.
        var fixedLayouts = plain.GetTypes()
            .Where(t => (t.IsValueType && !t.IsEnum) || (t.IsClass && !t.IsInterface && (t.IsExplicitLayout || t.IsSequentialLayout)))
            .Where(t => !t.Interfaces.Any(i => i.InterfaceType.Name == "IAsyncStateMachine"))
            .ToList();
        Assert.Superset(new HashSet<string> { "Overlay", "Packed", "TimeSpec", "FixedCells", "ExplicitWord", "TimeVal", "NativeResource", "Inner" },
            fixedLayouts.Select(t => t.Name).ToHashSet());
        foreach (var type in fixedLayouts)
            Assert.Equal(Layout(type), Layout(instrumented.GetType(type.FullName)));
        // The check is not vacuous: a class with automatic layout does get a shadow per field.
        Assert.Equal(20_000, instrumented.GetType("ManyFields").Fields.Count(f => !f.IsStatic));
    }

    static string Layout(TypeDefinition type) =>
        $"{type.FullName} size={type.ClassSize} pack={type.PackingSize} "
        + string.Join(" ", type.Fields.Where(f => !f.IsStatic).Select(f => $"{f.Name}:{f.FieldType.FullName}@{f.Offset}"));

    [Theory]
    [MemberData(nameof(Configurations))]
    public void A_class_field_holding_an_explicit_layout_struct_races(string configuration)
    {
        Racy("racy-explicit-struct", configuration, "1", "Overlay", Write("writer", "Overlay.Bits ="), Read("reader", "Overlay.Real"));
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Fields_of_an_explicit_layout_class_race_where_their_bytes_overlap(string configuration)
    {
        MatrixAssert.Clean(Run("explicit-class", configuration), "explicit-class 1 2");

        var race = Racy("racy-explicit-class", configuration, "7", "Low",
            Write("writer", "word.Low = 7"), Read("reader", "() => word.Low)"));
        Location(race, "instance-field", "ExplicitWord");

        Racy("racy-explicit-class-overlap", configuration, "1", "Whole",
            Write("writer", "word.High = 1"), Read("reader", "() => word.Whole)"));
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Fields_of_a_sequential_class_passed_to_native_code_race(string configuration)
    {
        var race = Racy("racy-sequential-class", configuration, "True 0", "Seconds",
            Read("caller", "time.Seconds > 0"), Write("resetter", "time.Seconds = 0"));
        Location(race, "instance-field", "TimeVal");
    }

    [Fact]
    public void A_struct_out_argument_of_a_native_call_is_a_write() =>
        Racy("racy-pinvoke-struct", "Debug", "0 0 True", "Clock",
            Write("first", "first = Libc.ClockGetTime"), Write("second", "second = Libc.ClockGetTime"));

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Fixed_buffer_elements_are_accesses_of_the_field_holding_the_struct(string configuration) =>
        Racy("racy-fixed-buffer", configuration, "5", "Cells", Write("writer", "Values[1] = 5"), Read("reader", "host.Cells.Values[1])"));

    // Control flow and IL prefixes

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Races_in_filters_catch_blocks_finally_blocks_and_after_a_rethrow_are_reported(string configuration)
    {
        MatrixAssert.Clean(Run("exceptions", configuration), "exceptions 1 1 1 1 1 1 1 1");

        var run = Run("racy-exceptions", configuration);
        MatrixAssert.Races(run, ["Filtered", "Caught", "Finished", "Rethrown"], "racy-exceptions 2 2 2 2");
        SameLine(run, "Filtered", "when (++trouble.Filtered");
        SameLine(run, "Caught", "trouble.Caught++");
        SameLine(run, "Finished", "trouble.Finished++");
        SameLine(run, "Rethrown", "trouble.Rethrown++");
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void A_race_in_a_switch_case_is_reported(string configuration) =>
        Racy("racy-switch", configuration, "89 10", "Fifth", Write("first", "Fifth += key"), Write("second", "Fifth += key"));

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Tail_calls_stay_tail_calls_and_a_race_in_a_tail_calling_method_is_reported(string configuration)
    {
        MatrixAssert.Clean(Run("tail-calls", configuration), "tail-calls 0 0 7");

        Racy("racy-tail-call", configuration, "2", "Calls", Write("first", "relay.Calls++"), Write("second", "relay.Calls++"));
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Unaligned_loads_and_stores_race(string configuration)
    {
        var run = Run("racy-unaligned", configuration);
        MatrixAssert.Races(run, ["Word", "Wide"], "racy-unaligned 5 6");
        MatrixAssert.Between(run, "Word", Write("writer", "target.Word = value"), Read("reader", "int Load("), ordered: true);
        MatrixAssert.Between(run, "Wide", Write("writer", "target.Wide = value"), Read("reader", "ref target.Wide"), ordered: true);
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Constrained_calls_on_a_generic_field_and_readonly_array_addresses_race(string configuration)
    {
        var race = Racy("racy-constrained", configuration, "1", "Item",
            Write("writer", "Item.Bump()"), Read("reader", "Item.GetHashCode()"));
        Location(race, "instance-field", "Shelf<T>");

        race = Racy("racy-readonly-prefix", configuration, "1", "Items",
            Write("writer", "Items[0].Bump()"), Read("reader", "Items[0].GetHashCode()"));
        Assert.Equal(("array-element", 0L), (race.LocationKind, race.Index));
    }

    // Language features

    [Fact]
    public void Two_flows_of_an_async_iterator_race() =>
        ScenarioAssert.Racy(Run("racy-async-iterator"), "racy-async-iterator", "Produced", type: "Feed",
            locationKind: "instance-field");

    [Fact]
    public void Local_functions_and_lambdas_race_on_captured_locals()
    {
        var run = Run("racy-closures");
        MatrixAssert.Races(run, ["calls", "total"], "racy-closures 2 4");
        SameLine(run, "calls", "calls++");
        SameLine(run, "total", "total += 2");
    }

    [Fact]
    public void Records_with_init_accessors_and_with_copies_are_instrumented() =>
        Racy("racy-record", "Debug", "a:1 b:2 b:3 2", "Marks", Write("first", "Marks++").In("Reading.Mark()"), Write("second", "Marks++"));

    [Fact]
    public void Static_abstract_and_default_interface_members_are_instrumented()
    {
        Racy("racy-static-abstract", "Debug", "40", "Tally",
            Write("first", "Tally += amount").In("Votes.Add(Int32)"), Write("second", "Tally += amount"));

        var defaults = Run("racy-default-interface-method");
        MatrixAssert.Races(defaults, ["Greeted", "Greetings"], "racy-default-interface-method 2 2");
        Location(SameLine(defaults, "Greeted", "Greeted++"), "static-field", "IGreeter");
        Assert.Equal("IGreeter.Greet()", SameLine(defaults, "Greetings", "Log.Greetings++").Current.Top.Method);
    }

    [Fact]
    public void Accesses_through_unsafe_pointers_are_not_checked() =>
        MatrixAssert.Clean(Run("unsafe-pointers"), "unsafe-pointers 2 20");

    [Fact]
    public void A_library_copy_of_System_Threading_Lock_is_instrumented_as_user_code()
    {
        MatrixAssert.Clean(Run("polyfill-lock"), "polyfill-lock 4000");
        var racy = Run("racy-polyfill-lock") with { Source = Path.Combine(program.Project, "Polyfill.cs") };
        Racy(racy, "racy-polyfill-lock 2", "Count", Write("locked", "Count++"), Write("unlocked", "Count += 1"));
    }

    [Fact]
    public void Stores_of_a_constructor_that_lets_this_escape_race_with_the_thread_it_escaped_to()
    {
        string source = Path.Combine(program.Project, "Construction.cs");
        Racy(Run("racy-escaping-constructor") with { Source = source }, "racy-escaping-constructor 6", "Size",
            Write("builder", "Size = 6"), Read("reader", "Latest<Escaping>().Size"));
        Racy(Run("racy-escaping-readonly") with { Source = source }, "racy-escaping-readonly 7", "_weight",
            Write("builder", "_weight = 7"), Read("reader", "Weight => _weight"));
    }

    // Size limits

    [Fact]
    public void A_race_on_one_of_10000_fields_is_reported() =>
        Racy("racy-many-fields", "Debug", "7 1 9 2", "F7777", Write("writer", "many.F7777 = 7"), Read("reader", "return many.F7777"));

    [Fact]
    public void A_race_past_64_KB_of_IL_in_one_method_is_reported_at_its_line()
    {
        var run = Run("racy-large-method") with { Source = Path.Combine(program.Project, "Generated", "LargeMethod.g.cs") };
        MatrixAssert.Races(run, ["Hits"], "racy-large-method -4362568836345110356 -4362568836345110356 2");
        var race = SameLine(run, "Hits", "shared.Hits++");
        Assert.All(new[] { race.Current, race.Previous }, side => Assert.True(side.Top.ILOffset > 0xFFFF, $"IL offset {side.Top.ILOffset}"));
    }
}
