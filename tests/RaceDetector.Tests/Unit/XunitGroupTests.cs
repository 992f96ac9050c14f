using RaceDetector.Runtime.TestRuns;
using Xunit;

namespace RaceDetector.Tests.Unit;

/// <summary>
/// Which serial group the runtime gives an xunit test class (read from the attributes of this assembly, which has
/// no <c>CollectionBehavior</c>): its collection, and the users of a fixture.
/// </summary>
public class XunitGroupTests
{
    public sealed class Fixture;

    public class OwnCollection : IClassFixture<Fixture>;

    [Collection("rd-shared")]
    public class NamedCollection;

    public class InheritsNamedCollection : NamedCollection;

    [CollectionDefinition("rd-fixture-collection")]
    public class FixtureCollection : ICollectionFixture<Fixture>;

    [Fact]
    public void Classes_are_their_own_collection_unless_they_or_a_base_class_name_one()
    {
        var xunit = TestFramework.Of(typeof(XunitGroupTests).Assembly);

        Assert.IsType<XunitFramework>(xunit);
        Assert.Equal("class:" + typeof(OwnCollection).FullName, xunit.GroupKey(typeof(OwnCollection)));
        Assert.Equal("collection:rd-shared", xunit.GroupKey(typeof(NamedCollection)));
        Assert.Equal("collection:rd-shared", xunit.GroupKey(typeof(InheritsNamedCollection)));
    }

    [Fact]
    public void A_fixture_is_used_by_the_classes_and_collection_definitions_that_declare_it()
    {
        var users = XunitFramework.Instance.FixtureUsers(typeof(Fixture)).ToHashSet();

        Assert.Equal(
            ["class:" + typeof(OwnCollection).FullName, "collection-type:" + typeof(FixtureCollection).FullName, "collection:rd-fixture-collection"],
            users.Order(StringComparer.Ordinal));
    }
}
