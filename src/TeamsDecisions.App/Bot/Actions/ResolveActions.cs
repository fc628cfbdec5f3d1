using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.App.Bot.Actions;

/// <summary>The decider's resolve form and the resolution itself; a refused resolution gives the form back as typed.</summary>
internal sealed class ResolveActions(RfcService service, RfcGuard guard, RfcViews views, ChannelCardUpdater updater, NotificationNudge notices, Search.RelatedDecisions related, TimeProvider clock, ILogger<ResolveActions> logger) : ICardActionHandler
{
    public async Task<AdaptiveCard> HandleAsync(CardAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var id = await guard.CheckAsync(action, cancellationToken).ConfigureAwait(false);
        return action.Verb switch
        {
            CardVerbs.ResolveForm => await FormAsync(action.Turn, id, cancellationToken).ConfigureAwait(false),
            CardVerbs.Resolve => await ResolveAsync(action.Turn, id, action.Parse<ResolveData>(), cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action.Verb, "Not a resolve verb."),
        };
    }

    private async Task<AdaptiveCard> FormAsync(TurnContext turn, RfcId id, CancellationToken cancellationToken)
    {
        var rfc = await service.FindAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException($"{id.Number} does not exist in this team.");
        if (!turn.Actor!.Is(rfc.Decider))
        {
            throw new DomainRuleException(Rules.ResolveOnlyDecider, $"Only the decider ({rfc.Decider.DisplayName}) can resolve this RFC.");
        }

        return rfc.State.IsResolved()
            ? await views.ForAsync(rfc, turn.Actor, cancellationToken).ConfigureAwait(false)
            : ResolveForm.Build(rfc, new CardViewer(clock.GetUtcNow(), turn.Actor), await SupersedableAsync(turn, rfc, cancellationToken).ConfigureAwait(false));
    }

    private async Task<AdaptiveCard> ResolveAsync(TurnContext turn, RfcId id, ResolveData data, CancellationToken cancellationToken)
    {
        try
        {
            var request = ToRequest(data);
            var result = await service.ResolveAsync(turn.Command, id, request, cancellationToken).ConfigureAwait(false);

            // The author's notice and the superseded decision's notice were saved with the resolution.
            notices.After(result);
            if (!result.AlreadyApplied)
            {
                updater.Request(id);
                if (request.Supersedes is { } old && await service.FindDecisionAsync(id.Team, old, CancellationToken.None).ConfigureAwait(false) is { } entry)
                {
                    updater.Request(entry.Rfc);
                }
            }

            return await views.ForAsync(result.Rfc, turn.Actor!, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DomainRuleException ex) when (ex.Rule is not Rules.ResolveOnlyDecider and not Rules.ResolveOnlyWhenOpenOrAwaiting)
        {
            // Give the decider the form back with everything they typed, and what to fix.
            Log.ActionRefused(logger, CardVerbs.Resolve, id.ToString(), ex.Rule);
            var rfc = await service.FindAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException($"{id.Number} does not exist in this team.");
            return ResolveForm.Build(rfc, new CardViewer(clock.GetUtcNow(), turn.Actor), await SupersedableAsync(turn, rfc, cancellationToken).ConfigureAwait(false), data, ex.Message);
        }
    }

    private static ResolutionRequest ToRequest(ResolveData data)
    {
        if (!Enum.TryParse<DecisionOutcome>(data.Outcome, ignoreCase: true, out var outcome) || !Enum.IsDefined(outcome))
        {
            throw new DomainRuleException(Rules.ResolveUnknownOutcome, "Choose Accepted, Rejected, Deferred or Withdrawn.", "outcome");
        }

        DecisionNumber? supersedes = null;
        if (!string.IsNullOrWhiteSpace(data.Supersedes))
        {
            supersedes = DecisionNumber.TryParse(data.Supersedes, out var number)
                ? number
                : throw new DomainRuleException(Rules.ResolveSupersededNotFound, $"\"{data.Supersedes}\" is not a decision number like DEC-0012.", "supersedes");
        }

        var alternatives = data.OptionNames
            .Select((name, index) => new AlternativeNotChosen(name, data.WhyNot(index) ?? string.Empty))
            .Where(a => !string.IsNullOrWhiteSpace(a.Why))
            .ToList();
        // The form asks one reason for all the concerns it overrules; the domain records a reason on each.
        var overrules = data.ConcernsToOverrule().Select(concernId => new ConcernOverrule(concernId, data.OverruleReason ?? string.Empty)).ToList();
        return new ResolutionRequest(outcome, data.Rationale ?? string.Empty, data.ChosenOptionName(), alternatives, data.Consequences, overrules, supersedes, data.EarlyCloseReason);
    }

    /// <summary>The accepted decisions of the RFC's team that it may supersede: the ones related to the RFC first, then the newest.</summary>
    private async Task<IReadOnlyList<DecisionLogEntry>> SupersedableAsync(TurnContext turn, Rfc rfc, CancellationToken cancellationToken)
    {
        IReadOnlyList<DecisionLogEntry> accepted = [.. (await service.ListDecisionsAsync(rfc.Id.Team, cancellationToken).ConfigureAwait(false)).Where(d => d.Status == RfcState.Accepted)];
        return await related.OrderAsync(rfc, turn.TenantId, accepted, cancellationToken).ConfigureAwait(false);
    }
}
