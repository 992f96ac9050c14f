using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

public class CrossAssemblyTests
{
    [Fact]
    public void Races_on_fields_declared_in_another_instrumented_assembly_are_reported()
    {
        var run = SampleRun.OfProgram("CrossAssembly");

        Assert.True(run.Process.ExitCode == 66, run.Process.ToString());
        Assert.Contains("balance=", run.Process.StandardOutput);
        foreach (var member in new[] { "Balance", "Operations", "Instances" })
        {
            var race = Assert.Single(run.Report.On(member));
            Assert.Equal("CrossAssemblyLib.Account", race.Type);
            int line = run.Line("RACE: " + member);
            Assert.Equal((line, line), race.Lines);
            Assert.Equal(["first", "second"], new[] { race.Current.ThreadName, race.Previous.ThreadName }.Order());
        }
        Assert.Equal("static-field", Assert.Single(run.Report.On("Instances")).LocationKind);
    }
}
