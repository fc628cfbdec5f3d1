using Microsoft.Extensions.Options;
using TeamsDecisions.Core.Norms;
using TeamsDecisions.Core.Notifications;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Teams;

namespace TeamsDecisions.App.Notifications;

/// <summary>
/// The activity types the app posts to a person's Teams activity feed (Notifications:ActivityFeed). Each is declared in
/// appPackage/manifest.json under activities.activityTypes with the template its parameters fill: Graph refuses a type
/// the installed manifest does not declare.
/// </summary>
public static class ActivityFeedTypes
{
    /// <summary>"{actor} reminds you to review {rfc}": a required reviewer's response is due.</summary>
    public const string ReviewReminder = "reviewReminder";

    /// <summary>"{actor} reminds you to decide {rfc}": comments closed and the decision is the person's.</summary>
    public const string DecisionReminder = "decisionReminder";

    /// <summary>The one template parameter every type uses: the RFC's number ("RFC-0042").</summary>
    public const string RfcParameter = "rfc";

    public static IReadOnlyList<string> All { get; } = [ReviewReminder, DecisionReminder];

    /// <summary>The feed entry's type for a personal notification; null for a kind that has none (no entry is made).</summary>
    internal static string? Of(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return notification.Kind switch
        {
            NotificationKinds.Reminder => ReminderData.Read(notification.Data)?.Reason switch
            {
                ReminderReason.ResponseDue => ReviewReminder,
                ReminderReason.DecisionDue => DecisionReminder,
                _ => null,
            },
            _ => null,
        };
    }
}

/// <summary>
/// Builds the activity feed entry of an <see cref="ActivityFeedTarget"/> row when it is sent: its type, a preview in the
/// reminder's words, the RFC as the topic, and a link to the message in the 1:1 chat. Null when the RFC is gone.
/// </summary>
internal sealed class ActivityFeedComposer(IRfcStore store, IOptions<BotOptions> bot)
{
    public async Task<ActivityFeedNotice?> ComposeAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (notification.Target is not ActivityFeedTarget feed
            || ActivityFeedTypes.Of(notification) is not { } type
            || notification.Rfc is not { } id
            || await store.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } rfc)
        {
            return null;
        }

        var number = rfc.Number.ToString();
        var preview = type == ActivityFeedTypes.ReviewReminder
            ? $"Your response to {number} '{rfc.Title}' is due."
            : $"Comments on {number} '{rfc.Title}' closed; it is yours to resolve.";
        return new ActivityFeedNotice(
            feed.Person.Id,
            type,
            $"{number} {rfc.Title}",
            LinkTo(feed, bot.Value.AppId),
            preview,
            new Dictionary<string, string>(StringComparer.Ordinal) { [ActivityFeedTypes.RfcParameter] = number });
    }

    /// <summary>
    /// The message in the chat, when the chat has a "19:" id (Teams links to a chat message accept no other); a 1:1 chat
    /// the Connector created has an "a:" id, so the link then opens the person's chat with the bot, where the message is.
    /// </summary>
    internal static Uri LinkTo(ActivityFeedTarget feed, string? botAppId)
    {
        ArgumentNullException.ThrowIfNull(feed);
        if (feed.ChatId.StartsWith("19:", StringComparison.Ordinal) && feed.MessageId is { Length: > 0 } message)
        {
            return new Uri($"https://teams.microsoft.com/l/message/{Segment(feed.ChatId)}/{Segment(message)}?context={Uri.EscapeDataString("{\"contextType\":\"chat\"}")}");
        }

        return string.IsNullOrEmpty(botAppId)
            ? new Uri("https://teams.microsoft.com/l/chat/0/0")
            : new Uri($"https://teams.microsoft.com/l/chat/0/0?users={Uri.EscapeDataString("28:" + botAppId)}");
    }

    /// <summary>A path segment with ':' and '@' kept as Teams writes chat ids ("19:…@unq.gbl.spaces").</summary>
    private static string Segment(string value) =>
        Uri.EscapeDataString(value).Replace("%3A", ":", StringComparison.Ordinal).Replace("%40", "@", StringComparison.Ordinal);
}
