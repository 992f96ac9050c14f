using RaceDetector.Runtime.Abi;
using Xunit;

namespace RaceDetector.Tests.Unit;

public class SiteRecordTests
{
    [Fact]
    public void Table_round_trips_including_tabs_newlines_and_missing_files()
    {
        SiteRecord[] sites =
        [
            new("write", "Demo.Counter.Increment()", 7, "/src/a b/Counter.cs", 12, 5, "instance-field", "Demo.Counter", "count", "System.Int32", ""),
            new("read", "Odd\tName\\x", 0, null, 0, 0, "array-element", "System.Int32", "[]", "System.Int32", "weird\nholder"),
        ];
        var back = SiteRecord.Deserialize(new MemoryStream(SiteRecord.Serialize(sites)));
        Assert.Equal(sites, back);
    }

    [Fact]
    public void Unknown_format_is_rejected()
    {
        Assert.Null(SiteRecord.Deserialize(new MemoryStream("something else\n"u8.ToArray())));
    }
}
