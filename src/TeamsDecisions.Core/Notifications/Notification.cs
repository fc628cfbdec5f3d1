using System.Globalization;
using System.Text.Json.Serialization;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Core.Notifications;

/// <summary>Where a notification stands in the outbox.</summary>
public enum NotificationStatus
{
    /// <summary>Waiting for its not-before time, or for a retry.</summary>
    Pending,

    /// <summary>Delivered: the Connector answered with the activity id kept on the row; it is never sent again.</summary>
    Sent,

    /// <summary>Gave up after the configured number of attempts; kept with the last error for whoever looks.</summary>
    Failed,

    /// <summary>No longer worth sending when its turn came (e.g. the RFC is gone).</summary>
    Cancelled,
}

/// <summary>Who receives a notification: resolved to a conversation at send time.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ConversationTarget), "conversation")]
[JsonDerivedType(typeof(RfcThreadTarget), "rfcThread")]
[JsonDerivedType(typeof(PersonTarget), "person")]
[JsonDerivedType(typeof(ActivityFeedTarget), "activityFeed")]
public abstract record NotificationTarget;

/// <summary>An existing conversation the bot is in: a channel, a channel thread, a chat.</summary>
public sealed record ConversationTarget(string ConversationId) : NotificationTarget;

/// <summary>
/// The channel thread of RFC <see cref="Of"/> (null: the notification's own RFC), or the team's General channel when
/// it has none (looked up when sent). Rows written before <see cref="Of"/> existed read as the notification's own RFC.
/// </summary>
public sealed record RfcThreadTarget(RfcId? Of = null) : NotificationTarget;

/// <summary>
/// A 1:1 chat with the person, created through the Connector (CreateConversation) in the team's tenant, as member
/// <see cref="TeamsUserId"/> (the "29:…" id from an activity or the roster) when known, else the Entra object id.
/// </summary>
public sealed record PersonTarget(UserRef Person, string? TeamsUserId = null) : NotificationTarget;

/// <summary>
/// The person's Teams activity feed (Microsoft Graph, not the Connector), pointing at the message <see cref="MessageId"/>
/// already sent to them in the 1:1 chat <see cref="ChatId"/>: the feed entry that goes with a personal notification.
/// </summary>
public sealed record ActivityFeedTarget(UserRef Person, string ChatId, string? MessageId) : NotificationTarget;

/// <summary>
/// One proactive message in the outbox. <see cref="Id"/> is deterministic (derived from what caused it), so the same
/// cause enqueued twice is one row and a retry finds what the first try did. The card is built at send time from
/// <see cref="Kind"/> and <see cref="Data"/> (and the RFC as it is then), so the row stays small and current.
/// </summary>
public sealed record Notification
{
    public const int MaxIdLength = 1000;

    /// <summary>The team of a notification that belongs to a person rather than a team (the daily digest); such a row names its own <see cref="ServiceUrl"/> and <see cref="TenantId"/>.</summary>
    public static readonly TeamId NoTeam = new("-");

    private const string FeedPart = "feed";

    [JsonConstructor]
    public Notification(string id, TeamId team, RfcId? rfc, NotificationTarget target, string kind, string? data, DateTimeOffset notBefore, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        if (id.Length > MaxIdLength)
        {
            throw new ArgumentException($"A notification id is at most {MaxIdLength} characters.", nameof(id));
        }

        Id = id;
        Team = team;
        Rfc = rfc;
        Target = target;
        Kind = kind;
        Data = data;
        NotBefore = notBefore;
        CreatedAt = createdAt;
    }

    public string Id { get; }

    public TeamId Team { get; }

    public RfcId? Rfc { get; }

    public NotificationTarget Target { get; }

    /// <summary>Which composer builds the card (<see cref="NotificationKinds"/>).</summary>
    public string Kind { get; }

    /// <summary>The kind's own data (JSON or plain), read by its composer; null when the RFC says it all.</summary>
    public string? Data { get; }

    /// <summary>Not delivered before this time (reminders wait for working hours); also the next retry.</summary>
    public DateTimeOffset NotBefore { get; init; }

    public DateTimeOffset CreatedAt { get; }

    /// <summary>The tenant to send in; null: the team's, as stored when the app was installed.</summary>
    public string? TenantId { get; init; }

    /// <summary>The Connector endpoint to send to; null: the team's. Set (with <see cref="TenantId"/>) on rows of <see cref="NoTeam"/>.</summary>
    public Uri? ServiceUrl { get; init; }

    public NotificationStatus Status { get; init; } = NotificationStatus.Pending;

    /// <summary>Delivery attempts that failed (a 429 answered with Retry-After does not count).</summary>
    public int Attempts { get; init; }

    public string? LastError { get; init; }

    /// <summary>The conversation it went to, kept once known (a created 1:1 chat is reused by a retry).</summary>
    public string? ConversationId { get; init; }

