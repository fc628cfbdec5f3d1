using System.Text.Json;
using Microsoft.Extensions.Options;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Norms;
using TeamsDecisions.Core.Notifications;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Core.Teams;

namespace TeamsDecisions.App.Notifications;

/// <summary>What a reminder notification carries: why, and when the response or decision is (or was) due.</summary>
internal sealed record ReminderData(ReminderReason Reason, DateTimeOffset RespondBy)
{
    public string ToJson() => JsonSerializer.Serialize(this);

    public static ReminderData? Read(string? json) => json is null ? null : JsonSerializer.Deserialize<ReminderData>(json);

    /// <summary>The 1:1 reminder of <paramref name="due"/>, held until the person's working hours (the team's, for now).</summary>
    public static Notification For(Rfc rfc, ReminderDue due, WorkingTime workingTime, DateTimeOffset now, string? occasion = null) =>
        Notification.ToPerson(
            NotificationKinds.Reminder,
            rfc.Team,
            rfc.Id,
            new PersonTarget(due.Person),
            occasion ?? due.Id,
            new ReminderData(due.Reason, due.RespondBy).ToJson(),
            ResponsePolicy.DeliveryAt(workingTime, due.RemindAt > now ? due.RemindAt : now),
            now);
}

/// <summary>
/// Enqueues the response-norm reminders (<see cref="ResponsePolicy"/>) every Notifications:ReminderScanInterval:
/// for every team, its open RFCs (reviewers) and those awaiting a decision (the decider). The outbox keys each one
/// on the policy's id, so a second scan, a second instance or a restart enqueues nothing twice. Delivery waits for
/// the team's working hours; a person's own Graph mailboxSettings (time zone, working hours) are not read yet.
/// Cost per round: one query for the teams, then per team one settings read and two index queries (Open,
/// AwaitingDecision), plus one RFC read per RFC listed — proportional to the open RFCs, not to the history.
/// </summary>
internal sealed class ReminderScheduler(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<NotificationOptions> options,
    NotificationDeliveryService delivery,
    ILogger<ReminderScheduler> logger) : PeriodicWorker(clock)
{
    protected override TimeSpan Interval => options.Value.ReminderScanInterval;

    protected override bool Enabled => options.Value.Reminders;

    /// <summary>One scan; returns how many new reminders it enqueued.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var services = scope.ServiceProvider;
        var conversations = services.GetRequiredService<IConversationStore>();
        var enqueued = 0;
        foreach (var team in await conversations.ListTeamsAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                enqueued += await ScanTeamAsync(services, team.Team, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // One team's broken settings or index must not hold up every other team's reminders.
                Log.ReminderTeamSkipped(logger, ex, team.Team.Value);
            }
        }

        if (enqueued > 0)
        {
            delivery.Nudge();
        }

        return enqueued;
    }

    protected override void RoundFailed(Exception exception) => Log.ReminderScanFailed(logger, exception);

    private async Task<int> ScanTeamAsync(IServiceProvider services, TeamId team, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IRfcStore>();
        var outbox = services.GetRequiredService<INotificationOutbox>();
        TeamSettings? settings = null;
        var enqueued = 0;
        foreach (var state in new[] { RfcState.Open, RfcState.AwaitingDecision })
        {
            foreach (var summary in await store.ListAsync(team, state, cancellationToken).ConfigureAwait(false))
            {
                if (await store.FindAsync(summary.Id, cancellationToken).ConfigureAwait(false) is not { } rfc)
                {
                    continue;
                }

                settings ??= await services.GetRequiredService<ITeamSettingsStore>().GetAsync(team, cancellationToken).ConfigureAwait(false);
                var now = Clock.GetUtcNow();
                IReadOnlyList<ReminderDue> due = ResponsePolicy.DeciderReminder(rfc, settings, now) is { } decider
                    ? [decider]
                    : ResponsePolicy.ReviewerReminders(rfc, settings, now);
                foreach (var reminder in due)
                {
                    if (await outbox.EnqueueAsync(ReminderData.For(rfc, reminder, settings.ToWorkingTime(), now), cancellationToken).ConfigureAwait(false))
                    {
                        enqueued++;
                    }
                }
            }
        }

        return enqueued;
    }
}
