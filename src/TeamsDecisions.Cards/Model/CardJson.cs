using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TeamsDecisions.Cards.Model;

/// <summary>The one serializer setup for cards: schema spelling (camelCase), nulls omitted, enums as words.</summary>
public static class CardJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    public static string Serialize(AdaptiveCard card, bool indented = false) =>
        JsonSerializer.Serialize(card, indented ? Indented : Options);

    /// <summary>
    /// The card as a JSON element, serialised with these options: what goes into an attachment or an invoke answer,
    /// so that other serialisers (the Bot Connector's) copy it as it is instead of writing enums as numbers.
    /// </summary>
    public static JsonElement ToElement(AdaptiveCard card) => JsonSerializer.SerializeToElement(card, Options);

    /// <summary>UTF-8 size of the card as sent; Teams rejects bot messages over ~100 KB, and we keep cards under 40 KB.</summary>
    public static int SizeInBytes(AdaptiveCard card) => Encoding.UTF8.GetByteCount(Serialize(card));

    private static JsonSerializerOptions Create(bool indented) => new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },

        // Cards travel as JSON, never inside HTML: keep non-Latin text as UTF-8 rather than \u escapes (smaller cards).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = indented,
    };
}
