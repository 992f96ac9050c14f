using RaceDetector.Instrumenter.Abi;

namespace RaceDetector.Instrumenter.Sites;

/// <summary>The sites of one module, numbered from zero in the order they are added.</summary>
internal sealed class SiteTable
{
    readonly List<SiteRecord> _sites = new();

    public int Count => _sites.Count;

    public int Add(SiteRecord site)
    {
        _sites.Add(site);
        return _sites.Count - 1;
    }

    public IReadOnlyList<SiteRecord> Sites => _sites;

    public byte[] Serialize() => SiteRecord.Serialize(_sites);
}
