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

    /// <summary>
    /// The 1:1 reminder of <paramref name="due"/>, held until <paramref name="workingTime"/> is working: the person's
    /// own (their mailbox's zone and hours) when known, else the team's.
    /// </summary>
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
/// the person's own working hours in their own time zone (<see cref="IPersonalWorkingTime"/>: Graph mailboxSettings),
/// else the team's; when a reminder is due is still counted on the team's calendar, as the norm is the team's.
/// Cost per round: one query for the teams, then per team one settings read and two index queries (Open,
/// AwaitingDecision), plus one RFC read per RFC listed — proportional to the open RFCs, not to the history — and one
/// working-time look-up per person due a reminder, once per round (the look-up keeps answers across rounds).
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
        var people = new PeopleThisRound(services.GetRequiredService<IPersonalWorkingTime>());
        var enqueued = 0;
        foreach (var team in await conversations.ListTeamsAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                enqueued += await ScanTeamAsync(services, people, team.Team, cancellationToken).ConfigureAwait(false);
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

    private async Task<int> ScanTeamAsync(IServiceProvider services, PeopleThisRound people, TeamId team, CancellationToken cancellationToken)
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
                    var workingTime = await people.WorkingTimeAsync(reminder.Person, cancellationToken).ConfigureAwait(false) ?? settings.ToWorkingTime();
                    if (await outbox.EnqueueAsync(ReminderData.For(rfc, reminder, workingTime, now), cancellationToken).ConfigureAwait(false))
                    {
                        enqueued++;
                    }
                }
            }
        }

        return enqueued;
    }

    /// <summary>Each person's own working time, looked up once per round however many RFCs and teams they review in.</summary>
    private sealed class PeopleThisRound(IPersonalWorkingTime source)
    {
        private readonly Dictionary<UserRef, WorkingTime?> known = [];

        public async Task<WorkingTime?> WorkingTimeAsync(UserRef person, CancellationToken cancellationToken)
        {
            if (!known.TryGetValue(person, out var workingTime))
            {
                workingTime = await source.FindAsync(person, cancellationToken).ConfigureAwait(false);
                known[person] = workingTime;
            }

            return workingTime;
        }
    }
}
