using System.Text.Json;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Teams.Connector;

namespace TeamsDecisions.App.Bot;

/// <summary>
/// Universal Actions (adaptiveCard/action): parse the verb's data record once, check who may act (identity from the
/// authenticated activity only), call one use case, and answer with the caller's own updated view — or an error
/// card that says what to fix, with nothing changed. The channel card follows through the coalescing updater.
/// </summary>
internal sealed class CardActionHandler(
    RfcService service,
    IRfcStore store,
    IConversationStore conversations,
    TeamDirectory directory,
    RfcPoster poster,
    MessageHandler messages,
    ChannelCardUpdater updater,
    DecisionLinks links,
    DeciderNotices notices,
    MeetingTestHandler meetings,
    TimeProvider clock,
    ILogger<CardActionHandler> logger)
{
    private static readonly Dictionary<string, string> Refusals = new(StringComparer.Ordinal)
    {
        [CardVerbs.Refresh] = "Couldn't show the RFC",
        [CardVerbs.NewRfcForm] = "Couldn't open the RFC form",
        [CardVerbs.SubmitRfc] = "The RFC was not created",
        [CardVerbs.OpenRfc] = "The RFC was not opened",
        [CardVerbs.Vote] = "Your vote was not saved",
        [CardVerbs.Comment] = "Your comment was not saved",
        [CardVerbs.RaiseConcern] = "Your concern was not raised",
        [CardVerbs.ResolveConcern] = "The concern was not marked resolved",
        [CardVerbs.CloseEarly] = "The comment window was not closed",
        [CardVerbs.ExtendWindow] = "The comment window was not extended",
        [CardVerbs.Withdraw] = "The RFC was not withdrawn",
        [CardVerbs.ResolveForm] = "Couldn't open the resolve form",
        [CardVerbs.Resolve] = "The decision was not recorded",
        [CardVerbs.MeetingForm] = "Couldn't open the meeting test",
        [CardVerbs.MeetingEvaluate] = "The meeting test didn't run",
        [CardVerbs.MeetingThread] = "The async thread was not posted",
        [CardVerbs.MeetingRfc] = "Couldn't open the RFC form",
        [CardVerbs.MeetingKeep] = "The meeting was not recorded",
        [CardVerbs.MeetingSnooze] = "Nothing was changed",
        [CardVerbs.MeetingNever] = "Nothing was changed",
    };

    public async Task<InvokeResponse> HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var (verb, data) = ReadAction(turn.Activity);
        if (verb is null || !Refusals.TryGetValue(verb, out var refusal))
        {
            return Card(MessageCards.Error("This card is out of date", $"It asked for \"{verb}\", which this app does not know.", "Use the latest card in the conversation, or send @TeamsDecisions help."));
        }

        if (turn.Actor is null)
        {
            return Card(MessageCards.Error(refusal, "Teams did not say who you are (the activity carries no Entra object id).", "Sign in to Teams with your work account and try again."));
        }

        RfcId? rfc = null;
        try
        {
            switch (verb)
            {
                case CardVerbs.NewRfcForm:
                    await directory.RememberAsync(turn, cancellationToken).ConfigureAwait(false);
                    return Card(await messages.NewFormAsync(turn, cancellationToken).ConfigureAwait(false));
                case CardVerbs.SubmitRfc:
                    return await SubmitAsync(turn, CardMessages.Parse<NewRfcData>(data), cancellationToken).ConfigureAwait(false);
                case CardVerbs.MeetingForm or CardVerbs.MeetingEvaluate or CardVerbs.MeetingThread or CardVerbs.MeetingRfc or CardVerbs.MeetingKeep or CardVerbs.MeetingSnooze or CardVerbs.MeetingNever:
                    await directory.RememberAsync(turn, cancellationToken).ConfigureAwait(false);
                    return Card(await meetings.HandleAsync(turn, verb, data, cancellationToken).ConfigureAwait(false));
                default:
                    break;
            }

            var action = CardMessages.Parse<RefreshData>(data);
            rfc = await CheckRfcAsync(turn, action, cancellationToken).ConfigureAwait(false);
            var id = rfc.Value;
            var result = verb switch
            {
                CardVerbs.Refresh => null,
                CardVerbs.ResolveForm => null,
                CardVerbs.OpenRfc => await service.OpenAsync(turn.Command, id, cancellationToken).ConfigureAwait(false),
                CardVerbs.Vote => await VoteAsync(turn, id, CardMessages.Parse<VoteData>(data), cancellationToken).ConfigureAwait(false),
                CardVerbs.Comment => await service.AddCommentAsync(turn.Command, id, CardMessages.Parse<CommentData>(data).Comment ?? string.Empty, CommentSource.Card, cancellationToken).ConfigureAwait(false),
                CardVerbs.RaiseConcern => await RaiseConcernAsync(turn, id, CardMessages.Parse<RaiseConcernData>(data), cancellationToken).ConfigureAwait(false),
                CardVerbs.ResolveConcern => await ResolveConcernAsync(turn, id, CardMessages.Parse<ResolveConcernData>(data), cancellationToken).ConfigureAwait(false),
                CardVerbs.CloseEarly => await service.CloseEarlyAsync(turn.Command, id, CardMessages.Parse<CloseEarlyData>(data).CloseReason ?? string.Empty, cancellationToken).ConfigureAwait(false),
                CardVerbs.ExtendWindow => await ExtendAsync(turn, id, CardMessages.Parse<ExtendWindowData>(data), cancellationToken).ConfigureAwait(false),
                CardVerbs.Withdraw => await service.WithdrawAsync(turn.Command, id, CardMessages.Parse<WithdrawData>(data).WithdrawReason ?? string.Empty, cancellationToken).ConfigureAwait(false),
                CardVerbs.Resolve => null,
                _ => null,
            };

            if (verb == CardVerbs.ResolveForm)
            {
                return await ResolveFormAsync(turn, id, cancellationToken).ConfigureAwait(false);
            }

            if (verb == CardVerbs.Resolve)
            {
                return await ResolveAsync(turn, id, CardMessages.Parse<ResolveData>(data), cancellationToken).ConfigureAwait(false);
            }

            var current = result?.Rfc ?? await store.FindAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException($"{id.Number} does not exist in this team.");
            if (result is { AlreadyApplied: false, Events.Count: > 0 })
            {
                updater.Request(id);
                notices.After(result);
            }

            return Card(RfcCard.Build(current, new CardViewer(clock.GetUtcNow(), turn.Actor), await links.ForAsync(current, cancellationToken).ConfigureAwait(false)));
        }
        catch (DomainRuleException ex)
        {
            Log.ActionRefused(logger, verb, rfc?.ToString() ?? "-", ex.Rule);
            return Card(MessageCards.Error(refusal, ex.Message, Fix(verb, ex), Back(rfc)));
        }
        catch (NotFoundException ex)
        {
            return Card(MessageCards.Error(refusal, ex.Message, "The RFC may have been posted in another team. Open it from its own thread.", null));
        }
        catch (JsonException)
        {
            return Card(MessageCards.Error(refusal, "The card sent data this app cannot read; it may be from an older version.", "Use the latest card in the thread.", Back(rfc)));
        }
        catch (Exception ex) when (ex is StoreBusyException or StoreWriteFailedException)
        {
            return Card(MessageCards.Error(refusal, ex.Message, null, Back(rfc)));
        }
        catch (ConnectorException ex)
        {
            Log.ActionFailed(logger, ex, verb);
            return Card(MessageCards.Error(refusal, "Teams could not be reached or refused the request; it may be busy.", "Try again in a minute.", Back(rfc)));
        }
        catch (ArgumentException ex)
        {
            Log.ActionFailed(logger, ex, verb);
            return Card(MessageCards.Error(refusal, "The card sent data this app cannot use.", "Use the latest card in the thread.", Back(rfc)));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.ActionFailed(logger, ex, verb);
            return Card(MessageCards.Error(refusal, "Something went wrong on our side.", "Refresh the card to see whether your change was saved; if it was not, try again in a minute, and if it keeps failing, tell your admin.", Back(rfc)));
        }
    }

    private async Task<InvokeResponse> SubmitAsync(TurnContext turn, NewRfcData form, CancellationToken cancellationToken)
    {
        await directory.RememberAsync(turn, cancellationToken).ConfigureAwait(false);
        if (turn.Team is not { } team || !string.Equals(form.Team, team.Value, StringComparison.Ordinal))
        {
            return Card(MessageCards.Error("The RFC was not created", "This form belongs to another team or chat.", "Send @TeamsDecisions rfc new in the channel where the RFC belongs."));
        }

        var channels = await directory.ChannelsAsync(turn, cancellationToken).ConfigureAwait(false);
        async Task<InvokeResponse> AgainAsync(string problem) => Card(await messages.NewFormAsync(turn, new NewRfcFormValues(
            form.Title, form.Context, form.Proposal, form.Options, form.Drivers, form.WindowDays, form.Channel, problem, form.Decider, form.Reviewers, form.FormId), cancellationToken, channels).ConfigureAwait(false));

        var channel = channels.FirstOrDefault(c => c.Id == form.Channel) ?? (string.IsNullOrWhiteSpace(form.Channel) ? channels[0] : null);
        if (channel is null)
        {
            return await AgainAsync("Choose one of this team's channels to post the RFC in.");
        }

        if (string.IsNullOrWhiteSpace(form.Decider))
        {
            return await AgainAsync("Choose a decider: the person who will resolve this RFC.");
        }

        var decider = await directory.PersonAsync(turn, form.Decider.Trim(), cancellationToken).ConfigureAwait(false);
        if (decider is null)
        {
            return await AgainAsync("The decider must be a member of this team.");
        }

        var reviewers = new List<UserRef>();
        foreach (var id in (form.Reviewers ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var reviewer = await directory.PersonAsync(turn, id, cancellationToken).ConfigureAwait(false);
            if (reviewer is null)
            {
                return await AgainAsync("Every required reviewer must be a member of this team.");
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
            form.WindowDays);
        // Keyed by the form, not the click: pressing the same form's button again replays the same RFC. A form
        // without an id (rendered by an older version) gets this click's id, which the retry card then carries.
        var formId = form.FormId is { Length: > 0 and <= 64 } given ? given : turn.Activity.Id ?? Guid.NewGuid().ToString("N");
        var context = new CommandContext(turn.Actor!, $"form:{formId}");
        Rfc saved;
        try
        {
            saved = (await service.ProposeAsync(context, team, proposal, asDraft: false, cancellationToken).ConfigureAwait(false)).Rfc;
        }
        catch (DomainRuleException ex)
        {
            Log.ActionRefused(logger, CardVerbs.SubmitRfc, "-", ex.Rule);
            return await AgainAsync(ex.Message);
        }

        try
        {
            var posted = await poster.PostAsync(turn, saved, channel.Id, cancellationToken).ConfigureAwait(false);
            return Card(ConversationCards.RfcPosted(posted, channel.Name, posted.Thread?.WebUrl));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Saved but not (fully) posted: the answer carries the form exactly as saved, with no inputs, so the
            // retry posts this RFC as it was written and cannot silently drop later edits.
            Log.ActionFailed(logger, ex, CardVerbs.SubmitRfc);
            var problem = ex is ConnectorException ? "Teams did not accept the post (it may be busy)." : "Posting it did not finish.";
            return Card(ConversationCards.RfcNotPosted(saved, channel.Name, problem, form with { Channel = channel.Id, FormId = formId }));
        }
    }

    private async Task<RfcCommandResult> VoteAsync(TurnContext turn, RfcId id, VoteData data, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<VoteKind>(data.Vote, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            throw new DomainRuleException(Rules.VoteUnknownKind, "Choose Approve, Approve with concerns, Object or Abstain.", "vote");
        }

        return await service.CastVoteAsync(turn.Command, id, kind, data.VoteReason, cancellationToken).ConfigureAwait(false);
    }

    private Task<RfcCommandResult> RaiseConcernAsync(TurnContext turn, RfcId id, RaiseConcernData data, CancellationToken cancellationToken) =>
        service.RaiseConcernAsync(turn.Command, id, data.ConcernTitle ?? string.Empty, data.ConcernDetail, cancellationToken);

    private Task<RfcCommandResult> ResolveConcernAsync(TurnContext turn, RfcId id, ResolveConcernData data, CancellationToken cancellationToken) =>
        service.ResolveConcernAsync(turn.Command, id, data.ConcernId, data.Note ?? string.Empty, cancellationToken);

    private Task<RfcCommandResult> ExtendAsync(TurnContext turn, RfcId id, ExtendWindowData data, CancellationToken cancellationToken) =>
        data.ExtendDays is { } days
            ? service.ExtendWindowAsync(turn.Command, id, days, data.ExtendReason, cancellationToken)
            : throw new DomainRuleException(Rules.WindowDaysOutOfRange, "Say how many days (1 to 30) to extend the window by.", "extendDays");

    private async Task<InvokeResponse> ResolveFormAsync(TurnContext turn, RfcId id, CancellationToken cancellationToken)
    {
        var rfc = await store.FindAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException($"{id.Number} does not exist in this team.");
        if (!turn.Actor!.Is(rfc.Decider))
        {
            throw new DomainRuleException(Rules.ResolveOnlyDecider, $"Only the decider ({rfc.Decider.DisplayName}) can resolve this RFC.");
        }

        if (rfc.State.IsResolved())
        {
            return Card(RfcCard.Build(rfc, new CardViewer(clock.GetUtcNow(), turn.Actor), await links.ForAsync(rfc, cancellationToken).ConfigureAwait(false)));
        }

        return Card(ResolveForm.Build(rfc, new CardViewer(clock.GetUtcNow(), turn.Actor), await SupersedableAsync(id.Team, cancellationToken).ConfigureAwait(false)));
    }

    private async Task<InvokeResponse> ResolveAsync(TurnContext turn, RfcId id, ResolveData data, CancellationToken cancellationToken)
    {
        try
        {
            var request = ToRequest(data);
            var result = await service.ResolveAsync(turn.Command, id, request, cancellationToken).ConfigureAwait(false);
            if (!result.AlreadyApplied)
            {
                updater.Request(id);
                if (request.Supersedes is { } old && (await store.FindDecisionAsync(id.Team, old, cancellationToken).ConfigureAwait(false)) is { } entry)
                {
                    updater.Request(entry.Rfc);
                }
            }

            return Card(RfcCard.Build(result.Rfc, new CardViewer(clock.GetUtcNow(), turn.Actor), await links.ForAsync(result.Rfc, cancellationToken).ConfigureAwait(false)));
        }
        catch (DomainRuleException ex) when (ex.Rule is not Rules.ResolveOnlyDecider and not Rules.ResolveOnlyWhenOpenOrAwaiting)
        {
            // Give the decider the form back with everything they typed, and what to fix.
            Log.ActionRefused(logger, CardVerbs.Resolve, id.ToString(), ex.Rule);
            var rfc = await store.FindAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException($"{id.Number} does not exist in this team.");
            return Card(ResolveForm.Build(rfc, new CardViewer(clock.GetUtcNow(), turn.Actor), await SupersedableAsync(id.Team, cancellationToken).ConfigureAwait(false), data, ex.Message));
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
        var overrules = new List<ConcernOverrule>();
        foreach (var concernId in data.ConcernIds.Where(data.Overrules))
        {
            overrules.Add(new ConcernOverrule(concernId, data.OverruleReason(concernId) ?? string.Empty));
        }

        return new ResolutionRequest(outcome, data.Rationale ?? string.Empty, data.ChosenOption, alternatives, data.Consequences, overrules, supersedes, data.EarlyCloseReason);
    }

    private async Task<IReadOnlyList<DecisionLogEntry>> SupersedableAsync(TeamId team, CancellationToken cancellationToken) =>
        [.. (await store.ListDecisionsAsync(team, cancellationToken).ConfigureAwait(false)).Where(d => d.Status == RfcState.Accepted)];

    /// <summary>
    /// The RFC a card action names, checked against where the action came from: a card in one team's channel
    /// cannot act on another team's RFC, and the team must be in the caller's tenant.
    /// </summary>
    private async Task<RfcId> CheckRfcAsync(TurnContext turn, RfcActionData action, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(action.Team) || action.Rfc < 1)
        {
            throw new JsonException("The action names no RFC.");
        }

        var team = new TeamId(action.Team);
        if (turn.Team is not { } here || here != team)
        {
            throw new NotFoundException($"RFC-{action.Rfc:D4} does not belong to this conversation. Open it from its own thread.");
        }

        var known = await conversations.FindTeamAsync(team, cancellationToken).ConfigureAwait(false);
        if (known is null || (turn.TenantId is not null && !string.Equals(known.TenantId, turn.TenantId, StringComparison.OrdinalIgnoreCase)))
        {
            throw new NotFoundException($"RFC-{action.Rfc:D4} does not exist in your organisation.");
        }

        return new RfcId(team, new RfcNumber(action.Rfc));
    }

    private static (string? Verb, JsonElement Data) ReadAction(Activity activity)
    {
        if (activity.Value is not { ValueKind: JsonValueKind.Object } value || !value.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.Object)
        {
            return (null, default);
        }

        var verb = action.TryGetProperty("verb", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var data = action.TryGetProperty("data", out var d) ? d : default;
        return (verb, data);
    }

    private static IEnumerable<string> Lines(string? text) =>
        (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>"Kafka: managed, 3 brokers" → Kafka with a description; a line without a colon is just a name.</summary>
    private static RfcOption ParseOption(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        return colon <= 0 ? new RfcOption(line) : new RfcOption(line[..colon].Trim(), line[(colon + 1)..].Trim() is { Length: > 0 } d ? d : null);
    }

    private static string? Fix(string verb, DomainRuleException ex) => (verb, ex.Field) switch
    {
        (_, null) => null,
        (CardVerbs.Vote, "reason") => "Open Vote again and fill in the reason.",
        (CardVerbs.Withdraw, "reason") => "Open Withdraw again and say why.",
        (CardVerbs.ExtendWindow, _) => $"Extend by {RfcLimits.WindowDaysMin} to {RfcLimits.WindowDaysMax} days; a reason is optional.",
        (_, "comment") => $"Write a comment of {RfcLimits.CommentMin} to {RfcLimits.CommentMax:N0} characters.",
        (_, "concernTitle") => $"Give the concern a short name of {RfcLimits.ConcernTitleMin} to {RfcLimits.ConcernTitleMax} characters.",
        (_, "note") => "Say in a few words how the concern was addressed.",
        (_, "earlyCloseReason") => "Give a reason for closing the comment window early.",
        _ => $"Check the \"{ex.Field}\" field and try again.",
    };

    private static (TeamId, RfcNumber)? Back(RfcId? rfc) => rfc is { } id ? (id.Team, id.Number) : null;

    private static InvokeResponse Card(AdaptiveCard card) => CardMessages.Answer(card);
}
