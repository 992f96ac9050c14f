using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>samples/BrokenFlag: a plain data field published through a plain bool flag.</summary>
public class BrokenFlagTests
{
    [Theory]
    [InlineData("Debug")]
    [InlineData("Release")]
    public void Plain_flag_and_data_race_between_writer_and_reader_with_exit_66(string configuration)
    {
        var run = SampleRun.Of("BrokenFlag", configuration);

        SampleAssert.Racy(run, "Mailbox", "instance-field", "data", "ready");

        // `data`: the reader reads it only after it saw `ready`, which the writer set after `data`,
        // so the write is always the previous access.
        var data = SampleAssert.Single(run, "data");
        Assert.Equal("write-read", data.Kind);
        SampleAssert.At(run, data.Previous, "writer", "Mailbox.Send()", SampleAssert.MarkedLine(run, "data", "data = 42"));
        SampleAssert.At(run, data.Current, "reader", "Mailbox.Receive()", SampleAssert.MarkedLine(run, "data", "Received = data"));

        // `ready`: the spin read may come before or after the write.
        var (write, read) = SampleAssert.WriteAndRead(run, SampleAssert.Single(run, "ready"));
        SampleAssert.At(run, write, "writer", "Mailbox.Send()", SampleAssert.MarkedLine(run, "ready", "ready = true"));
        SampleAssert.At(run, read, "reader", "Mailbox.Receive()", SampleAssert.MarkedLine(run, "ready", "while (!ready)"));

        Assert.Matches(@"^reader saw data = \d+$", Assert.Single(SampleAssert.OutputLines(run)));
    }
}
