using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TeamsDecisions.Core;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>
/// The one place that knows every table and key.
/// Rfcs: one partition per RFC — "rfc" (the RFC), "ballot|&lt;voter&gt;", "concern|0001", "comment|000001",
/// "decision", "event|0000000001" (one row per command, holding its events), "op|&lt;hash&gt;" (applied activities),
/// "outbox" (the decision's publishing state, written with the decision), "notify|&lt;id&gt;" (a notification written with
/// the command that caused it, until it is moved to the Outbox table's "notify" partition).
/// TeamIndex: one partition per team — "counter", "rfc|RFC-0001" summaries, "create|&lt;hash&gt;"; and the change log,
/// one partition per minute "chg|yyyyMMddHHmm" (UTC) — one row per RFC whose indexes changed in it, keyed like its
/// Rfcs partition (read by other instances' search indexes to catch up).
/// DueWindows: partition "open" — one row per open RFC with its closing time.
/// Decisions: one partition per team — "counter", "DEC-0001" log entries, "rfc|RFC-0001" → its reserved number.
/// TeamSettings: one partition per team — "settings", and "change|&lt;inverted ticks&gt;|&lt;hash&gt;" (one audit row per
/// saved change, newest first, written in the same transaction as the settings).
/// Outbox: partition "due" — one row per RFC whose page is not yet published (an index of the "outbox" rows);
/// partition "lease" — one row per team whose pages an instance is publishing right now; partition "notify" — one row
/// per proactive message (the notification outbox), keyed by the notification's deterministic id.
/// MeetingPrompts: partition "person" — one row per person who talked to the bot in 1:1 (opt-in flag, conversation);
/// one partition per person — one row per recurring series they were asked about.
/// MeetingTests: one partition per organiser — one row per test, newest first (inverted ticks); and one partition per
/// team "team|&lt;team&gt;" — a copy of each test recorded with a team, under the same row key.
/// Conversations: partition "team" — one row per team (conversation reference); partition "thread|&lt;channel&gt;" —
/// one row per RFC thread root message id; partition "digest" — one row per person who said "digest on".
/// </summary>
internal sealed class TableKeys(string prefix)
{
    public const string RfcRow = "rfc";
    public const string DecisionRow = "decision";
    public const string OutboxRow = "outbox";
    public const string OutboxDuePartition = "due";
    public const string CounterRow = "counter";
    public const string SettingsRow = "settings";
    public const string SettingsChangePrefix = "change|";
    public const string BallotPrefix = "ballot|";
    public const string ConcernPrefix = "concern|";
    public const string CommentPrefix = "comment|";
    public const string EventPrefix = "event|";
    public const string OpPrefix = "op|";
    public const string NotifyPrefix = "notify|";
    public const string NotificationPartition = "notify";
    public const string RfcSummaryPrefix = "rfc|";
    public const string CreatePrefix = "create|";
    public const string DuePartition = "open";
    public const string TeamConversationPartition = "team";
    public const string DigestPartition = "digest";

    public const string ChangePrefix = "chg|";

    /// <summary>Cannot clash with an organiser's partition: an encoded id never holds a bare '|'.</summary>
    public const string MeetingTestTeamPrefix = "team|";

    public static string ThreadPartition(string channelId) => "thread|" + Encode(channelId);

    public string Rfcs { get; } = prefix + "Rfcs";

    public string TeamIndex { get; } = prefix + "TeamIndex";

    public string DueWindows { get; } = prefix + "DueWindows";

    public string Decisions { get; } = prefix + "Decisions";

    public string TeamSettings { get; } = prefix + "TeamSettings";

    public string Conversations { get; } = prefix + "Conversations";

    public string Outbox { get; } = prefix + "Outbox";

    public string MeetingTests { get; } = prefix + "MeetingTests";

    public string MeetingPrompts { get; } = prefix + "MeetingPrompts";

    public IEnumerable<string> AllTables => [Rfcs, TeamIndex, DueWindows, Decisions, TeamSettings, Conversations, Outbox, MeetingTests, MeetingPrompts];

    public static string TeamPartition(TeamId team) => Encode(team.Value);

    public static string MeetingTestOrganiserPartition(UserRef organiser) => Encode(organiser.Id.ToUpperInvariant());

    public static string MeetingTestTeamPartition(TeamId team) => MeetingTestTeamPrefix + Encode(team.Value);

    public static string RfcPartition(RfcId id) => $"{Encode(id.Team.Value)}|{id.Number}";

    public static string Ballot(string voterId) => BallotPrefix + Encode(voterId.ToUpperInvariant());

    public static string Concern(int id) => ConcernPrefix + id.ToString("D4", CultureInfo.InvariantCulture);

    public static string Comment(int id) => CommentPrefix + id.ToString("D6", CultureInfo.InvariantCulture);

    public static string Event(long firstSequence) => EventPrefix + firstSequence.ToString("D10", CultureInfo.InvariantCulture);

    public static string Op(string actorId, string activityId) => OpPrefix + Hash(actorId.ToUpperInvariant(), activityId);

    public static string Create(string actorId, string activityId) => CreatePrefix + Hash(actorId.ToUpperInvariant(), activityId);

    /// <summary>Newest first; the hash tells apart two changes saved in the same tick.</summary>
    public static string SettingsChange(DateTimeOffset at, string changedBy, string json) =>
        SettingsChangePrefix + (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "|" + Hash(changedBy.ToUpperInvariant(), json);

    /// <summary>A notification's row in the RFC's partition (written with its command).</summary>
    public static string NotifyTrigger(string notificationId) => NotifyPrefix + Notification(notificationId);

    /// <summary>A notification's row in the Outbox table's "notify" partition (a key holds at most 1 KiB: long ids are hashed).</summary>
    public static string Notification(string notificationId)
    {
        var encoded = Encode(notificationId);
        return encoded.Length <= 480 ? encoded : "h|" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(notificationId)));
    }

    /// <summary>The change-log partition of the minute <paramref name="at"/> falls in.</summary>
    public static string ChangePartition(DateTimeOffset at) => ChangePrefix + ChangeMinute(at).ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);

    public static DateTimeOffset ChangeMinute(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero);
    }

    public static string RfcSummary(RfcId id) => RfcSummaryPrefix + id.Number;

    public static string DueRow(RfcId id) => RfcPartition(id);

    public static string DecisionEntry(DecisionNumber number) => number.ToString();

    public static string DecisionOfRfc(RfcId id) => RfcSummaryPrefix + id.Number;

    /// <summary>The row-key range [prefix, prefix~) selects every key that starts with prefix.</summary>
    public static string PrefixFilter(string partitionKey, string rowPrefix) =>
        Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {rowPrefix} and RowKey lt {rowPrefix[..^1] + (char)(rowPrefix[^1] + 1)}");

    /// <summary>Table keys may not hold / \ # ? or control characters; we also reserve | and % for our own use.</summary>
    public static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or '|' or '%' or '\'' || char.IsControl(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string Hash(string actorId, string activityId) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(actorId + "\n" + activityId)), 0, 16);
}
