// Tests that xunit runs one after another, so nothing races between them: async tests of one class, async
// setup and teardown (IAsyncLifetime), and two classes of one [Collection] sharing a collection fixture.
// The one race is between two classes in different collections, which xunit runs in parallel.
// Compiled for xunit v2 (SerialTests) and xunit.v3 (SerialTestsV3, XUNIT_V3).
using Xunit;
#if XUNIT_V3
using LifetimeTask = System.Threading.Tasks.ValueTask;
#else
using LifetimeTask = System.Threading.Tasks.Task;
#endif

namespace SerialTests;

/// <summary>One class is one collection: its tests run one at a time, whatever thread each await resumes on.</summary>
public class SerialAsyncTests
{
    static int s_calls;

    [Fact]
    public async Task First() => await Increment();

    [Fact]
    public async Task Second() => await Increment();

    [Fact]
    public async Task Third() => await Increment();

    static async Task Increment()
    {
        await Task.Delay(5);
        s_calls++;
    }
}

/// <summary>Async setup happens before its test, and the test before its async teardown.</summary>
public class AsyncLifetimeTests : IAsyncLifetime
{
    static int s_state;

    public async LifetimeTask InitializeAsync()
    {
        await Task.Delay(5);
        s_state++;
    }

    public async LifetimeTask DisposeAsync()
    {
        await Task.Delay(5);
        s_state--;
    }

    [Fact]
    public async Task Reads_the_setup()
    {
        await Task.Delay(5);
        Assert.Equal(1, s_state);
    }

    [Fact]
    public void Reads_the_setup_synchronously() => Assert.Equal(1, s_state);
}

/// <summary>Shared by the two classes of the "Shared" collection, which xunit runs one after another.</summary>
public class SharedFixture : IAsyncLifetime
{
    public int Uses;

    public async LifetimeTask InitializeAsync()
    {
        await Task.Delay(5);
        Uses = 0;
    }

    public async LifetimeTask DisposeAsync()
    {
        await Task.Delay(5);
        Uses = -1;
    }
}

[CollectionDefinition("Shared")]
public class SharedCollection : ICollectionFixture<SharedFixture>;

[Collection("Shared")]
public class FirstSharedTests(SharedFixture fixture)
{
    [Fact]
    public async Task Uses_the_fixture()
    {
        await Task.Delay(5);
        fixture.Uses++;
    }
}

[Collection("Shared")]
public class SecondSharedTests(SharedFixture fixture)
{
    [Fact]
    public async Task Uses_the_fixture()
    {
        await Task.Delay(5);
        fixture.Uses++;
    }
}

/// <summary>Written by tests of two collections, which xunit may run at the same time: a real race.</summary>
public static class CrossCollection
{
    public static int Counter;

    public static async Task Increment()
    {
        await Task.Delay(5);
        Counter++; // RACE: Counter
    }
}

public class LeftTests
{
    [Fact]
    public async Task Left() => await CrossCollection.Increment();
}

public class RightTests
{
    [Fact]
    public async Task Right() => await CrossCollection.Increment();
}
