using System.Globalization;
using System.Text.Json;
using TeamsDecisions.Cards.Model;

namespace TeamsDecisions.Cards.Builders;

/// <summary>
/// A refused action, to be answered with the same card: what went wrong and what to fix (<paramref name="Headline"/>
/// says once that it was not saved), and the values the person typed, keyed by input id.
/// </summary>
public sealed record CardRefusal(string Verb, string Headline, string Problem, string? Fix, IReadOnlyDictionary<string, string> Typed);

/// <summary>
/// Turns a card into its refused form: a banner on top saying what was not saved and what to fix, and the form that
/// was sent refilled in place with everything the person typed, so that opening its button again shows it. (Moving
/// the form into the body would make its required inputs block every other button: a card's inputs go with all of
/// its actions.)
/// </summary>
public static class RefusedCard
{
    /// <summary>Data fields that identify the card, not the choice the form made.</summary>
    private static readonly HashSet<string> Identifiers = new(StringComparer.OrdinalIgnoreCase) { "team", "rfc", "submitId", "formId" };

    public static AdaptiveCard Apply(AdaptiveCard card, CardRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(refusal);
        string? refilled = null;
        CardAction Refill(CardAction action)
        {
            if (refilled is null && Submits(action, refusal) && action is ShowCardAction show)
            {
                refilled = show.Title;
                return show with { Card = show.Card with { Body = [.. show.Card.Body.Select(e => RefillInput(e, refusal.Typed))] } };
            }

            return action;
        }

        var actions = card.Actions?.Select(Refill).ToList();
        var body = card.Body.Select(e => RefillActions(e, Refill)).ToList();
        var banner = new List<CardElement> { new TextBlock(Markdown.Escape(refusal.Headline)) { Weight = TextWeight.Bolder }, new TextBlock(Markdown.Escape(refusal.Problem)) { Spacing = Spacing.None } };
        if (refusal.Fix is { } fix)
        {
            banner.Add(new TextBlock(Markdown.Escape(fix)) { Spacing = Spacing.None });
        }

        if (refilled is not null)
        {
            banner.Add(new TextBlock($"What you typed is kept: open **{Markdown.Escape(refilled)}** again.") { Spacing = Spacing.Small });
        }
        else if (refusal.Typed.Where(t => !Identifiers.Contains(t.Key) && t.Key != "vote" && !string.IsNullOrWhiteSpace(t.Value)).ToList() is { Count: > 0 } typed)
        {
            // The card no longer has the form (the RFC moved on): what was typed is at least shown, to copy elsewhere.
            banner.Add(new FactSet([.. typed.Select(t => new Fact(InputLabel(t.Key), Markdown.EscapeShort(t.Value, 1_000)))]) { Spacing = Spacing.Small });
        }

        return card with { Body = [new Container(banner) { Style = ContainerStyle.Attention }, .. body], Actions = actions };
    }

    private static CardElement RefillActions(CardElement element, Func<CardAction, CardAction> refill) => element switch
    {
        ActionSet set => set with { Actions = [.. set.Actions.Select(refill)] },
        Container container => container with { Items = [.. container.Items.Select(e => RefillActions(e, refill))] },
        _ => element,
    };

    /// <summary>A button that opens a form submitting this verb, with data that agrees with what was sent (Object vs. Other vote).</summary>
    private static bool Submits(CardAction action, CardRefusal refusal) =>
        action is ShowCardAction show && show.Card.Actions?.OfType<ExecuteAction>().Any(e => e.Verb == refusal.Verb && Agrees(e.Data, refusal.Typed)) == true;

    private static bool Agrees(object? data, IReadOnlyDictionary<string, string> typed)
    {
        if (data is null)
        {
            return true;
        }

        var element = JsonSerializer.SerializeToElement(data, data.GetType(), CardJson.Options);
        return element.ValueKind != JsonValueKind.Object || element.EnumerateObject().All(p =>
            Identifiers.Contains(p.Name) || p.Value.ValueKind != JsonValueKind.String || !typed.TryGetValue(p.Name, out var sent) || string.Equals(sent, p.Value.GetString(), StringComparison.Ordinal));
    }

    /// <summary>An input id as words, for showing what was typed: "voteReason" → "Vote reason".</summary>
    public static string InputLabel(string id)
    {
        var words = System.Text.RegularExpressions.Regex.Replace(id, "(?<=[a-z0-9])([A-Z])", " $1").ToLowerInvariant();
        return words.Length == 0 ? id : char.ToUpperInvariant(words[0]) + words[1..];
    }

    private static CardElement RefillInput(CardElement element, IReadOnlyDictionary<string, string> typed)
    {
        if (element is Container container)
        {
            return container with { Items = [.. container.Items.Select(e => RefillInput(e, typed))] };
        }

        if (element.Id is not { } id || !typed.TryGetValue(id, out var value))
        {
            return element;
        }

        return element switch
        {
            TextInput text => text with { Value = value },
            ChoiceSetInput choice when choice.IsMultiSelect == true || choice.Choices.Count == 0 || choice.Choices.Any(c => c.Value == value) => choice with { Value = value },
            NumberInput number when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => number with { Value = n },
            ToggleInput toggle => toggle with { Value = value },
            _ => element,
        };
    }
}
