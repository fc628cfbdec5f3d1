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
/// Turns a card into its refused form: a banner on top saying what to fix, and right under it the form that was
/// submitted (taken out of its button, so its input ids stay unique) with everything typed put back. Nothing the
/// person wrote is lost, and they do not have to find the button again.
/// </summary>
public static class RefusedCard
{
    /// <summary>Data fields that identify the card, not the choice the form made.</summary>
    private static readonly HashSet<string> Identifiers = new(StringComparer.OrdinalIgnoreCase) { "team", "rfc", "submitId", "formId" };

    public static AdaptiveCard Apply(AdaptiveCard card, CardRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(refusal);
        ShowCardAction? form = null;
        var actions = card.Actions?.ToList();
        if (actions?.FindIndex(a => Submits(a, refusal)) is >= 0 and var index)
        {
            form = (ShowCardAction)actions[index];
            actions.RemoveAt(index);
        }

        var body = form is null ? Take(card.Body, refusal, ref form) : [.. card.Body];
        var banner = new List<CardElement> { new TextBlock(Markdown.Escape(refusal.Headline)) { Weight = TextWeight.Bolder }, new TextBlock(Markdown.Escape(refusal.Problem)) { Spacing = Spacing.None } };
        if (refusal.Fix is { } fix)
        {
            banner.Add(new TextBlock(Markdown.Escape(fix)) { Spacing = Spacing.None });
        }

        if (form is null && refusal.Typed.Where(t => !Identifiers.Contains(t.Key) && t.Key != "vote" && !string.IsNullOrWhiteSpace(t.Value)).ToList() is { Count: > 0 } typed)
        {
            // The card no longer has the form (the RFC moved on): what was typed is at least shown, to copy elsewhere.
            banner.Add(new FactSet([.. typed.Select(t => new Fact(Label(t.Key), Markdown.EscapeShort(t.Value, 1_000)))]) { Spacing = Spacing.Small });
        }

        var top = new List<CardElement> { new Container(banner) { Style = ContainerStyle.Attention } };
        if (form is not null)
        {
            var inputs = form.Card.Body.Select(e => Refill(e, refusal.Typed)).ToList();
            top.Add(new Container([.. inputs, new ActionSet([.. form.Card.Actions ?? []])]) { Style = ContainerStyle.Emphasis, Spacing = Spacing.Small });
        }

        return card with { Body = [.. top, .. body], Actions = actions is { Count: > 0 } ? actions : null };
    }

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

    /// <summary>Finds the form in the body's action sets (e.g. "Resolve a concern" under the concerns) and takes it out.</summary>
    private static List<CardElement> Take(IEnumerable<CardElement> elements, CardRefusal refusal, ref ShowCardAction? form)
    {
        var kept = new List<CardElement>();
        foreach (var element in elements)
        {
            switch (element)
            {
                case ActionSet set when form is null && set.Actions.FirstOrDefault(a => Submits(a, refusal)) is ShowCardAction found:
                    form = found;
                    if (set.Actions.Count > 1)
                    {
                        kept.Add(set with { Actions = [.. set.Actions.Where(a => !ReferenceEquals(a, found))] });
                    }

                    break;
                case Container container when form is null:
                    kept.Add(container with { Items = Take(container.Items, refusal, ref form) });
                    break;
                default:
                    kept.Add(element);
                    break;
            }
        }

        return kept;
    }

    /// <summary>"voteReason" → "Vote reason".</summary>
    private static string Label(string id)
    {
        var words = System.Text.RegularExpressions.Regex.Replace(id, "(?<=[a-z0-9])([A-Z])", " $1").ToLowerInvariant();
        return words.Length == 0 ? id : char.ToUpperInvariant(words[0]) + words[1..];
    }

    private static CardElement Refill(CardElement element, IReadOnlyDictionary<string, string> typed)
    {
        if (element is Container container)
        {
            return container with { Items = [.. container.Items.Select(e => Refill(e, typed))] };
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
