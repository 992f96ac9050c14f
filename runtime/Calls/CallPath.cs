namespace RaceDetector.Runtime.Calls;

/// <summary>
/// An immutable snapshot of a shadow call stack: the innermost call's site and the path of its caller.
/// Accesses keep a reference to one, and paths share their common prefixes.
/// </summary>
internal sealed class CallPath(int site, CallPath? caller)
{
    public int Site { get; } = site;

    public CallPath? Caller { get; } = caller;

    /// <summary>The call sites, innermost first.</summary>
    public IEnumerable<int> Sites()
    {
        for (var path = this; path is not null; path = path.Caller)
            yield return path.Site;
    }
}
