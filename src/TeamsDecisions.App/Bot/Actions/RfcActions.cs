using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Model;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.App.Bot.Actions;

/// <summary>
/// Everything done on an RFC card except resolving it: refresh, open, vote, comment, raise and resolve concerns,
/// extend, close early, withdraw. Each calls one use case and answers with the caller's own view; the channel card
/// follows through the coalescing updater.
/// </summary>
internal sealed class RfcActions(RfcService service, RfcGuard guard, RfcViews views, ChannelCardUpdater updater, NotificationNudge notices, ILogger<RfcActions> logger) : ICardActionHandler
{
    public async Task<AdaptiveCard> HandleAsync(CardAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var id = await guard.CheckAsync(action, cancellationToken).ConfigureAwait(false);
        RfcCommandResult? result;
        try
        {
            result = await RunAsync(action, id, cancellationToken).ConfigureAwait(false);
        }
        catch (DomainRuleException ex)
        {
            // The same card back, with what to fix on top and everything the person typed still in its form.
            Log.ActionRefused(logger, action.Verb, id.ToString(), ex.Rule);
            var current = await service.FindAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException($"{id.Number} does not exist in this team.");
            return await views.ForAsync(current, action.Turn.Actor!, cancellationToken, CardActionErrors.Refusal(action.Verb, ex, action.Values())).ConfigureAwait(false);
        }

        Rfc rfc;
        if (result is null)
        {
            rfc = await service.FindAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException($"{id.Number} does not exist in this team.");

            // Anyone's refresh brings a channel card that fell behind (a crash before its update) up to date.
            updater.RequestIfBehind(id);
        }
        else
        {
            rfc = result.Rfc;
            if (result is { AlreadyApplied: false, Events.Count: > 0 })
            {
                updater.Request(id);
                notices.After(result);
            }
        }

        // Once a change is saved, its answer is not cut short by the budget: the handler's own deadline still bounds
        // how long the person waits, and answers "not confirmed" rather than "not saved" past it.
        return await views.ForAsync(rfc, action.Turn.Actor!, result is null ? cancellationToken : CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<RfcCommandResult?> RunAsync(CardAction action, RfcId id, CancellationToken cancellationToken)
    {
        var who = action.Turn.Command;
        return action.Verb switch
        {
            CardVerbs.Refresh => null,
            CardVerbs.OpenRfc => await service.OpenAsync(who, id, cancellationToken).ConfigureAwait(false),
            CardVerbs.Vote => await service.CastVoteAsync(who, id, VoteKindOf(action.Parse<VoteData>()), action.Parse<VoteData>().Reason, cancellationToken).ConfigureAwait(false),
            CardVerbs.Comment => await service.AddCommentAsync(Submission(who, action.Parse<CommentData>().SubmitId), id, action.Parse<CommentData>().Comment ?? string.Empty, CommentSource.Card, cancellationToken).ConfigureAwait(false),
            CardVerbs.RaiseConcern => await RaiseConcernAsync(Submission(who, action.Parse<RaiseConcernData>().SubmitId), id, action.Parse<RaiseConcernData>(), cancellationToken).ConfigureAwait(false),
            CardVerbs.ResolveConcern => await ResolveConcernAsync(who, id, action.Parse<ResolveConcernData>(), cancellationToken).ConfigureAwait(false),
            CardVerbs.CloseEarly => await service.CloseEarlyAsync(who, id, action.Parse<CloseEarlyData>().CloseReason ?? string.Empty, cancellationToken).ConfigureAwait(false),
            CardVerbs.ExtendWindow => await ExtendAsync(who, id, action.Parse<ExtendWindowData>(), cancellationToken).ConfigureAwait(false),
            CardVerbs.Withdraw => await service.WithdrawAsync(who, id, action.Parse<WithdrawData>().WithdrawReason ?? string.Empty, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action.Verb, "Not an RFC card verb."),
        };
    }

    /// <summary>
    /// Keyed by the card's submission id when it has one: two presses of one card's button arrive as two activities,
    /// and must store one comment or concern (the second is answered as already applied).
    /// </summary>
    private static CommandContext Submission(CommandContext who, string? submitId) =>
        submitId is { Length: > 0 and <= 64 } ? who with { ActivityId = $"submit:{submitId}" } : who;

    private static VoteKind VoteKindOf(VoteData data) =>
        Enum.TryParse<VoteKind>(data.Vote, ignoreCase: true, out var kind) && Enum.IsDefined(kind)
            ? kind
            : throw new DomainRuleException(Rules.VoteUnknownKind, "Choose Approve, Approve with concerns, Object or Abstain.", "vote");

    private Task<RfcCommandResult> RaiseConcernAsync(CommandContext who, RfcId id, RaiseConcernData data, CancellationToken cancellationToken) =>
        service.RaiseConcernAsync(who, id, data.ConcernTitle ?? string.Empty, data.ConcernDetail, cancellationToken);

    private Task<RfcCommandResult> ResolveConcernAsync(CommandContext who, RfcId id, ResolveConcernData data, CancellationToken cancellationToken) =>
        data.ConcernId is { } concern
            ? service.ResolveConcernAsync(who, id, concern, data.Note ?? string.Empty, cancellationToken)
            : throw new DomainRuleException(Rules.ConcernNotFound, "Choose which concern was addressed.", InputIds.ConcernId);

    private Task<RfcCommandResult> ExtendAsync(CommandContext who, RfcId id, ExtendWindowData data, CancellationToken cancellationToken) =>
        data.ExtendDays is { } days
            ? service.ExtendWindowAsync(who, id, days, data.ExtendReason, cancellationToken)
            : throw new DomainRuleException(Rules.WindowDaysOutOfRange, "Say how many days (1 to 30) to extend the window by.", "extendDays");
}
