using System.Globalization;
using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Core.Norms;

namespace TeamsDecisions.Core.Notifications;

/// <summary>Someone who said "digest on": where to write to them, and the time zone their 09:00 is in (their Teams client's, when they said it).</summary>
public sealed record DigestSubscription(PersonalConversation Conversation, string TimeZone, DateTimeOffset Since)
{
    public UserRef Person => new(Conversation.UserId, Conversation.DisplayName ?? Conversation.UserId);
}

/// <summary>Who gets the daily digest of what waits on them.</summary>
public interface IDigestSubscriptions
{
    /// <summary>Subscribes, or updates the conversation and zone of, <paramref name="subscription"/>'s person.</summary>
    Task SubscribeAsync(DigestSubscription subscription, CancellationToken cancellationToken);

    /// <summary>Ends the person's subscription; false when there was none.</summary>
    Task<bool> UnsubscribeAsync(string userId, CancellationToken cancellationToken);

    Task<DigestSubscription?> FindAsync(string userId, CancellationToken cancellationToken);

    Task<IReadOnlyList<DigestSubscription>> ListAsync(CancellationToken cancellationToken);
}

/// <summary>When a person's daily digest goes: 09:00 on their working days, on their own clock.</summary>
public static class DigestPolicy
{
    /// <summary>The local time the digest is sent at.</summary>
    public static readonly TimeOnly SendAt = new(9, 0);

    /// <summary>A digest whose 09:00 passed while no instance was running still goes within this; later, it waits for the next working day.</summary>
    public static readonly TimeSpan StillUseful = TimeSpan.FromHours(3);

    /// <summary>
    /// The digest to enqueue at <paramref name="now"/>: today's (local day) while it is a working day and 09:00 is
    /// less than <see cref="StillUseful"/> ago or still to come; otherwise the next working day's. DST-safe: 09:00 is
    /// on the local wall clock.
    /// </summary>
    public static (DateOnly Day, DateTimeOffset At) Next(WorkingTime calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var local = TimeZoneInfo.ConvertTime(now, calendar.Zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        for (var i = 0; i < 8; i++, day = day.AddDays(1))
        {
            if (!calendar.IsWorkingDay(day))
            {
                continue;
            }

            var at = At(calendar.Zone, day);
            if (now < at + StillUseful)
            {
                return (day, at);
            }
        }

        throw new InvalidOperationException("A calendar has at least one working day a week.");
    }

    /// <summary>The outbox row of <paramref name="subscription"/>'s digest for <paramref name="day"/> (one per person per day, whoever enqueues it).</summary>
    public static Notification Notification(DigestSubscription subscription, DateOnly day, DateTimeOffset at, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var person = subscription.Conversation;
        return new Notification(
            Notifications.Notification.MakeId(NotificationKinds.Digest, person.UserId.ToUpperInvariant(), day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            Notifications.Notification.NoTeam,
            null,
            new ConversationTarget(person.ConversationId),
            NotificationKinds.Digest,
            person.UserId,
            at,
            now)
        {
            TenantId = person.TenantId,
            ServiceUrl = person.ServiceUrl,
        };
    }

    private static DateTimeOffset At(TimeZoneInfo zone, DateOnly day)
    {
        var wall = day.ToDateTime(SendAt);
        while (zone.IsInvalidTime(wall))
        {
            wall = wall.AddMinutes(30);
        }

        return new DateTimeOffset(wall, zone.GetUtcOffset(wall));
    }
}
