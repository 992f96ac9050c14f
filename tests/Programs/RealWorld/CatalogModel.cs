using System.Runtime.Serialization;
using Newtonsoft.Json;

namespace RealWorld;

// An object graph shaped like real application data: shared references (authors), polymorphic
// reviews, enums, dates, decimals, nullable values, dictionaries with non-string keys, byte arrays,
// an immutable type built through its constructor, a struct, attributes and serialization callbacks.

enum Genre { Fiction, Poetry, Science, History, Children }

sealed class Catalog
{
    public string Name { get; set; } = "";
    public DateTime Created { get; set; }
    public List<Book> Books { get; set; } = [];
    public Dictionary<string, Author> Authors { get; set; } = [];
    public Dictionary<int, List<string>> TitlesByYear { get; set; } = [];
    public decimal? Discount { get; set; }
    public Genre DefaultGenre { get; set; }

    [JsonIgnore]
    public int LoadedBooks { get; private set; }

    [OnDeserialized]
    void CountBooks(StreamingContext context) => LoadedBooks = Books.Count;
}

sealed class Author
{
    public string Name { get; set; } = "";
    public int Born { get; set; }
    public List<string> Languages { get; set; } = [];
    public Address? Home { get; set; }
}

sealed class Address
{
    [JsonConstructor]
    public Address(string city, string country, GeoPoint location)
    {
        City = city;
        Country = country;
        Location = location;
    }

    public string City { get; }
    public string Country { get; }
    public GeoPoint Location { get; }
}

struct GeoPoint
{
    public double Latitude { get; set; }
    public double Longitude { get; set; }
}

sealed class Book
{
    public int Id { get; set; }

    [JsonProperty("title", Required = Required.Always)]
    public string Title { get; set; } = "";

    public Author? Author { get; set; }
    public Genre Genre { get; set; }
    public double Rating { get; set; }
    public decimal Price { get; set; }
    public DateTimeOffset Published { get; set; }
    public Guid Isbn { get; set; }
    public TimeSpan? ReadingTime { get; set; }
    public string[] Tags { get; set; } = [];
    public byte[] Cover { get; set; } = [];
    public List<Review> Reviews { get; set; } = [];
    public Dictionary<string, object?> Extra { get; set; } = [];

    [JsonProperty(NullValueHandling = NullValueHandling.Ignore)]
    public string? Subtitle { get; set; }

    public bool ShouldSerializeReviews() => Reviews.Count > 0;
}

abstract class Review
{
    public string Reviewer { get; set; } = "";
}

sealed class StarReview : Review
{
    public int Stars { get; set; }
}

sealed class TextReview : Review
{
    public string Text { get; set; } = "";
    public bool Spoilers { get; set; }
}
