using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;

namespace RealWorld;

/// <summary>
/// Newtonsoft.Json the way applications use it: a settings-driven serializer over an object graph
/// (references, type names, converters, naming), the round trip back, LINQ to JSON with JSONPath, the
/// streaming reader, and the static <see cref="JsonConvert"/> helpers with default settings.
/// </summary>
static class JsonWorkload
{
    const int Books = 300;

    public static void Run(Documents documents)
    {
        var catalog = CatalogFactory.Create(Books, seed: 7);
        var settings = Settings();

        // One serializer per call: a serializer's reference ids keep counting across calls.
        string json = Serialize(JsonSerializer.Create(settings), catalog);
        var loaded = Deserialize(JsonSerializer.Create(settings), json);
        string again = Serialize(JsonSerializer.Create(settings), loaded);
        documents.Add("catalog.json", json);

        var summary = new StringBuilder();
        summary.AppendLine($"round trip identical: {json == again}");
        summary.AppendLine($"books loaded: {loaded.LoadedBooks}, shared authors kept: {SharedAuthors(loaded)}");
        Query(JObject.Parse(json), summary);
        CountTokens(json, summary);
        documents.Add("catalog-summary.txt", summary.ToString());

        documents.Add("authors-camel.json", JsonConvert.SerializeObject(catalog.Authors, new JsonSerializerSettings
        {
            ContractResolver = new CamelCasePropertyNamesContractResolver(),
            NullValueHandling = NullValueHandling.Ignore,
        }));
        var years = JsonConvert.DeserializeObject<Dictionary<int, List<string>>>(JsonConvert.SerializeObject(catalog.TitlesByYear))!;
        documents.Add("years.json", JsonConvert.SerializeObject(years.OrderBy(pair => pair.Key).ToDictionary(), Formatting.Indented));
    }

    static JsonSerializerSettings Settings() => new()
    {
        Formatting = Formatting.Indented,
        PreserveReferencesHandling = PreserveReferencesHandling.Objects,
        TypeNameHandling = TypeNameHandling.Auto,
        SerializationBinder = new ReviewBinder(),
        ContractResolver = new DefaultContractResolver { NamingStrategy = new CamelCaseNamingStrategy() },
        Converters = { new StringEnumConverter(new KebabCaseNamingStrategy()) },
        DateParseHandling = DateParseHandling.DateTimeOffset,
        FloatParseHandling = FloatParseHandling.Decimal,
    };

    static string Serialize(JsonSerializer serializer, Catalog catalog)
    {
        var text = new StringWriter();
        serializer.Serialize(text, catalog);
        return text.ToString();
    }

    static Catalog Deserialize(JsonSerializer serializer, string json)
    {
        using var reader = new JsonTextReader(new StringReader(json));
        return serializer.Deserialize<Catalog>(reader)!;
    }

    /// <summary>Books that point at the same author object as another book (references were preserved).</summary>
    static int SharedAuthors(Catalog catalog) =>
        catalog.Books.GroupBy(book => book.Author!.Name).Count(group => group.Select(book => book.Author).Distinct().Count() == 1 && group.Count() > 1);

    static void Query(JObject root, StringBuilder summary)
    {
        var favourites = root.SelectTokens("$.books[?(@.rating >= 4.8)].title").Select(token => (string)token!).ToList();
        summary.AppendLine($"rated 4.8 and up: {favourites.Count}: {string.Join("; ", favourites)}");
        var prices = root.SelectTokens("$..price").Select(token => (decimal)token).ToList();
        summary.AppendLine($"prices: {prices.Count}, total {prices.Sum()}");
        var textReviews = root.Descendants().OfType<JProperty>().Count(p => p.Name == "$type" && ((string?)p.Value)!.Contains("Text"));
        summary.AppendLine($"text reviews: {textReviews}");
        root["name"] = "renamed";
        root.Remove("titlesByYear");
        summary.AppendLine($"edited: {root.ToString(Formatting.None).Length} characters, deep clone equal: {JToken.DeepEquals(root, root.DeepClone())}");
    }

    static void CountTokens(string json, StringBuilder summary)
    {
        var counts = new SortedDictionary<JsonToken, int>();
        using var reader = new JsonTextReader(new StringReader(json));
        while (reader.Read())
            counts[reader.TokenType] = counts.GetValueOrDefault(reader.TokenType) + 1;
        summary.AppendLine("tokens: " + string.Join(", ", counts.Select(pair => $"{pair.Key}={pair.Value}")));
    }

    /// <summary>Allows only the review types in <c>$type</c>, as a safe <see cref="TypeNameHandling"/> setup must.</summary>
    sealed class ReviewBinder : ISerializationBinder
    {
        static readonly Type[] Known = [typeof(StarReview), typeof(TextReview)];

        public Type BindToType(string? assemblyName, string typeName) =>
            Known.SingleOrDefault(type => type.Name == typeName) ?? throw new JsonSerializationException("unexpected type " + typeName);

        public void BindToName(Type serializedType, out string? assemblyName, out string? typeName)
        {
            assemblyName = null;
            typeName = serializedType.Name;
        }
    }
}
