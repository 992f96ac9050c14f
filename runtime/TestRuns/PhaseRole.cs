namespace RaceDetector.Runtime.TestRuns;

/// <summary>
/// What a hooked test or lifecycle method is to the order the framework runs things in. The instrumenter
/// passes these numbers (RaceDetector.Instrumenter.Passes.TestPhaseRole mirrors them).
/// </summary>
internal enum PhaseRole
{
    /// <summary>A test, or a method of a test class the framework runs around its tests: ordered within its serial group.</summary>
    Test = 0,

    /// <summary>A class or collection fixture being set up: happens before the tests of the groups that use it.</summary>
    FixtureSetup = 1,

    /// <summary>A class or collection fixture being torn down: happens after the tests of the groups that use it.</summary>
    FixtureTeardown = 2,

    /// <summary>Assembly-wide setup (an assembly fixture, <c>[AssemblyInitialize]</c>): happens before every test of its assembly.</summary>
    AssemblySetup = 3,

    /// <summary>Assembly-wide teardown: happens after every test of its assembly.</summary>
    AssemblyTeardown = 4,
}
