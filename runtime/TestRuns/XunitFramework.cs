using static RaceDetector.Runtime.TestRuns.FrameworkAttributes;

namespace RaceDetector.Runtime.TestRuns;

/// <summary>
/// xunit v2 and v3 run the classes of one test collection one after another, and each test of a class after the
/// previous one; collections run in parallel. A class is its own collection unless it names one with
/// <c>[Collection]</c> (shared by every class naming it); <c>[assembly: CollectionBehavior(CollectionPerAssembly)]</c>
/// puts the unnamed ones in one collection, and <c>DisableTestParallelization = true</c> runs everything in turn.
/// </summary>
internal sealed class XunitFramework : TestFramework
{
    public static readonly XunitFramework Instance = new();

    const string CollectionBehavior = "Xunit.CollectionBehaviorAttribute";
    const string Collection = "Xunit.CollectionAttribute";
    const string GenericCollection = "Xunit.CollectionAttribute`1";
    const string CollectionDefinition = "Xunit.CollectionDefinitionAttribute";
    const string ClassFixture = "Xunit.IClassFixture`1";
    const string CollectionFixture = "Xunit.ICollectionFixture`1";
    const int CollectionPerAssembly = 0;

    public override string? GroupKey(Type testClass)
    {
        bool perAssembly = false;
        if (Find(testClass.Assembly.CustomAttributes, CollectionBehavior) is { } behavior)
        {
            if (Named(behavior, "DisableTestParallelization") is true)
                return WholeAssembly;
            switch (behavior.ConstructorArguments)
            {
                case []:
                    break;
                case [{ Value: int kind }]:
                    perAssembly = kind == CollectionPerAssembly;
                    break;
                default:
                    return null; // a custom collection factory: its grouping is unknown
            }
        }
        if (FindInherited(testClass, Collection) is { } named)
            return named.ConstructorArguments is [{ Value: string name }] ? NamedCollection(name)
                : named.ConstructorArguments is [{ Value: Type definition }] ? DefinedCollection(definition) : null;
        if (FindInherited(testClass, GenericCollection) is { } generic)
            return DefinedCollection(generic.AttributeType.GetGenericArguments()[0]);
        return perAssembly ? WholeAssembly : "class:" + testClass.FullName;
    }

    /// <summary>
    /// Classes that take <paramref name="fixture"/> as a class fixture, and collection definitions that declare it
    /// as a collection fixture.
    /// </summary>
    public override IEnumerable<string> FixtureUsers(Type fixture)
    {
        foreach (var type in TypesOf(fixture.Assembly))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericArguments()[0] == fixture))
            {
                string? name = NameOf(contract);
                if (name == ClassFixture && !type.IsAbstract && GroupKey(type) is { } user)
                    yield return user;
                else if (name == CollectionFixture && Find(type.CustomAttributes, CollectionDefinition) is { } definition)
                {
                    yield return DefinedCollection(type);
                    if (definition.ConstructorArguments is [{ Value: string collection }])
                        yield return NamedCollection(collection);
                }
            }
        }
    }

    static string NamedCollection(string name) => "collection:" + name;

    static string DefinedCollection(Type definition) => "collection-type:" + definition.FullName;
}
