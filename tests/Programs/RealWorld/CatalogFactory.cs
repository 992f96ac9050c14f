namespace RealWorld;

/// <summary>Builds a deterministic catalog: the same seed gives the same graph in every run.</summary>
static class CatalogFactory
{
    static readonly string[] Words =
        ["river", "glass", "winter", "orchard", "lantern", "harbor", "quiet", "ember", "atlas", "meadow", "signal", "copper"];

    public static Catalog Create(int books, int seed)
    {
        var random = new Random(seed);
        var catalog = new Catalog
        {
            Name = "Catalog " + seed,
            Created = new DateTime(2024, 3, 1, 12, 30, 0, DateTimeKind.Utc),
            Discount = 0.15m,
            DefaultGenre = Genre.Fiction,
        };
        var authors = Enumerable.Range(0, Math.Max(1, books / 10)).Select(i => NewAuthor(random, i)).ToList();
        foreach (var author in authors)
            catalog.Authors[author.Name] = author;
        for (int id = 1; id <= books; id++)
        {
            var book = NewBook(random, id, authors[random.Next(authors.Count)]);
            catalog.Books.Add(book);
            int year = book.Published.Year;
            if (!catalog.TitlesByYear.TryGetValue(year, out var titles))
                catalog.TitlesByYear[year] = titles = [];
            titles.Add(book.Title);
        }
        return catalog;
    }

    static Author NewAuthor(Random random, int index) => new()
    {
        Name = $"{Word(random)} {Word(random)} {index}",
        Born = 1900 + random.Next(100),
        Languages = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Word(random)[..2]).ToList(),
        Home = random.Next(3) == 0 ? null : new Address(Word(random), Word(random),
            new GeoPoint { Latitude = Math.Round(random.NextDouble() * 180 - 90, 4), Longitude = Math.Round(random.NextDouble() * 360 - 180, 4) }),
    };

    static Book NewBook(Random random, int id, Author author)
    {
        var book = new Book
        {
            Id = id,
            Title = $"The {Word(random)} of {Word(random)}",
            Subtitle = random.Next(2) == 0 ? null : "A " + Word(random),
            Author = author,
            Genre = (Genre)random.Next(5),
            Rating = Math.Round(random.NextDouble() * 5, 2),
            Price = Math.Round((decimal)random.NextDouble() * 50, 2),
            Published = new DateTimeOffset(1950 + random.Next(75), 1 + random.Next(12), 1 + random.Next(28), 0, 0, 0, TimeSpan.FromHours(random.Next(-5, 6))),
            Isbn = new Guid(Bytes(random, 16)),
            ReadingTime = random.Next(4) == 0 ? null : TimeSpan.FromMinutes(random.Next(60, 900)),
            Tags = Enumerable.Range(0, random.Next(4)).Select(_ => Word(random)).ToArray(),
            Cover = Bytes(random, 24),
        };
        for (int i = random.Next(4); i > 0; i--)
        {
            book.Reviews.Add(random.Next(2) == 0
                ? new StarReview { Reviewer = Word(random), Stars = 1 + random.Next(5) }
                : new TextReview { Reviewer = Word(random), Text = $"{Word(random)} and {Word(random)}, \"{Word(random)}\"\n", Spoilers = random.Next(2) == 0 });
        }
        book.Extra["pages"] = (long)(100 + random.Next(800));
        book.Extra["series"] = random.Next(3) == 0 ? Word(random) : null;
        book.Extra["weight"] = Math.Round(random.NextDouble(), 3);
        return book;
    }

    static string Word(Random random) => Words[random.Next(Words.Length)];

    static byte[] Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
