using Mono.Cecil;
using Mono.Cecil.Cil;
using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.Instrumenter;

/// <summary>
/// The fixture as built with the solution (Debug when run as documented): every rewritten method must
/// compile, and the instrumented app must print exactly what the plain app prints, with no races.
/// Nothing here builds the fixture (see <see cref="FixtureReleaseTests"/> for the one class that does).
/// </summary>
public class FixtureDebugTests
{
    [Fact]
    public void Every_method_of_the_instrumented_fixture_compiles()
    {
        using var temp = new TempDirectory("rd-jit");
        AssertEveryMethodCompiles(FixtureApp.BuiltDirectory, temp.Path);
    }

    [Fact]
    public void Instrumented_fixture_prints_the_same_as_the_plain_one_with_no_races()
    {
        using var temp = new TempDirectory("rd-behave");
        string output = Path.Combine(temp.Path, "instrumented");
        FixtureApp.Instrument(FixtureApp.BuiltDirectory, output);
        FixtureApp.AssertSameBehaviour(FixtureApp.DebugAssembly, FixtureApp.AssemblyIn(output), temp.Path);
    }

    /// <summary>The JIT check must be able to fail: a wrong hook signature and unbalanced IL are both reported, by method.</summary>
    [Fact]
    public void Jit_check_reports_a_wrong_hook_signature_and_invalid_il()
    {
        using var temp = new TempDirectory("rd-jit-broken");
        string output = Path.Combine(temp.Path, "out");
        FixtureApp.Instrument(FixtureApp.BuiltDirectory, output);
        string broken = Path.Combine(temp.Path, "broken");
        Directory.CreateDirectory(broken);
        string path = FixtureApp.AssemblyIn(output);
        using (var assembly = AssemblyDefinition.ReadAssembly(path, new ReaderParameters { InMemory = true }))
        {
            var module = assembly.MainModule;
            var probe = module.GetType("RaceDetector.Tests.Fixtures.SymbolProbe").Methods.Single(m => m.Name == "Probe");
            var hookCall = probe.Body.Instructions.First(i => i.OpCode == OpCodes.Call && i.Operand is MethodReference { Name: "Write", DeclaringType.Name: "Hooks" });
            var hook = (MethodReference)hookCall.Operand;
            var wrong = new MethodReference(hook.Name, hook.ReturnType, hook.DeclaringType) { HasThis = false };
            foreach (var parameter in hook.Parameters)
                wrong.Parameters.Add(new ParameterDefinition(parameter.ParameterType));
            wrong.Parameters[^1] = new ParameterDefinition(module.TypeSystem.Int64);
            hookCall.Operand = wrong;

            var throwing = module.GetType("RaceDetector.Tests.Fixtures.SymbolProbe").Methods.Single(m => m.Name == "Throwing");
            throwing.Body.GetILProcessor().InsertBefore(throwing.Body.Instructions[0], Instruction.Create(OpCodes.Pop));
            assembly.Write(FixtureApp.AssemblyIn(broken));
        }

        var result = JitCheck.PrepareAll(FixtureApp.AssemblyIn(broken));

        Assert.Contains(result.Failures, f => f.Contains("SymbolProbe.System.String Probe()", StringComparison.Ordinal) && f.Contains("MissingMethodException", StringComparison.Ordinal));
        Assert.Contains(result.Failures, f => f.Contains("SymbolProbe.System.String Throwing()", StringComparison.Ordinal) && f.Contains("InvalidProgramException", StringComparison.Ordinal));
        Assert.Equal(2, result.Failures.Count(f => f.Contains("SymbolProbe", StringComparison.Ordinal)));
    }

    /// <summary>Runs the check on the plain build first (a control: it must pass there), then on the instrumented copy.</summary>
    internal static void AssertEveryMethodCompiles(string fixtureDirectory, string workDirectory)
    {
        var plain = JitCheck.PrepareAll(FixtureApp.AssemblyIn(fixtureDirectory));
        Assert.True(plain.Failures.Count == 0 && plain.NotInstantiated.Count == 0,
            "the JIT check fails on the plain fixture, so it proves nothing about instrumentation: " + plain.Describe());
        Assert.True(plain.Prepared > 500, $"only {plain.Prepared} methods compiled: the check does not reach the fixture");

        string output = Path.Combine(workDirectory, "instrumented");
        FixtureApp.Instrument(fixtureDirectory, output);
        var instrumented = JitCheck.PrepareAll(FixtureApp.AssemblyIn(output));

        Assert.Contains(instrumented.Assembly.GetReferencedAssemblies(), n => n.Name == "RaceDetector.Runtime");
        Assert.NotNull(instrumented.Assembly.GetType("<RaceDetectorModule>", throwOnError: false));
        Assert.True(instrumented.Failures.Count == 0, instrumented.Describe());
        Assert.True(instrumented.NotInstantiated.Count == 0, instrumented.Describe());
        Assert.True(instrumented.Prepared > plain.Prepared,
            $"the instrumented fixture compiled {instrumented.Prepared} methods, the plain one {plain.Prepared}: some were not reached");
    }
}
