// Method-level parallelism: MSTest may run two methods of one class at once, so nothing orders them. Each writes after
// an await, whose continuation is a logical thread of its own; Left waits until Right has started and Right until Left
// has finished, in real time only (RealTimeSignal): only a serial group could order the writes, and there is none.
using Microsoft.VisualStudio.TestTools.UnitTesting;

[assembly: Parallelize(Workers = 2, Scope = ExecutionScope.MethodLevel)]

namespace MSTestMethodLevel;

[TestClass]
public class PairTests
{
    static readonly RealTimeSignal RightStarted = new();
    static readonly RealTimeSignal LeftDone = new();
    static int s_counter;

    [TestMethod]
    public async Task Left()
    {
        await RightStarted.WaitAsync();
        await Increment();
        LeftDone.Set();
    }

    [TestMethod]
    public async Task Right()
    {
        RightStarted.Set();
        await LeftDone.WaitAsync();
        await Increment();
    }

    static async Task Increment()
    {
        await Task.Delay(5);
        s_counter++; // RACE: s_counter
    }
}
