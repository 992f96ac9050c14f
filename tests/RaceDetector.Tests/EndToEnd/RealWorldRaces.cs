using RaceDetector.Tests.Support;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>
/// A race found inside a library and documented in README ("Races found in the wild"), recognised by its
/// location (the field's declaring type, and its member unless any member of the type is meant) and by the
/// methods of both sides' top frames (a prefix: a type or a method).
/// </summary>
public sealed record DocumentedRace(string Title, string[] LocationTypes, string[]? Members, string Methods)
{
    public bool Matches(Race race) =>
        LocationTypes.Contains(race.Type)
        && (Members is null || Members.Contains(race.Member))
        && race.Current.Top.Method.StartsWith(Methods, StringComparison.Ordinal)
        && race.Previous.Top.Method.StartsWith(Methods, StringComparison.Ordinal);
}

/// <summary>The library races of tests/Programs/RealWorld, as README documents them.</summary>
public static class RealWorldRaces
{
    const string Serialization = "Newtonsoft.Json.Serialization.";

    /// <summary>
    /// Every library race the four-worker run may report. Which of them a run reports depends on timing (which
    /// worker creates a shared contract, and whether some synchronization inside the library happened to order
    /// the accesses), so a run reports a subset, possibly none; a race outside this list fails the test.
    /// </summary>
    public static readonly DocumentedRace[] Documented =
    [
        new("Newtonsoft.Json: CamelCasePropertyNamesContractResolver's static contract cache",
            [Serialization + "CamelCasePropertyNamesContractResolver"], ["_contractCache"],
            Serialization + "CamelCasePropertyNamesContractResolver.ResolveContract("),
        // Any member: which fields of a shared contract a thread reads depends on the types serialized.
        new("Newtonsoft.Json: contracts shared between threads",
            [.. new[] { "JsonContract", "JsonContainerContract", "JsonDictionaryContract", "JsonArrayContract", "JsonObjectContract",
                "JsonPrimitiveContract", "JsonStringContract", "JsonProperty", "DynamicValueProvider", "DefaultContractResolver",
                "NamingStrategy" }.Select(type => Serialization + type)],
            null, Serialization),
        // Any member and spelling of the nested entry type: the table's array, or an element of it.
        new("Newtonsoft.Json: DefaultJsonNameTable read without its lock",
            [.. new[] { "DefaultJsonNameTable", "DefaultJsonNameTable.Entry", "DefaultJsonNameTable+Entry", "DefaultJsonNameTable/Entry" }
                .Select(type => "Newtonsoft.Json." + type)],
            null, "Newtonsoft.Json.DefaultJsonNameTable."),
        new("Newtonsoft.Json: JsonTypeReflector.DynamicCodeGeneration",
            [Serialization + "JsonTypeReflector"], ["_dynamicCodeGeneration"], Serialization + "JsonTypeReflector.get_DynamicCodeGeneration("),
    ];

    /// <summary>
    /// The races <c>RealWorld camel-case-probe</c> reports, by id (a stable hash of both sites): the contract
    /// cache, and the fields of the contracts thread "first" created that thread "second" then read.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> CamelCaseProbe = new Dictionary<string, string>
    {
        ["feff708f32eb115d"] = "CamelCasePropertyNamesContractResolver._contractCache",
        ["dfad4559fa87a190"] = "DynamicValueProvider._getter",
        ["af4bcb8a85cb422c"] = "JsonContainerContract._finalItemContract",
        ["d682c5c3d362345b"] = "JsonContainerContract._itemContract",
        ["a0ae58d0531fa777"] = "JsonContract.<Converter>k__BackingField",
        ["c1d8a26086121353"] = "JsonContract.<InternalConverter>k__BackingField",
        ["429212b7b739c709"] = "JsonContract.IsSealed",
        ["9b23ee5c9525e45f"] = "JsonDictionaryContract.<KeyContract>k__BackingField",
        ["a7acf1479f2c7cf3"] = "JsonDictionaryContract.<DictionaryKeyResolver>k__BackingField",
        ["81ed97e1cf8f96dc"] = "DefaultContractResolver.<NamingStrategy>k__BackingField",
        ["e3dd61ca62331ce5"] = "JsonPrimitiveContract.<TypeCode>k__BackingField",
        ["4c2bd7f5bdf021d3"] = "JsonProperty.<Converter>k__BackingField",
        ["58123dee5150b195"] = "JsonProperty.<Ignored>k__BackingField",
        ["1f45eb658e4e6f36"] = "JsonProperty.<IsReference>k__BackingField",
        ["6e7ecb7e7767e147"] = "JsonProperty.<ItemConverter>k__BackingField",
        ["b815d3b6afdd7856"] = "JsonProperty.<ItemIsReference>k__BackingField",
        ["edc9cc3a275d530c"] = "JsonProperty.<ItemReferenceLoopHandling>k__BackingField",
        ["04185132b31bb840"] = "JsonProperty.<ItemTypeNameHandling>k__BackingField",
        ["a95f41260aa72b35"] = "JsonProperty.<NullValueHandling>k__BackingField",
        ["91e468583684323b"] = "JsonProperty.<PropertyContract>k__BackingField",
        ["52a265b20799472f"] = "JsonProperty.<Readable>k__BackingField",
        ["c3812d31bc5ac528"] = "JsonProperty.<ReferenceLoopHandling>k__BackingField",
        ["f27a2dcd275751af"] = "JsonProperty.<ShouldSerialize>k__BackingField",
        ["50b1925a026a3d5a"] = "JsonProperty.<TypeNameHandling>k__BackingField",
        ["9d2980a8cf08e780"] = "JsonProperty.<ValueProvider>k__BackingField",
        ["03165e2a45f3fe5a"] = "JsonProperty._propertyName",
        ["0b95dfdc5c456c5d"] = "JsonProperty._skipPropertyNameEscape",
    };

    /// <summary>The documented race <paramref name="race"/> is, or null.</summary>
    public static DocumentedRace? Find(Race race) => Documented.FirstOrDefault(documented => documented.Matches(race));

    /// <summary>True when either side's top frame is in the workload's own code.</summary>
    public static bool InWorkload(Race race) => InWorkload(race.Current.Top) || InWorkload(race.Previous.Top);

    static bool InWorkload(Frame frame) =>
        frame.Method.StartsWith("RealWorld.", StringComparison.Ordinal) || frame.Method.StartsWith("Program.", StringComparison.Ordinal)
        || (frame.File is { } file && Path.GetFullPath(file).StartsWith(RealWorldProgram.Project + Path.DirectorySeparatorChar, StringComparison.Ordinal));

    public static string Describe(Race race) =>
        $"{race.Id} {race.Kind} on {race.Display}: {race.Current.Top.Method} ({race.Current.ThreadName}) / "
        + $"{race.Previous.Top.Method} ({race.Previous.ThreadName})";
}
