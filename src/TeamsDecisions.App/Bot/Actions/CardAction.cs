using System.Text.Json;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;
using TeamsDecisions.Core;

namespace TeamsDecisions.App.Bot.Actions;

/// <summary>One Action.Execute as a handler sees it: the turn (who, where), the verb and its data, read once.</summary>
internal sealed class CardAction(TurnContext turn, string verb, JsonElement data)
{
    /// <summary>Input ids that name things, not what a person typed.</summary>
    private static readonly HashSet<string> Identifiers = new(StringComparer.OrdinalIgnoreCase) { "team", "rfc", "formId", "channel", "concernId", "verb", "decider", "reviewers" };

    public TurnContext Turn { get; } = turn;

    public string Verb { get; } = verb;

    public JsonElement Data { get; } = data;

    /// <summary>The RFC the action turned out to be about, once checked; error cards link back to it.</summary>
    public RfcId? Rfc { get; set; }

    public T Parse<T>()
        where T : new() => CardMessages.Parse<T>(Data);

    /// <summary>What the person typed on the card, for an error card to repeat when the action could not be saved.</summary>
    public IReadOnlyList<Fact> Typed()
    {
        if (Data.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var typed = new List<Fact>();
        foreach (var property in Data.EnumerateObject())
        {
            if (!Identifiers.Contains(property.Name) && property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text))
            {
                typed.Add(new Fact(RefusedCard.InputLabel(property.Name), text));
            }
        }

        return typed;
    }

    /// <summary>Every value the card sent, keyed by input id, for a refused card to put back where it was typed.</summary>
    public IReadOnlyDictionary<string, string> Values()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Data.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in Data.EnumerateObject())
            {
                if (property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                {
                    values[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                }
            }
        }

        return values;
    }

}

/// <summary>A use case reached from a card button: answers with the card that replaces the one the user acted on.</summary>
internal interface ICardActionHandler
{
    Task<AdaptiveCard> HandleAsync(CardAction action, CancellationToken cancellationToken);
}
