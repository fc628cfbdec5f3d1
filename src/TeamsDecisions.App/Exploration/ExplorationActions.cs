using TeamsDecisions.App.Bot;
using TeamsDecisions.App.Bot.Actions;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;

namespace TeamsDecisions.App.Exploration;

/// <summary>
/// The exploration buttons: Explore first on the new-RFC form (a refusal brings the form back with everything typed
/// and what to fix), Book on a slot (a refusal answers with an error card; nothing is booked), and Write the RFC
/// after the meeting (the new-RFC form, prefilled with the topic, the problem and the attendees as reviewers).
/// </summary>
internal sealed class ExplorationActions(ExplorationHandler exploration, TeamDirectory directory, MessageHandler messages) : ICardActionHandler
{
    public async Task<AdaptiveCard> HandleAsync(Bot.Actions.CardAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        await directory.RememberAsync(action.Turn, cancellationToken).ConfigureAwait(false);
        return action.Verb switch
        {
            CardVerbs.Explore => await FromFormAsync(action.Turn, action.Parse<NewRfcData>(), cancellationToken).ConfigureAwait(false),
            CardVerbs.ExplorePick => await BookAsync(action.Turn, action.Parse<ExplorePickData>(), cancellationToken).ConfigureAwait(false),
            CardVerbs.ExploreWrite => await WriteAsync(action.Turn, action.Parse<ExploreWriteData>(), cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action.Verb, "Not an exploration verb."),
        };
    }

    private async Task<AdaptiveCard> FromFormAsync(TurnContext turn, NewRfcData form, CancellationToken cancellationToken)
    {
        async Task<AdaptiveCard> AgainAsync(string problem) => await messages.NewFormAsync(turn, new NewRfcFormValues(
            form.Title, form.Context, form.Proposal, form.Options, form.Drivers, form.WindowDays, form.Channel, problem, form.Decider, form.Reviewers, form.FormId, form.Kind)
        {
            PickedNames = await NamesAsync(turn, $"{form.Decider},{form.Reviewers}", cancellationToken).ConfigureAwait(false),
        }, cancellationToken).ConfigureAwait(false);

        if (turn.Team is not { } team || !string.Equals(form.Team, team.Value, StringComparison.Ordinal))
        {
            return MessageCards.Error("No exploration was proposed", "This form belongs to another team or chat.", "Send @TeamsDecisions rfc new in the channel where the RFC belongs.");
        }

        if (!exploration.IsConfigured)
        {
            return await AgainAsync(ExplorationHandler.NotConfiguredProblem).ConfigureAwait(false);
        }

        try
        {
            var people = $"{form.Decider},{form.Reviewers}".Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return await exploration.ProposeAsync(turn, form.Title ?? string.Empty, form.Context ?? string.Empty, people, cancellationToken).ConfigureAwait(false);
        }
        catch (ExplorationRefusedException refused)
        {
            return await AgainAsync($"Explore first: {refused.Message} {refused.Fix}").ConfigureAwait(false);
        }
    }

    private async Task<AdaptiveCard> BookAsync(TurnContext turn, ExplorePickData pick, CancellationToken cancellationToken)
    {
        try
        {
            return await exploration.BookAsync(turn, pick, cancellationToken).ConfigureAwait(false);
        }
        catch (ExplorationRefusedException refused)
        {
            return MessageCards.Error("The meeting was not booked", refused.Message, refused.Fix);
        }
    }

    private async Task<AdaptiveCard> WriteAsync(TurnContext turn, ExploreWriteData write, CancellationToken cancellationToken)
    {
        if (turn.Team is not { } team || !string.Equals(write.Team, team.Value, StringComparison.Ordinal))
        {
            return MessageCards.Error("Couldn't open the RFC form", "This card belongs to another team or chat.", "Send @TeamsDecisions rfc new in the channel where the RFC belongs.");
        }

        // Attendees who left the team since are not offered as reviewers: the form would refuse them.
        var names = await NamesAsync(turn, write.Reviewers, cancellationToken).ConfigureAwait(false);
        var reviewers = string.Join(',', names.Keys.Where(id => turn.Actor is not { } actor || !string.Equals(id, actor.Id, StringComparison.OrdinalIgnoreCase)));
        return await messages.NewFormAsync(turn, new NewRfcFormValues(Title: write.Topic, Context: write.Problem, Channel: turn.ChannelId, Reviewers: reviewers.Length > 0 ? reviewers : null) { PickedNames = names }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyDictionary<string, string>> NamesAsync(TurnContext turn, string? ids, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in (ids ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).Take(ExplorationHandler.MaxPeople))
        {
            if (await directory.PersonAsync(turn, id, cancellationToken).ConfigureAwait(false) is { } person)
            {
                names[id] = person.DisplayName;
            }
        }

        return names;
    }
}
