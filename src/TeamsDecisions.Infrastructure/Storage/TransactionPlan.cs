using Azure;
using Azure.Data.Tables;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Notifications;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>
/// The rows one or more commands on one RFC write, as one entity-group transaction: the RFC header (replaced with
/// If-Match on its ETag, so a concurrent writer makes the whole batch fail), then each command's changed ballot,
/// concern, comment and decision rows, the notifications it causes, its event row and its idempotency (op) row. A row two commands touch is
/// written once, with its last state (a transaction may not name an entity twice).
/// </summary>
internal sealed class TransactionPlan(string partitionKey)
{
    public const string CardBehind = "CardBehind";

    private readonly List<Row> rows = [];
    private readonly Dictionary<string, int> byKey = new(StringComparer.Ordinal);
    private Rfc? header;
    private ETag headerETag;
    private long bytes;

    /// <summary>In submission order: the header first.</summary>
    public IReadOnlyList<TableTransactionAction> Actions =>
        [new(TableTransactionActionType.UpdateReplace, RfcRow(header!), headerETag), .. rows.Select(r => r.Action)];

    public void Header(Rfc rfc, ETag etag)
    {
        header = rfc;
        headerETag = etag;
        bytes = Estimate(RfcRow(rfc));
    }

    /// <summary>The command already in this batch that carries the same activity, if any.</summary>
    public T? FindOp<T>(CommandContext context)
        where T : class =>
        context.ActivityId is not null && byKey.TryGetValue(TableKeys.Op(context.Actor.Id, context.ActivityId), out var i) ? rows[i].Owner as T : null;

    /// <summary>Whose idempotency row sits at <paramref name="actionIndex"/> of <see cref="Actions"/>.</summary>
    public T? OwnerOfOp<T>(int? actionIndex)
        where T : class => actionIndex is { } i && i >= 1 && i - 1 < rows.Count && rows[i - 1].IsOp ? rows[i - 1].Owner as T : null;

    public bool IsOverLimit(int maxEntities, long maxBytes) => rows.Count + 1 > maxEntities || bytes > maxBytes;

    /// <summary>Adds the rows for one command's <paramref name="events"/>, read from <paramref name="rfc"/> as it is after them.</summary>
    public void Add(Rfc rfc, IReadOnlyList<RfcEvent> events, CommandContext context, object owner)
    {
        ArgumentNullException.ThrowIfNull(rfc);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(context);
        foreach (var e in events)
        {
            switch (e)
            {
                case VoteCast when e.Actor is not null && rfc.BallotOf(e.Actor) is { } ballot:
                    Put(TableTransactionActionType.UpsertReplace, JsonRow(TableKeys.Ballot(ballot.Voter.Id), ballot), owner);
                    break;
                case ConcernRaised raised:
                    Put(TableTransactionActionType.Add, JsonRow(TableKeys.Concern(raised.ConcernId), rfc.Concerns.First(c => c.Id == raised.ConcernId)), owner);
                    break;
                case ConcernResolved resolved:
                    Put(TableTransactionActionType.UpsertReplace, JsonRow(TableKeys.Concern(resolved.ConcernId), rfc.Concerns.First(c => c.Id == resolved.ConcernId)), owner);
                    break;
                case ConcernOverruled overruled:
                    Put(TableTransactionActionType.UpsertReplace, JsonRow(TableKeys.Concern(overruled.ConcernId), rfc.Concerns.First(c => c.Id == overruled.ConcernId)), owner);
                    break;
                case CommentAdded added:
                    Put(TableTransactionActionType.Add, JsonRow(TableKeys.Comment(added.CommentId), rfc.Comments.First(c => c.Id == added.CommentId)), owner);
                    break;
                case RfcResolved:
                    foreach (var row in StoreJson.WriteRows(partitionKey, TableKeys.DecisionRow, rfc.Decision!))
                    {
                        Put(TableTransactionActionType.Add, row, owner);
                    }

                    Put(TableTransactionActionType.UpsertReplace, TableOutbox.PendingRow(rfc, e.At), owner);
                    break;
                case RfcSuperseded:
                    foreach (var row in StoreJson.WriteRows(partitionKey, TableKeys.DecisionRow, rfc.Decision!))
                    {
                        Put(TableTransactionActionType.UpsertReplace, row, owner);
                    }

                    Put(TableTransactionActionType.UpsertReplace, TableOutbox.PendingRow(rfc, e.At), owner);
                    break;
                default:
                    break;
            }
        }

        // The proactive messages these events cause are saved with them, or not at all (see TableNotificationOutbox).
        foreach (var notification in RfcNotifications.For(rfc, events))
        {
            Put(TableTransactionActionType.Add, TableNotificationOutbox.TriggerRow(partitionKey, notification), owner);
        }

        Put(TableTransactionActionType.Add, EventRow(rfc.Id, events), owner);
        if (context.ActivityId is not null)
        {
            var op = new TableEntity(partitionKey, TableKeys.Op(context.Actor.Id, context.ActivityId))
            {
                ["ActorId"] = context.Actor.Id,
                ["ActivityId"] = context.ActivityId,
                ["FirstSequence"] = events[0].Sequence,
            };
            Put(TableTransactionActionType.Add, op, owner, isOp: true);
        }
    }

