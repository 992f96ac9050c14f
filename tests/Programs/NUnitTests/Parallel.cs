// Tests NUnit may run in parallel race on a static; tests it runs one after another do not. Each test writes after
// an await, whose continuation is a logical thread of its own: only the serial group the detector gives the tests
// can order the writes. The second test of each pair waits in its set-up, in real time only, until the first has
// finished (RealTimeSignal), so a serial group given to tests that may run in parallel would hide their race.
// The [Parallelizable] attributes also make each fixture of the assembly a group of its own, not the whole assembly.
using NUnit.Framework;

[assembly: LevelOfParallelism(4)] // more workers than tests waiting at once

namespace NUnitTests
{
    /// <summary>
    /// Two tests, First and Second (NUnit starts a fixture's tests in alphabetical order), that each call
    /// <see cref="Write"/> after an await; Second's set-up waits until First has finished.
    /// </summary>
    public abstract class WritingPair
    {
        readonly RealTimeSignal _firstDone = new();

        [SetUp]
        public async Task WaitForFirst()
        {
            if (TestContext.CurrentContext.Test.MethodName == nameof(Second))
                await _firstDone.WaitAsync();
        }

        [Test]
        public async Task First()
        {
            await Task.Delay(5);
            Write();
            _firstDone.Set();
        }

        [Test]
        public async Task Second()
        {
            await Task.Delay(5);
            Write();
        }

        protected abstract void Write();
    }

    /// <summary>ParallelScope.Children on the fixture: its tests run in parallel with each other.</summary>
    [Parallelizable(ParallelScope.Children)]
    public class ChildrenTests : WritingPair
    {
        static int s_children;

        protected override void Write() => s_children++; // RACE: s_children
    }

    /// <summary>One fixture type built twice, [Parallelizable]: the two fixtures run at the same time.</summary>
    [TestFixture(1), TestFixture(2), Parallelizable]
    public class TwiceBuiltTests(int fixture)
    {
        static readonly RealTimeSignal s_firstDone = new();
        static int s_twiceBuilt;
        readonly int _fixture = fixture;

        [SetUp]
        public async Task WaitForFirst()
        {
            if (_fixture == 2)
                await s_firstDone.WaitAsync();
        }

        [Test]
        public async Task Write()
        {
            await Task.Delay(5);
            s_twiceBuilt += _fixture; // RACE: s_twiceBuilt
            if (_fixture == 1)
                s_firstDone.Set();
        }
    }
}

namespace NUnitTests.InParallel
{
    /// <summary>ParallelScope.Children for the fixtures of this namespace that do not say otherwise.</summary>
    [SetUpFixture, Parallelizable(ParallelScope.Children)]
    public class ParallelNamespace;

    /// <summary>No attribute of its own: its tests run in parallel, as the set-up fixture says.</summary>
    public class InheritedChildrenTests : WritingPair
    {
        static int s_inherited;

        protected override void Write() => s_inherited++; // RACE: s_inherited
    }

    /// <summary>[Parallelizable] alone (ParallelScope.Self) replaces the namespace's scope: its tests run one at a time.</summary>
    [Parallelizable]
    public class SelfTests : WritingPair
    {
        static int s_self;

        protected override void Write() => s_self++;
    }

    /// <summary>[NonParallelizable] replaces the namespace's scope too: its tests run one at a time.</summary>
    [NonParallelizable]
    public class NonParallelizableTests : WritingPair
    {
        static int s_nonParallelizable;

        protected override void Write() => s_nonParallelizable++;
    }
}
