using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TeamsDecisions.Core;

namespace TeamsDecisions.Faults.Tests;

/// <summary>An invoke answer as the person who pressed the button would get it: the HTTP status, the raw body and the card (if any).</summary>
internal sealed record InvokeAnswer(HttpStatusCode Status, string Body, JsonObject? Card)
{
    /// <summary>Every text on the card, in order; the first is the title.</summary>
    public IReadOnlyList<string> Texts => Card is null ? [] : CardInvoke.Texts(Card);

    /// <summary>The ids of the card's inputs and elements.</summary>
    public IReadOnlyList<string> Ids => Card is null ? [] : CardInvoke.Values(Card, "id");

    /// <summary>An error card: titled "⚠ …".</summary>
    public bool IsErrorCard => Texts.Count > 0 && Texts[0].StartsWith('⚠');

    public override string ToString() => $"HTTP {(int)Status} {Body[..Math.Min(Body.Length, 600)]}";
}

/// <summary>
/// One Action.Execute (adaptiveCard/action invoke) from a person in a team's channel thread, POSTed to the app's
/// /api/messages as Teams does; the one place that knows the activity's shape.
/// </summary>
internal static class CardInvoke
{
    /// <summary>Every text on the card as shown, in order: a TextBlock's text, a RichTextBlock's runs joined into one.</summary>
    public static List<string> Texts(JsonNode? node) =>
        [.. Objects(node).Select(o => (string?)o["type"] switch
        {
            "TextBlock" => (string?)o["text"],
            "RichTextBlock" => string.Concat((o["inlines"] as JsonArray ?? []).Select(r => (string?)r?["text"])),
            _ => null,
        }).OfType<string>()];

    public const string CardType = "application/vnd.microsoft.card.adaptive";

    /// <summary>Sends <paramref name="verb"/> with <paramref name="data"/> (its "team" is added) as <paramref name="from"/>.</summary>
    public static async Task<InvokeAnswer> SendAsync(HttpClient http, Uri endpoint, Uri serviceUrl, TeamId team, UserRef from, string verb, JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(data);
        data["team"] = team.Value;
        using var content = new StringContent(Activity(serviceUrl, team, from.Id, from.DisplayName, $"f:{Guid.NewGuid():N}", verb, data).ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(endpoint, content);
        var body = await response.Content.ReadAsStringAsync();
        return new InvokeAnswer(response.StatusCode, body, AsCard(body));
    }

    /// <summary>The invoke activity Teams sends when <paramref name="userId"/> presses a button in the team's thread.</summary>
    public static JsonObject Activity(Uri serviceUrl, TeamId team, string userId, string userName, string activityId, string verb, JsonObject data) => new()
    {
        ["type"] = "invoke",
        ["name"] = "adaptiveCard/action",
        ["id"] = activityId,
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture),
        ["serviceUrl"] = serviceUrl.AbsoluteUri,
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = "29:" + userId, ["name"] = userName, ["aadObjectId"] = userId },
        ["recipient"] = new JsonObject { ["id"] = "28:0f2c4e6a-8b1d-4f3e-9a5c-7d9e1f3a5b7c", ["name"] = "TeamsDecisions" },
        ["conversation"] = new JsonObject { ["isGroup"] = true, ["conversationType"] = "channel", ["tenantId"] = StoreView.Tenant, ["id"] = $"{team.Value};messageid=1730538412345" },
        ["replyToId"] = "1730538412345",
        ["channelData"] = new JsonObject
        {
            ["tenant"] = new JsonObject { ["id"] = StoreView.Tenant },
            ["team"] = new JsonObject { ["id"] = team.Value, ["name"] = "Platform Engineering" },
            ["channel"] = new JsonObject { ["id"] = team.Value, ["name"] = "General" },
        },
        ["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data },
            ["trigger"] = "manual",
        },
    };

    /// <summary>The Adaptive Card of a Universal Actions answer (<c>{statusCode: 200, type: card, value}</c>); null for anything else.</summary>
    public static JsonObject? AsCard(string body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject { } answer && (int?)answer["statusCode"] == 200 && (string?)answer["type"] == CardType && answer["value"] is JsonObject card
                ? card
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Every string value of <paramref name="property"/> anywhere in the card, in document order.</summary>
    public static List<string> Values(JsonNode? node, string property) =>
        [.. Objects(node).Select(o => o[property] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null).OfType<string>()];

    /// <summary>Every object in the card, depth first, in document order.</summary>
    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject obj => [obj, .. obj.SelectMany(p => Objects(p.Value))],
        JsonArray array => array.SelectMany(Objects),
        _ => [],
    };
}
