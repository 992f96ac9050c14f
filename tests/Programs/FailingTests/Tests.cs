// Two tests for `racedetector test`'s exit code: Fails fails and does not race (exit code of the test
// run), Races passes and races (66, or --exit-code). Select one with `-- --filter Name~Fails`.
using Xunit;

namespace FailingTests;

public class Tests
{
    static int s_shared;

    [Fact]
    public void Fails() => Assert.Fail("fails on purpose");

    [Fact]
    public void Races()
    {
        var writers = new[] { new Thread(() => s_shared = 1), new Thread(() => s_shared = 2) }; // RACE: s_shared
        foreach (var writer in writers)
            writer.Start();
        foreach (var writer in writers)
            writer.Join();
        Assert.InRange(s_shared, 1, 2);
    }
}
