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
        var deflated = new MemoryStream();
        using (var deflate = new System.IO.Compression.DeflateStream(deflated, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            deflate.Write("RaceDetectorSites/1\nwrite\tM\t0\n"u8);
        Assert.Null(SiteRecord.Deserialize(new MemoryStream(deflated.ToArray())));
    }

    [Fact]
    public void Sites_of_one_method_share_its_name_and_file()
    {
        // A big method: a site per call and access, all with the same long method name and file.
        const string method = "Company.Product.Serialization.InternalWriter.SerializeObject(JsonWriter, Object, JsonObjectContract, JsonProperty)";
        var sites = Enumerable.Range(0, 10_000).Select(i => new SiteRecord(i % 2 == 0 ? "call" : "read", method, i * 5,
            "/src/Company.Product/Serialization/InternalWriter.cs", 100 + i / 4, 13, "call", "Company.Product.Writer", "Write" + (i % 7), "", "")).ToArray();
        byte[] table = SiteRecord.Serialize(sites);
        Assert.Equal(sites, SiteRecord.Deserialize(new MemoryStream(table)));
        Assert.True(table.Length < sites.Length * 8, $"{table.Length} bytes for {sites.Length} sites");
    }
}
