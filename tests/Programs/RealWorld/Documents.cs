using System.Text;

namespace RealWorld;

/// <summary>The documents one worker produced, by file name, in the order they were made.</summary>
sealed class Documents
{
    readonly List<(string Name, byte[] Content)> _all = [];

    public IReadOnlyList<(string Name, byte[] Content)> All => _all;

    public void Add(string name, string text) => _all.Add((name, Encoding.UTF8.GetBytes(text)));

    public void WriteTo(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, content) in _all)
            File.WriteAllBytes(Path.Combine(folder, name), content);
    }

    public bool SameAs(Documents other) =>
        _all.Count == other._all.Count
        && _all.Zip(other._all).All(pair => pair.First.Name == pair.Second.Name && pair.First.Content.AsSpan().SequenceEqual(pair.Second.Content));
}