    public static TableEntity RfcRow(Rfc rfc)
    {
        ArgumentNullException.ThrowIfNull(rfc);
        var entity = new TableEntity(TableKeys.RfcPartition(rfc.Id), TableKeys.RfcRow)
        {
            ["Team"] = rfc.Team.Value,
            ["Number"] = rfc.Number.Value,
            ["Title"] = rfc.Title,
            ["State"] = rfc.State.ToString(),
            ["LastSequence"] = rfc.LastSequence,

            // Every command changes what the channel card shows; the card updater clears this once it has shown it.
            [CardBehind] = rfc.Thread is not null,
        };

        // The decision record has its own rows; keeping it out keeps this row well under the 1 MiB entity limit.
        StoreJson.Write(entity, rfc.ToCore() with { Decision = null });
        return entity;
    }

    public static TableEntity EventRow(RfcId id, IReadOnlyList<RfcEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var entity = new TableEntity(TableKeys.RfcPartition(id), TableKeys.Event(events[0].Sequence))
        {
            ["Count"] = events.Count,
            ["Types"] = string.Join(',', events.Select(e => e.GetType().Name)),
        };
        StoreJson.Write<RfcEvent[]>(entity, [.. events]);
        return entity;
    }

    private TableEntity JsonRow<T>(string rowKey, T value)
    {
        var entity = new TableEntity(partitionKey, rowKey);
        StoreJson.Write(entity, value);
        return entity;
    }

    private void Put(TableTransactionActionType type, TableEntity entity, object owner, bool isOp = false)
    {
        bytes += Estimate(entity);
        if (byKey.TryGetValue(entity.RowKey, out var i))
        {
            // Inserted earlier in this batch and changed again: still an insert, of the latest state.
            var first = rows[i].Action.ActionType;
            rows[i] = new Row(new TableTransactionAction(first == TableTransactionActionType.Add ? first : type, entity), rows[i].Owner, rows[i].IsOp);
            return;
        }

        byKey[entity.RowKey] = rows.Count;
        rows.Add(new Row(new TableTransactionAction(type, entity), owner, isOp));
    }

    /// <summary>What a row adds to the request body: its strings as UTF-8 (at most 3 bytes a character) plus framing.</summary>
    private static long Estimate(TableEntity entity) =>
        512 + entity.Sum(p => p.Key.Length + (p.Value is string s ? 3L * s.Length : 32));

    private sealed record Row(TableTransactionAction Action, object Owner, bool IsOp);
}
