using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Teams.Connector;

namespace TeamsDecisions.App.Bot.Actions;

/// <summary>
/// The new-RFC form: opening it, and submitting it — people resolved from the team roster, the RFC opened
/// (idempotent per form), its card posted as a new thread. A refused form comes back with everything typed.
/// </summary>
internal sealed class RfcFormActions(RfcService service, TeamDirectory directory, RfcPoster poster, MessageHandler messages, Search.RelatedDecisions related, ILogger<RfcFormActions> logger) : ICardActionHandler
{
    public async Task<AdaptiveCard> HandleAsync(CardAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        await directory.RememberAsync(action.Turn, cancellationToken).ConfigureAwait(false);
        return action.Verb switch
        {
            CardVerbs.NewRfcForm => await messages.NewFormAsync(action.Turn, cancellationToken).ConfigureAwait(false),
            CardVerbs.SubmitRfc => await SubmitAsync(action.Turn, action.Parse<NewRfcData>(), cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action.Verb, "Not an RFC form verb."),
        };
    }

    private async Task<AdaptiveCard> SubmitAsync(TurnContext turn, NewRfcData form, CancellationToken cancellationToken)
    {
        if (turn.Team is not { } team || !string.Equals(form.Team, team.Value, StringComparison.Ordinal))
        {
            return MessageCards.Error("The RFC was not created", "This form belongs to another team or chat.", "Send @TeamsDecisions rfc new in the channel where the RFC belongs.");
        }

        var channels = await directory.ChannelsAsync(turn, cancellationToken).ConfigureAwait(false);
        async Task<AdaptiveCard> AgainAsync(string problem) => await messages.NewFormAsync(turn, new NewRfcFormValues(
            form.Title, form.Context, form.Proposal, form.Options, form.Drivers, form.WindowDays, form.Channel, problem, form.Decider, form.Reviewers, form.FormId, form.Kind)
        {
            PickedNames = await PickedNamesAsync(turn, form, cancellationToken).ConfigureAwait(false),
        }, cancellationToken, channels).ConfigureAwait(false);

        var channel = channels.FirstOrDefault(c => c.Id == form.Channel) ?? (string.IsNullOrWhiteSpace(form.Channel) ? channels[0] : null);
        if (channel is null)
        {
            return await AgainAsync("Choose one of this team's channels to post the RFC in.").ConfigureAwait(false);
        }

        if (string.IsNullOrWhiteSpace(form.Decider))
        {
            return await AgainAsync("Choose a decider: the person who will resolve this RFC.").ConfigureAwait(false);
        }

        var decider = await directory.PersonAsync(turn, form.Decider.Trim(), cancellationToken).ConfigureAwait(false);
        if (decider is null)
        {
            return await AgainAsync("The decider must be a member of this team.").ConfigureAwait(false);
        }

        if (RfcKindChoice.Parse(form.Kind) is not { } kind)
        {
            return await AgainAsync("Choose whether this RFC is a design review or a routine question.").ConfigureAwait(false);
        }

        var reviewers = new List<UserRef>();
        foreach (var id in (form.Reviewers ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var reviewer = await directory.PersonAsync(turn, id, cancellationToken).ConfigureAwait(false);
            if (reviewer is null)
            {
                return await AgainAsync("Every required reviewer must be a member of this team.").ConfigureAwait(false);
            }

            reviewers.Add(reviewer);
        }

        var proposal = new RfcProposal(
            form.Title ?? string.Empty,
            decider,
            reviewers,
            form.Context ?? string.Empty,
            form.Proposal ?? string.Empty,
            [.. Lines(form.Options).Select(ParseOption)],
            [.. Lines(form.Drivers)],
            [],
            form.WindowDays,
            kind);

        // Keyed by the form, not the click: pressing the same form's button again replays the same RFC. A form
        // without an id (rendered by an older version) gets this click's id, which the retry card then carries.
        var formId = form.FormId is { Length: > 0 and <= 64 } given ? given : turn.Activity.Id ?? Guid.NewGuid().ToString("N");
        Rfc saved;
        try
        {
            saved = (await service.ProposeAsync(new CommandContext(turn.Actor!, $"form:{formId}"), team, proposal, asDraft: false, cancellationToken).ConfigureAwait(false)).Rfc;
        }
        catch (DomainRuleException ex)
        {
            Log.ActionRefused(logger, CardVerbs.SubmitRfc, "-", ex.Rule);
            return await AgainAsync(ex.Message).ConfigureAwait(false);
        }

        try
        {
            var posted = await poster.PostAsync(turn, saved, channel.Id, cancellationToken).ConfigureAwait(false);
            var pastDecisions = await related.ForAsync(posted, turn.TenantId, ConversationCards.RelatedShown, cancellationToken).ConfigureAwait(false);
            return ConversationCards.RfcPosted(posted, channel.Name, posted.Thread?.WebUrl, pastDecisions);
        }
        catch (Exception ex)
        {
            // Saved but not (fully) posted — Teams refused, or the invoke budget ran out while posting: the answer carries the form exactly as saved, with no inputs, so the
            // retry posts this RFC as it was written and cannot silently drop later edits.
            Log.ActionFailed(logger, ex, CardVerbs.SubmitRfc);
            var problem = ex is ConnectorException ? "Teams did not accept the post (it may be busy)." : "Posting it did not finish.";
            return ConversationCards.RfcNotPosted(saved, channel.Name, problem, form with { Channel = channel.Id, FormId = formId });
        }
    }

    /// <summary>The display names of the people the author picked, from the team's roster, so the refilled pickers show them.</summary>
    private async Task<IReadOnlyDictionary<string, string>> PickedNamesAsync(TurnContext turn, NewRfcData form, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in $"{form.Decider},{form.Reviewers}".Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (await directory.PersonAsync(turn, id, cancellationToken).ConfigureAwait(false) is { } person)
            {
                names[id] = person.DisplayName;
            }
        }

        return names;
    }

    private static IEnumerable<string> Lines(string? text) =>
        (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>"Kafka: managed, 3 brokers" → Kafka with a description; a line without a colon is just a name.</summary>
    private static RfcOption ParseOption(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        return colon <= 0 ? new RfcOption(line) : new RfcOption(line[..colon].Trim(), line[(colon + 1)..].Trim() is { Length: > 0 } d ? d : null);
    }
}
