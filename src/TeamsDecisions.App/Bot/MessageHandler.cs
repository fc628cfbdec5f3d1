using Microsoft.Extensions.Options;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Core.Notifications;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Infrastructure.Graph;
using TeamsDecisions.Infrastructure.Storage;
using TeamsDecisions.Teams;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Teams.Connector;

namespace TeamsDecisions.App.Bot;

/// <summary>
/// Messages: the commands (rfc new, rfc list, explore, why/search, my queue, digest on/off, settings, help), and replies in an RFC's thread, which become comments.
/// In a channel the bot hears replies that @mention it, and, with the resource-specific consent
/// ChannelMessage.Read.Group, every reply in the thread: both become comments on the thread's RFC.
/// </summary>
internal sealed class MessageHandler(
    RfcService service,
    IConversationStore conversations,
    ITeamSettingsStore settings,
    IConnectorClient connector,
    TeamDirectory directory,
    ChannelCardUpdater updater,
    NotificationNudge notices,
    Actions.SettingsActions teamSettings,
    Notifications.QueueReader queues,
    IDigestSubscriptions digests,
    IPersonalWorkingTime workingTime,
    IMeetingPromptStore prompts,
    IOptions<CalendarOptions> calendar,
    Search.FindCommand find,
    Exploration.ExplorationHandler exploration,
    IOptions<BotOptions> bot,
    TimeProvider clock,
    ILogger<MessageHandler> logger)
{
    /// <summary>
    /// A message or command, within the invoke budget: whatever goes wrong is answered in the conversation with a
    /// card that says what happened, never a stack trace and never a claim the app cannot back.
    /// </summary>
    public async Task HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        using var deadline = new CancellationTokenSource(bot.Value.InvokeBudget, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            Task handling;
            using (StoreCallBudget.Begin(bot.Value.InvokeBudget))
            {
                handling = HandleWithinBudgetAsync(turn, linked.Token);
            }

            await handling.ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.ActionFailed(logger, ex, "message");
            var card = ex switch
            {
                OperationCanceledException or StoreUnavailableException => MessageCards.Error("That didn't work: the store is slow", "The store did not answer in time.", "Try again in a minute.", null, SaveState.NothingToSave),
                StoreBusyException or StoreWriteFailedException => MessageCards.Error("That didn't work", ex.Message, "Try again in a minute.", null, SaveState.AlreadySaid),
                ConnectorException => MessageCards.Error("That didn't work", "Teams could not be reached or refused the request; it may be busy.", "Try again in a minute.", null, SaveState.Unknown),
                _ => MessageCards.Error("Something went wrong on our side", "The command could not be completed.", "Try again in a minute; if it keeps failing, tell your admin.", null, SaveState.Unknown),
            };
            await ReplyAsync(turn, card, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task HandleWithinBudgetAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var text = activity.TextWithoutMentionOf(turn.BotId);
        var command = Command(text);
        if (command is null && activity.ThreadRootId is { } root && turn.ChannelId is { } channel
            && await conversations.FindRfcByThreadAsync(ConversationIds.Channel(channel), root, cancellationToken).ConfigureAwait(false) is { } rfcId)
        {
            await CommentAsync(turn, rfcId, text, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!activity.Mentions(turn.BotId) && !turn.IsPersonal && command is null)
        {
            return;
        }

        var known = await directory.RememberAsync(turn, cancellationToken).ConfigureAwait(false);
        if (turn.IsPersonal && Personal(turn) is { } personal)
        {
            await prompts.RememberConversationAsync(personal, cancellationToken).ConfigureAwait(false);
        }

        if (command is null && ExploreTopic(turn, text) is { } topic)
        {
            await ReplyAsync(turn, await ExploreAsync(turn, topic, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (command is null && Search.FindCommand.Words(text) is { } words)
        {
            await ReplyAsync(turn, await find.AnswerAsync(turn, words, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (command is null && !string.IsNullOrWhiteSpace(text))
        {
            await ReplyAsync(turn, Unknown(text), cancellationToken).ConfigureAwait(false);
            await ReplyAsync(turn, MessageCards.Help(activity.Recipient?.Name ?? InstallationHandler.BotName), cancellationToken).ConfigureAwait(false);
            return;
        }

        var card = command switch
        {
            "check my meetings" => await OptInAsync(turn, optIn: true, cancellationToken).ConfigureAwait(false),
            "stop checking my meetings" => await OptInAsync(turn, optIn: false, cancellationToken).ConfigureAwait(false),
            "rfc new" => await NewFormAsync(turn, cancellationToken).ConfigureAwait(false),
            "rfc list" => await ListAsync(turn, known?.TeamName ?? turn.TeamName, cancellationToken).ConfigureAwait(false),
            "meeting test" => MeetingTestHandler.Questionnaire(turn),
            "settings" => await teamSettings.OpenAsync(turn, cancellationToken).ConfigureAwait(false),
            "my queue" => await QueueAsync(turn, known?.TeamName ?? turn.TeamName, cancellationToken).ConfigureAwait(false),
            "digest on" => await DigestAsync(turn, on: true, cancellationToken).ConfigureAwait(false),
            "digest off" => await DigestAsync(turn, on: false, cancellationToken).ConfigureAwait(false),
            _ => MessageCards.Help(activity.Recipient?.Name ?? InstallationHandler.BotName),
        };
        await ReplyAsync(turn, card, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The new-RFC form for the team or chat the command came from; a personal chat has no team to post to.</summary>
    public Task<AdaptiveCard> NewFormAsync(TurnContext turn, CancellationToken cancellationToken) =>
        NewFormAsync(turn, new NewRfcFormValues(Channel: turn.ChannelId), cancellationToken);

    /// <summary>The new-RFC form with <paramref name="values"/> (a prefill, or what was typed before a refusal).</summary>
    public async Task<AdaptiveCard> NewFormAsync(TurnContext turn, NewRfcFormValues values, CancellationToken cancellationToken, IReadOnlyList<ChannelChoice>? channels = null)
    {
        if (turn.Team is not { } team)
        {
            return MessageCards.Error("RFCs live in a team", "A personal chat has no team to post the RFC to.", "Open the team channel where the decision belongs and send @TeamsDecisions rfc new there.");
        }

        channels ??= await directory.ChannelsAsync(turn, cancellationToken).ConfigureAwait(false);
        var teamSettings = await settings.GetAsync(team, cancellationToken).ConfigureAwait(false);
        return NewRfcForm.Build(team.Value, channels, teamSettings.DefaultWindowDays, values);
    }

    private async Task<AdaptiveCard> ListAsync(TurnContext turn, string? teamName, CancellationToken cancellationToken)
    {
        if (turn.Team is not { } team)
        {
            return MessageCards.Error("Which team?", "A personal chat has no team.", "Send rfc list in the team channel whose RFCs you want to see.");
        }

        var all = await service.ListAsync(team, null, cancellationToken).ConfigureAwait(false);
        var active = all.Where(r => r.State is RfcState.Open or RfcState.AwaitingDecision || (r.State == RfcState.Draft && turn.Actor is not null && r.Author.Is(turn.Actor)));
        return ConversationCards.RfcList(teamName ?? "this team", [.. active], clock.GetUtcNow());
    }

    /// <summary>
    /// "my queue": in the personal chat, what waits on the person in every team of theirs; in a channel or group chat,
    /// in that team only (the card is seen by everyone there, so it shows nothing of other teams).
    /// </summary>
    private async Task<AdaptiveCard> QueueAsync(TurnContext turn, string? teamName, CancellationToken cancellationToken)
    {
        if (turn.Actor is not { } actor || turn.TenantId is not { } tenant)
        {
            return MessageCards.Error("Who are you?", "Teams did not say who sent this (no Entra id on the message), so I cannot tell what waits on you.", "Try again from the Teams app.");
        }

        if (turn.Team is { } team)
        {
            var mine = await queues.ForTeamAsync(actor, team, teamName, cancellationToken).ConfigureAwait(false);
            return QueueCards.Build(actor, mine.Items, QueueAudience.Team, clock.GetUtcNow(), mine.TeamNames);
        }

        var queue = await queues.AcrossTeamsAsync(actor, tenant, cancellationToken).ConfigureAwait(false);
        var subscribed = await digests.FindAsync(actor.Id, cancellationToken).ConfigureAwait(false) is not null;
        return QueueCards.Build(actor, queue.Items, QueueAudience.PersonalChat, clock.GetUtcNow(), queue.TeamNames, subscribed, queue.TeamsNotChecked);
    }

    /// <summary>
    /// "digest on" / "digest off", in the personal chat only (that is where the digest arrives). The digest's 09:00 is
    /// in the person's mailbox time zone when Graph knows it, else their Teams client's zone as sent with this message.
    /// </summary>
    private async Task<AdaptiveCard> DigestAsync(TurnContext turn, bool on, CancellationToken cancellationToken)
    {
        if (!turn.IsPersonal || Personal(turn) is not { } personal)
        {
            return MessageCards.Error("Only in our personal chat", "The daily digest comes to you personally, so it is switched on and off in your 1:1 chat with TeamsDecisions.", "Open the TeamsDecisions personal app and say \"digest on\".");
        }

        if (!on)
        {
            await digests.UnsubscribeAsync(personal.UserId, cancellationToken).ConfigureAwait(false);
            return QueueCards.DigestSwitched(on: false, string.Empty);
        }

        var zone = (await workingTime.FindAsync(turn.Actor!, cancellationToken).ConfigureAwait(false))?.Zone.Id
            ?? (Core.Teams.TeamSettings.TryFindIanaZone(turn.Activity.ClientTimeZone, out var client) ? client.Id : Core.Teams.TeamSettings.DefaultTimeZone);
        await digests.SubscribeAsync(new DigestSubscription(personal, zone, clock.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        return QueueCards.DigestSwitched(on: true, zone);
    }

    private async Task CommentAsync(TurnContext turn, RfcId rfcId, string text, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        if (turn.Actor is null)
        {
            await ReplyAsync(turn, MessageCards.Error("Your reply was not added as a comment", "Teams did not say who you are (no Entra id on the message)."), cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            var result = await service.AddCommentAsync(turn.Command, rfcId, text, CommentSource.ThreadReply, cancellationToken).ConfigureAwait(false);
            updater.Request(rfcId);
            notices.After(result);
        }
        catch (DomainRuleException ex)
        {
            Log.ActionRefused(logger, "thread reply", rfcId.ToString(), ex.Rule);
            await ReplyAsync(turn, MessageCards.Error($"Your reply was not added to {rfcId.Number}'s comments", ex.Message), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StoreBusyException or StoreWriteFailedException)
        {
            await ReplyAsync(turn, MessageCards.Error($"Your reply was not added to {rfcId.Number}'s comments", ex.Message, null, null, SaveState.AlreadySaid), CancellationToken.None).ConfigureAwait(false);
        }
        catch (StoreUnavailableException unconfirmed) when (unconfirmed.MayHaveBeenSaved)
        {
            await ReplyAsync(turn, MessageCards.Error($"Not confirmed: your reply may not be among {rfcId.Number}'s comments", "The store did not confirm it in time, so it may or may not have been added.", "Refresh the RFC card in a minute to see; if it is not there, reply again.", null, SaveState.Unknown), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StoreUnavailableException or OperationCanceledException)
        {
            await ReplyAsync(turn, MessageCards.Error($"Your reply was not added to {rfcId.Number}'s comments", "Not saved: the store is slow and did not answer in time.", "Reply again in a minute."), CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// "check my meetings" in the personal chat: from then on the app looks at the recurring meetings this person
    /// organises and asks, at most once a quarter per meeting, whether one should be a thread.
    /// </summary>
    private async Task<AdaptiveCard> OptInAsync(TurnContext turn, bool optIn, CancellationToken cancellationToken)
    {
        if (!turn.IsPersonal || Personal(turn) is not { } personal)
        {
            return MessageCards.Error("Only in our personal chat", "Meeting prompts come to you personally, so they are switched on and off in your 1:1 chat with TeamsDecisions.", "Open the TeamsDecisions personal app and say \"check my meetings\".");
        }

        if (optIn)
        {
            await prompts.OptInAsync(personal, cancellationToken).ConfigureAwait(false);
            if (!calendar.Value.Enabled)
            {
                return Cards.Builders.MeetingCards.Note("Noted. Your admin has not switched calendar checks on yet; I'll start looking at your meetings as soon as they do. Say \"stop checking my meetings\" to take this back.");
            }

            return Cards.Builders.MeetingCards.Note("Done. Once a day I'll look at the recurring meetings you organise for the next 4 weeks and, when one costs a lot of people's time or lands outside someone's working hours, ask whether it should be an async thread — at most once a quarter per meeting. Say \"stop checking my meetings\" to stop.");
        }

        await prompts.OptOutAsync(personal.UserId, cancellationToken).ConfigureAwait(false);
        return Cards.Builders.MeetingCards.Note("Stopped: I won't look at your calendar any more.");
    }

    private static PersonalConversation? Personal(TurnContext turn) =>
        turn.Actor is { } actor && turn.Activity.From?.Id is { } teamsId && turn.TenantId is { } tenant
            ? new PersonalConversation(actor.Id, teamsId, turn.ConversationId, turn.ServiceUrl, tenant, actor.DisplayName)
            : null;

    private async Task ReplyAsync(TurnContext turn, AdaptiveCard card, CancellationToken cancellationToken)
    {
        try
        {
            await connector.SendAsync(turn.ServiceUrl, turn.ConversationId, CardMessages.Message(card), cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorException ex)
        {
            Log.PostFailed(logger, ex, turn.ConversationId);
        }
    }

    /// <summary>
    /// "I don't know '…'" for text that is no command; the help card follows. The text is shown as typed but on one
    /// line and cut short, so a pasted essay cannot push the card past Teams' size limit; the error card escapes it.
    /// </summary>
    private static AdaptiveCard Unknown(string text)
    {
        const int MaxShown = 60;
        var shown = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (shown.Length > MaxShown)
        {
            var cut = char.IsHighSurrogate(shown[MaxShown - 1]) ? MaxShown - 1 : MaxShown;
            shown = string.Concat(shown.AsSpan(0, cut), "…");
        }

        return MessageCards.Error($"I don't know '{shown}'", "That is not one of my commands. The card below lists the ones I know.", state: SaveState.NothingToSave);
    }

    /// <summary>
    /// "explore &lt;topic&gt; @a @b": slots for the sender and the people mentioned (the bot aside), the topic as the
    /// problem statement. Without Graph it says what it needs and proposes nothing.
    /// </summary>
    private async Task<AdaptiveCard> ExploreAsync(TurnContext turn, string topic, CancellationToken cancellationToken)
    {
        if (!exploration.IsConfigured)
        {
            return Cards.Builders.ExplorationCards.NotConfigured(Exploration.ExplorationHandler.Settings, Exploration.ExplorationHandler.Permission);
        }

        var people = turn.Activity.Mentions()
            .Select(m => m.Mentioned!)
            .Where(m => m.Id is { Length: > 0 } id && !string.Equals(id, turn.BotId, StringComparison.OrdinalIgnoreCase))
            .Select(m => m.AadObjectId is { Length: > 0 } aad ? aad : m.Id!)
            .ToList();
        try
        {
            return await exploration.ProposeAsync(turn, topic, topic, people, cancellationToken).ConfigureAwait(false);
        }
        catch (Exploration.ExplorationRefusedException refused)
        {
            return MessageCards.Error("No exploration was proposed", refused.Message, refused.Fix, state: SaveState.NothingToSave);
        }
    }

    /// <summary>The topic of "explore &lt;topic&gt;" with every mention taken out; "" for a bare "explore"; null for other text.</summary>
    private static string? ExploreTopic(TurnContext turn, string text)
    {
        var trimmed = text.TrimStart().TrimStart('/');
        const string Word = "explore";
        if (!trimmed.StartsWith(Word, StringComparison.OrdinalIgnoreCase) || (trimmed.Length > Word.Length && !char.IsWhiteSpace(trimmed[Word.Length])))
        {
            return null;
        }

        var withoutMentions = turn.Activity.TextWithoutMentionOf(null).TrimStart().TrimStart('/');
        return withoutMentions.Length >= Word.Length ? withoutMentions[Word.Length..].Trim() : string.Empty;
    }

    /// <summary>"rfc new", "RFC  New", "/rfc new" → "rfc new"; null for anything else.</summary>
    private static string? Command(string text)
    {
        var words = text.TrimStart('/').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var normalised = string.Join(' ', words).ToLowerInvariant();
        return normalised switch
        {
            "rfc new" or "new rfc" or "rfc" => "rfc new",
            "rfc list" or "rfcs" or "list" => "rfc list",
            "help" or "?" => "help",
            "settings" or "team settings" or "norms" => "settings",
            "my queue" or "queue" or "my rfcs" or "waiting" or "what's waiting" or "what is waiting" => "my queue",
            "digest on" or "digest" or "start digest" => "digest on",
            "digest off" or "stop digest" or "no digest" => "digest off",
            "meeting test" or "meeting" or "test meeting" => "meeting test",
            "check my meetings" or "check meetings" => "check my meetings",
            "stop checking my meetings" or "stop checking meetings" => "stop checking my meetings",
            _ => null,
        };
    }
}
