using System.Text.Json;
using TeamsDecisions.Cards.Model;
using TeamsDecisions.Teams.Activities;

namespace TeamsDecisions.App.Bot;

/// <summary>The one way a card leaves the app: serialised by the card model's own JSON setup, then wrapped.</summary>
internal static class CardMessages
{
    /// <summary>A message activity carrying the card.</summary>
    public static Activity Message(AdaptiveCard card) =>
        new() { Type = ActivityTypes.Message, Attachments = [Attachment.AdaptiveCard(CardJson.ToElement(card))] };

    /// <summary>The invoke answer that replaces the card the user acted on.</summary>
    public static InvokeResponse Answer(AdaptiveCard card) => InvokeResponses.Card(CardJson.ToElement(card));

    /// <summary>Reads a verb's data record with the card model's JSON setup (camelCase, enums as words).</summary>
    public static T Parse<T>(JsonElement data)
        where T : new() =>
        data.ValueKind == JsonValueKind.Object ? data.Deserialize<T>(CardJson.Options) ?? new T() : new T();
}
