using TeamsDecisions.App.Bot;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Norms;
using TeamsDecisions.Core.Notifications;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Teams.Activities;

namespace TeamsDecisions.App.Notifications;

/// <summary>Builds the message of one <see cref="Notification.Kind"/> at send time, from its data and the RFC as it is then.</summary>
internal interface INotificationComposer
{
    string Kind { get; }

    /// <summary>The message to send; null when it is no longer worth sending (the row is then cancelled).</summary>
    Task<Activity?> ComposeAsync(Notification notification, CancellationToken cancellationToken);
}

/// <summary>The decider's "comment window closed" notice, with the tally and the open concerns, in the RFC's thread.</summary>
internal sealed class WindowClosedComposer(IRfcStore store) : INotificationComposer
{
    public string Kind => NotificationKinds.WindowClosed;

    public async Task<Activity?> ComposeAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (notification.Rfc is not { } id || await store.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } rfc)
        {
            return null;
        }

        // The card says what is open and what to do; the @mention above it makes Teams notify the decider.
        return MentionMessages.DeciderWindowClosed(rfc) with { Attachments = CardMessages.Message(ConversationCards.WindowClosed(rfc)).Attachments };
    }
}

/// <summary>
/// A 1:1 reminder, built when it is sent: cancelled (null) when the RFC was decided, withdrawn or deferred, or the
/// person did what they were reminded of in the meantime.
/// </summary>
internal sealed class ReminderComposer(IRfcStore store, ITeamSettingsStore settings, TimeProvider clock) : INotificationComposer
{
    public string Kind => NotificationKinds.Reminder;

    public async Task<Activity?> ComposeAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (notification.Rfc is not { } id
            || PersonOf(notification.Target) is not { } person
            || ReminderData.Read(notification.Data) is not { } data
            || await store.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } rfc)
        {
            return null;
        }

        var state = rfc.StateAt(clock.GetUtcNow());
        switch (data.Reason)
        {
            case ReminderReason.ResponseDue when state == RfcState.Open && rfc.NotYetResponded.Any(r => r.Is(person)):
                var norm = (await settings.GetAsync(id.Team, cancellationToken).ConfigureAwait(false)).ResponseNorm(rfc.Kind);
                return CardMessages.Message(ReminderCards.Reviewer(rfc, data.RespondBy, norm));
            case ReminderReason.DecisionDue when state == RfcState.AwaitingDecision && rfc.Decider.Is(person):
                return CardMessages.Message(ReminderCards.Decider(rfc));
            default:
                return null;
        }
    }

    /// <summary>Whom the reminder is for: in the 1:1 chat, or in the activity feed entry that follows it.</summary>
    private static UserRef? PersonOf(NotificationTarget target) => target switch
    {
        PersonTarget person => person.Person,
        ActivityFeedTarget feed => feed.Person,
        _ => null,
    };
}

/// <summary>What a "not the right reviewer" notice carries: who said so, and their note.</summary>
internal sealed record NotRightReviewerData(UserRef Reviewer, string? Note)
{
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this);

    public static NotRightReviewerData? Read(string? json) => json is null ? null : System.Text.Json.JsonSerializer.Deserialize<NotRightReviewerData>(json);

    /// <summary>One per person per RFC: pressing the button twice tells the author once.</summary>
    public static Notification For(Rfc rfc, UserRef reviewer, string? note, DateTimeOffset now) => new(
        Notification.MakeId(NotificationKinds.NotRightReviewer, rfc.Team.Value, rfc.Number.ToString(), reviewer.Id.ToUpperInvariant()),
        rfc.Team,
        rfc.Id,
        new RfcThreadTarget(),
        NotificationKinds.NotRightReviewer,
        new NotRightReviewerData(reviewer, note).ToJson(),
        now,
        now);
}

/// <summary>Tells the RFC's author, in its thread, that a required reviewer says they are not the right one.</summary>
internal sealed class NotRightReviewerComposer(IRfcStore store) : INotificationComposer
{
    public string Kind => NotificationKinds.NotRightReviewer;

    public async Task<Activity?> ComposeAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return notification.Rfc is { } id
            && NotRightReviewerData.Read(notification.Data) is { } data
            && await store.FindAsync(id, cancellationToken).ConfigureAwait(false) is { } rfc
                ? MentionMessages.NotRightReviewer(rfc, data.Reviewer, data.Note)
                : null;
    }
}

/// <summary>
/// The @mention of the decider and the required reviewers in the RFC's new thread; cancelled (null) when the RFC was
/// decided or withdrawn before it went out, when a request to review would only mislead.
/// </summary>
internal sealed class ReviewRequestComposer(IRfcStore store) : INotificationComposer
{
    public string Kind => NotificationKinds.ReviewRequest;

    public async Task<Activity?> ComposeAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return notification.Rfc is { } id
            && await store.FindAsync(id, cancellationToken).ConfigureAwait(false) is { } rfc
            && !rfc.State.IsResolved()
                ? MentionMessages.ReviewRequest(rfc)
                : null;
    }
}

/// <summary>
/// Tells the author, in the RFC's thread, how it was decided, with a link to read why: the decision page when the
/// publishing outbox has published it by then, else the decision log (it never waits for the page).
/// </summary>
internal sealed class ResolvedComposer(IRfcStore store, DecisionLinks links) : INotificationComposer
{
    public string Kind => NotificationKinds.Resolved;

    public async Task<Activity?> ComposeAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (notification.Rfc is not { } id || await store.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { Decision: not null } rfc)
        {
            return null;
        }

        var found = await links.ForAsync(rfc, cancellationToken).ConfigureAwait(false);
        return MentionMessages.Resolution(rfc, found.DecisionPage ?? found.DecisionLog);
    }
}

/// <summary>
/// Tells the superseded decision's RFC thread (its decider @mentioned) which decision replaced it, with a link to
/// read why (as <see cref="ResolvedComposer"/>). The notification's RFC is the new one; its target names the old one.
/// </summary>
internal sealed class SupersededComposer(IRfcStore store, DecisionLinks links) : INotificationComposer
{
    public string Kind => NotificationKinds.Superseded;

    public async Task<Activity?> ComposeAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (notification.Rfc is not { } id
            || notification.Target is not RfcThreadTarget { Of: { } oldId }
            || await store.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { Decision: not null } rfc
            || await store.FindAsync(oldId, cancellationToken).ConfigureAwait(false) is not { } old)
        {
            return null;
        }

        // Until the decision is published, the new RFC's thread (where its record is) is the place to read why.
        var found = await links.ForAsync(rfc, cancellationToken).ConfigureAwait(false);
        return MentionMessages.Superseded(old, rfc, found.DecisionPage ?? found.DecisionLog ?? rfc.Thread?.WebUrl);
    }
}
