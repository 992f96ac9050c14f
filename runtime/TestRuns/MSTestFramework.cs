using static RaceDetector.Runtime.TestRuns.FrameworkAttributes;

namespace RaceDetector.Runtime.TestRuns;

/// <summary>
/// MSTest runs one test at a time unless the assembly has <c>[Parallelize]</c> (one worker still runs them in
/// turn); at class level each class's tests still run in turn, at method level nothing is in turn.
/// Parallelism turned on by a .runsettings file alone is not seen.
/// </summary>
internal sealed class MSTestFramework : TestFramework
{
    public static readonly MSTestFramework Instance = new();

    const string Parallelize = "Microsoft.VisualStudio.TestTools.UnitTesting.ParallelizeAttribute";
    const int ClassLevel = 0;

    public override string? GroupKey(Type testClass)
    {
        var parallelize = Find(testClass.Assembly.CustomAttributes, Parallelize);
        if (parallelize is null || Named(parallelize, "Workers") is 1)
            return WholeAssembly;
        return Named(parallelize, "Scope") is null or ClassLevel ? "class:" + testClass.FullName : null;
    }
}