    /// <summary>The Connector's id of the sent message: set once, and a row that has it is never sent again.</summary>
    public string? ActivityId { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    /// <summary>An id made of parts (kind, team, RFC, sequence…): deterministic, and unambiguous whatever the parts hold.</summary>
    public static string MakeId(params string[] parts) =>
        string.Join('|', parts.Select(p => p.Replace("%", "%25", StringComparison.Ordinal).Replace("|", "%7C", StringComparison.Ordinal)));

    /// <summary>
    /// A notification to one person in a 1:1 chat (a reminder, a digest), its id made of the kind, the team, the RFC,
    /// the person and <paramref name="occasion"/> (what makes it this one: "norm-1", "2026-11-02"…), so that enqueuing
    /// it again for the same occasion is a no-op.
    /// </summary>
    public static Notification ToPerson(string kind, TeamId team, RfcId? rfc, PersonTarget person, string occasion, string? data, DateTimeOffset notBefore, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentException.ThrowIfNullOrWhiteSpace(occasion);
        return new(MakeId(kind, team.Value, rfc?.Number.ToString() ?? "-", person.Person.Id.ToUpperInvariant(), occasion), team, rfc, person, kind, data, notBefore, now);
    }

    /// <summary>
    /// The activity feed entry that goes with this notification, once it was sent to the person's 1:1 chat
    /// <paramref name="chatId"/> as <paramref name="messageId"/>: same kind, data and tenant, its id this one's plus
    /// "feed", so that enqueuing it again (a retried round, a second instance) is a no-op.
    /// </summary>
    public Notification ToActivityFeed(string chatId, string? messageId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(chatId);
        if (Target is not PersonTarget person)
        {
            throw new InvalidOperationException($"Only a notification to a person has an activity feed entry, not one to {Target.GetType().Name}.");
        }

        return new Notification(Id + "|" + MakeId(FeedPart), Team, Rfc, new ActivityFeedTarget(person.Person, chatId, messageId), Kind, Data, now, now) { TenantId = TenantId };
    }

    /// <summary>The decider's "comment window closed" notice for the close recorded by the event at <paramref name="sequence"/>.</summary>
    public static Notification WindowClosed(RfcId rfc, long sequence, DateTimeOffset at) => InOwnThread(NotificationKinds.WindowClosed, rfc, sequence, at);

    /// <summary>The @mention of the decider and the required reviewers in the thread the event at <paramref name="sequence"/> attached.</summary>
    public static Notification ReviewRequest(RfcId rfc, long sequence, DateTimeOffset at) => InOwnThread(NotificationKinds.ReviewRequest, rfc, sequence, at);

    /// <summary>The author's "your RFC was decided" @mention for the resolution recorded by the event at <paramref name="sequence"/>.</summary>
    public static Notification Resolved(RfcId rfc, long sequence, DateTimeOffset at) => InOwnThread(NotificationKinds.Resolved, rfc, sequence, at);

    /// <summary>
    /// The notice in <paramref name="superseded"/>'s thread that the decision of <paramref name="rfc"/> (resolved by the
    /// event at <paramref name="sequence"/>) supersedes its decision.
    /// </summary>
    public static Notification Superseded(RfcId rfc, RfcId superseded, long sequence, DateTimeOffset at) => new(
        MakeId(NotificationKinds.Superseded, rfc.Team.Value, rfc.Number.ToString(), sequence.ToString(CultureInfo.InvariantCulture)),
        rfc.Team,
        rfc,
        new RfcThreadTarget(superseded),
        NotificationKinds.Superseded,
        null,
        at,
        at);

    private static Notification InOwnThread(string kind, RfcId rfc, long sequence, DateTimeOffset at) => new(
        MakeId(kind, rfc.Team.Value, rfc.Number.ToString(), sequence.ToString(CultureInfo.InvariantCulture)),
        rfc.Team,
        rfc,
        new RfcThreadTarget(),
        kind,
        null,
        at,
        at);
}

/// <summary>The kinds of proactive message; each has one composer in the app.</summary>
public static class NotificationKinds
{
    /// <summary>"Comments on … have closed. &lt;decider&gt;, it is your decision now." in the RFC's thread.</summary>
    public const string WindowClosed = "window-closed";

    /// <summary>A 1:1 reminder of a response norm: a required reviewer's response, or the decider's decision (data: <c>ReminderData</c>).</summary>
    public const string Reminder = "reminder";

    /// <summary>"&lt;author&gt;, &lt;reviewer&gt; says they are not the right reviewer …" in the RFC's thread (data: the reviewer and their note).</summary>
    public const string NotRightReviewer = "not-right-reviewer";

    /// <summary>"@decider decides RFC-… . @reviewers, please review by …" in the RFC's thread, once it is posted.</summary>
    public const string ReviewRequest = "review-request";

    /// <summary>"@author, RFC-… was accepted by … Read why: link" in the RFC's thread, after its resolution.</summary>
    public const string Resolved = "resolved";

    /// <summary>"@old decider, DEC-… is superseded by DEC-… Read why: link" in the superseded decision's RFC thread.</summary>
    public const string Superseded = "superseded";

    /// <summary>A person's daily digest of what waits on them, in their personal chat (data: their Entra object id).</summary>
    public const string Digest = "digest";

    /// <summary>"@organizer, the exploration of … has ended: Write the RFC" where it was booked, once the meeting is over (data: the session).</summary>
    public const string ExplorationEnded = "exploration-ended";
}
