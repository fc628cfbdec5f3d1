using System.Text.Json;
using Microsoft.Extensions.Options;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Teams;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Teams.Connector;

namespace TeamsDecisions.App.Bot;

/// <summary>
/// The meeting-replacement test in the conversation: the questionnaire, the verdict, and the async alternative one
/// click away — a thread card posted to a channel with a reply-by time from the team's response norms, the new-RFC
/// form prefilled, or keeping the meeting with its reason recorded.
/// </summary>
internal sealed class MeetingTestHandler(
    TeamDirectory directory,
    ITeamSettingsStore settings,
    IMeetingTestLog log,
    IMeetingPromptStore prompts,
    MessageHandler messages,
    IConnectorClient connector,
    IOptions<BotOptions> botOptions,
    TimeProvider clock,
    ILogger<MeetingTestHandler> logger)
{
    public static AdaptiveCard Questionnaire(TurnContext turn) => MeetingCards.Questionnaire(turn.Team?.Value);

    public async Task<AdaptiveCard> HandleAsync(TurnContext turn, string verb, JsonElement data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        switch (verb)
        {
            case CardVerbs.MeetingForm:
                // From a calendar prompt the answers the calendar knows come prefilled.
                return MeetingCards.Questionnaire(turn.Team?.Value, data.ValueKind == JsonValueKind.Object ? CardMessages.Parse<MeetingData>(data) : null);
            case CardVerbs.MeetingSnooze or CardVerbs.MeetingNever:
                return await RememberChoiceAsync(turn, verb, CardMessages.Parse<MeetingPromptData>(data), cancellationToken).ConfigureAwait(false);
            case CardVerbs.MeetingEvaluate:
            {
                var answers = CardMessages.Parse<MeetingData>(data);
                if (!TryAdvise(answers, out var advice, out var problem))
                {
                    return MeetingCards.Questionnaire(turn.Team?.Value, answers, problem);
                }

                var channels = turn.Team is null ? [] : await directory.ChannelsAsync(turn, cancellationToken).ConfigureAwait(false);
                return MeetingCards.Advice(advice!, answers with { Team = turn.Team?.Value }, channels, await ReplyByAsync(turn, advice!, cancellationToken).ConfigureAwait(false));
            }

            case CardVerbs.MeetingThread:
                return await PostThreadAsync(turn, CardMessages.Parse<MeetingThreadData>(data), cancellationToken).ConfigureAwait(false);
            case CardVerbs.MeetingRfc:
                return await StartRfcAsync(turn, CardMessages.Parse<MeetingData>(data), cancellationToken).ConfigureAwait(false);
            case CardVerbs.MeetingKeep:
                return await KeepAsync(turn, CardMessages.Parse<MeetingKeepData>(data), cancellationToken).ConfigureAwait(false);
            default:
                throw new ArgumentOutOfRangeException(nameof(verb), verb, "Not a meeting-test verb.");
        }
    }

    private async Task<AdaptiveCard> PostThreadAsync(TurnContext turn, MeetingThreadData answers, CancellationToken cancellationToken)
    {
        if (!TryAdvise(answers, out var advice, out var problem))
        {
            return MeetingCards.Questionnaire(turn.Team?.Value, answers, problem);
        }

        if (turn.Team is null || answers.Team != turn.Team.Value.Value)
        {
            return MessageCards.Error("The thread was not posted", "This card belongs to another team or chat.", "Run @TeamsDecisions meeting test where the thread should go.");
        }

        var questions = (answers.ThreadQuestions ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(q => q.Length > 0).Take(20).ToList();
        if (questions.Count == 0)
        {
            return MessageCards.Error("The thread was not posted", "An async thread needs at least one question to answer.", "Open Start an async thread again and write the questions, one per line.");
        }

        var channels = await directory.ChannelsAsync(turn, cancellationToken).ConfigureAwait(false);
        var channel = channels.FirstOrDefault(c => c.Id == answers.ThreadChannel);
        if (channel is null)
        {
            return MessageCards.Error("The thread was not posted", "That channel is not one of this team's.", "Choose one of the channels offered.");
        }

        var replyBy = await ReplyByAsync(turn, advice!, cancellationToken).ConfigureAwait(false);
        var card = MeetingCards.Thread(answers.MeetingTitle!, questions, replyBy, turn.Actor!.DisplayName);
        if (turn.Activity.ChannelData?.Team?.Id is not null)
        {
            await PostThreadCardAsync(turn.ServiceUrl, turn.Activity.Recipient, turn.TenantId, channel.Id, card, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await connector.SendAsync(turn.ServiceUrl, channel.Id, CardMessages.Message(card), cancellationToken).ConfigureAwait(false);
        }

        await RecordAsync(turn, answers, advice!, MeetingChoice.AsyncThread, null, cancellationToken).ConfigureAwait(false);
        Log.MeetingThreadPosted(logger, channel.Id);
        return MeetingCards.ThreadPosted(answers.MeetingTitle!, channel.Name, replyBy);
    }

    /// <summary>
    /// The async alternative from outside a conversation (the Outlook add-in): the thread card posted as a new thread
    /// in <paramref name="channelId"/> of <paramref name="team"/>, replies due by the team's response norm, and the
    /// test recorded for the organiser. Returns the reply-by time.
    /// </summary>
    public async Task<DateTimeOffset> PostThreadAsync(TeamConversation team, string channelId, UserRef organiser, string title, MeetingPurpose purpose, MeetingAdvice advice, IReadOnlyList<string> questions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(organiser);
        ArgumentNullException.ThrowIfNull(advice);
        var replyBy = await ReplyByAsync(team.Team, advice, cancellationToken).ConfigureAwait(false);
        var bot = botOptions.Value.AppId is { Length: > 0 } appId ? new ChannelAccount { Id = "28:" + appId } : null;
        await PostThreadCardAsync(team.ServiceUrl, bot, team.TenantId, channelId, MeetingCards.Thread(title, questions, replyBy, organiser.DisplayName), cancellationToken).ConfigureAwait(false);
        await log.RecordAsync(new MeetingTestRecord(organiser, clock.GetUtcNow(), title, purpose, advice.Verdict, MeetingChoice.AsyncThread, null, team.Team), cancellationToken).ConfigureAwait(false);
        Log.MeetingThreadPosted(logger, channelId);
        return replyBy;
    }

    private Task PostThreadCardAsync(Uri serviceUrl, ChannelAccount? bot, string? tenantId, string channelId, AdaptiveCard card, CancellationToken cancellationToken) =>
        connector.CreateConversationAsync(serviceUrl, new ConversationParameters(true, bot, tenantId, new TeamsChannelData { Channel = new ChannelInfo(channelId), Tenant = new TenantInfo(tenantId) }, CardMessages.Message(card)), cancellationToken);

    private async Task<AdaptiveCard> StartRfcAsync(TurnContext turn, MeetingData answers, CancellationToken cancellationToken)
    {
        if (!TryAdvise(answers, out var advice, out var problem))
        {
            return MeetingCards.Questionnaire(turn.Team?.Value, answers, problem);
        }

        if (turn.Team is not { } team || answers.Team != team.Value)
        {
            return MessageCards.Error("No RFC form here", "This card belongs to another team or chat.", "Run @TeamsDecisions meeting test where the RFC should go.");
        }

        await RecordAsync(turn, answers, advice!, MeetingChoice.Rfc, null, cancellationToken).ConfigureAwait(false);
        var agenda = (answers.MeetingAgenda ?? string.Empty).Trim();
        return await messages.NewFormAsync(
            turn,
            new NewRfcFormValues(
                Title: answers.MeetingTitle,
                Context: agenda.Length > 0 ? $"Instead of the meeting \"{answers.MeetingTitle}\". Agenda:\n{agenda}" : $"Instead of the meeting \"{answers.MeetingTitle}\".",
                Channel: turn.ChannelId),
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<AdaptiveCard> KeepAsync(TurnContext turn, MeetingKeepData answers, CancellationToken cancellationToken)
    {
        if (!TryAdvise(answers, out var advice, out var problem))
        {
            return MeetingCards.Questionnaire(turn.Team?.Value, answers, problem);
        }

        var reason = answers.KeepReason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > RfcLimits.ReasonMax)
        {
            return MessageCards.Error("The meeting was not recorded", $"Say why the meeting stays, in 1 to {RfcLimits.ReasonMax:N0} characters.", "Run the test again and open Keep the meeting.");
        }

        await RecordAsync(turn, answers, advice!, MeetingChoice.KeptMeeting, reason, cancellationToken).ConfigureAwait(false);
        return MeetingCards.Kept(answers.MeetingTitle!, reason);
    }

    /// <summary>"Not now" waits for next quarter; "Never" stops prompts about this series. Keyed by who clicked.</summary>
    private async Task<AdaptiveCard> RememberChoiceAsync(TurnContext turn, string verb, MeetingPromptData data, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(data.SeriesId) || data.SeriesId.Length > 1000)
        {
            return MessageCards.Error("Nothing was changed", "This card does not say which meeting it is about.", "Use the latest prompt.");
        }

        var state = await prompts.GetStateAsync(turn.Actor!.Id, data.SeriesId, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        if (verb == CardVerbs.MeetingNever)
        {
            await prompts.SaveStateAsync(turn.Actor.Id, state with { Never = true }, cancellationToken).ConfigureAwait(false);
            return MeetingCards.Note($"I won't ask about {data.MeetingTitle ?? "this meeting"} again. Say \"meeting test\" whenever you want to run it yourself.");
        }

        await prompts.SaveStateAsync(turn.Actor.Id, state with { LastPromptedQuarter = MeetingPromptState.Quarter(now) }, cancellationToken).ConfigureAwait(false);
        return MeetingCards.Note($"OK, not now. I'll ask about {data.MeetingTitle ?? "this meeting"} again next quarter.");
    }

    /// <summary>Reply-by from the team's response norms: design review (48 h) for decisions, routine (24 h) otherwise.</summary>
    private Task<DateTimeOffset> ReplyByAsync(TurnContext turn, MeetingAdvice advice, CancellationToken cancellationToken) =>
        ReplyByAsync(turn.Team, advice, cancellationToken);

    private async Task<DateTimeOffset> ReplyByAsync(TeamId? team, MeetingAdvice advice, CancellationToken cancellationToken)
    {
        var norms = team is { } known ? await settings.GetAsync(known, cancellationToken).ConfigureAwait(false) : Core.Teams.TeamSettings.DefaultsFor(new TeamId("personal"));
        var hours = advice.IsDesignReview ? norms.DesignReviewResponseHours : norms.RoutineResponseHours;
        return clock.GetUtcNow().AddHours(hours);
    }

    private Task RecordAsync(TurnContext turn, MeetingData answers, MeetingAdvice advice, MeetingChoice choice, string? reason, CancellationToken cancellationToken) =>
        log.RecordAsync(new MeetingTestRecord(turn.Actor!, clock.GetUtcNow(), answers.MeetingTitle!, Enum.Parse<MeetingPurpose>(answers.MeetingPurpose!, ignoreCase: true), advice.Verdict, choice, reason, turn.Team), cancellationToken);

    /// <summary>Reads the answers and asks the policy; false with the problem to show when an answer is missing or out of range.</summary>
    private static bool TryAdvise(MeetingData answers, out MeetingAdvice? advice, out string? problem)
    {
        advice = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(answers.MeetingTitle) || answers.MeetingTitle.Length > 200)
        {
            problem = "Name the meeting (up to 200 characters).";
            return false;
        }

        if (!Enum.TryParse<MeetingPurpose>(answers.MeetingPurpose, ignoreCase: true, out var purpose) || !Enum.IsDefined(purpose))
        {
            problem = "Choose what the meeting is for.";
            return false;
        }

        if (answers.MeetingAttendees is not { } attendees || attendees is < 1 or > 1000)
        {
            problem = "Say how many people attend (1 to 1,000).";
            return false;
        }

        try
        {
            advice = MeetingTest.Evaluate(new MeetingProfile(purpose, Flag(answers.MeetingRealTime), Flag(answers.MeetingVisual), Flag(answers.MeetingShared), attendees, answers.MeetingTimeZones ?? 1));
            return true;
        }
        catch (DomainRuleException ex)
        {
            problem = ex.Message;
            return false;
        }
    }

    private static bool Flag(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}
