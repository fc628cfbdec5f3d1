using TeamsDecisions.App.Notifications;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Norms;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.App.Bot.Actions;

/// <summary>
/// A 1:1 reminder's own buttons: Snooze 24 h (the same reminder again a day later, within the person's own working
/// hours when known, else the team's) and I'm not the right reviewer (the author is told in the RFC's thread). Both go
/// through the outbox, so what the answer promises is saved before it is said. Respond is the RFC card's refresh
/// (<see cref="RfcActions"/>). The person's working time is normally already known here: the reminder scan looked them
/// up to remind them, and <see cref="IPersonalWorkingTime"/> keeps its answers.
/// </summary>
internal sealed class ReminderActions(
    RfcService service,
    RfcGuard guard,
    ITeamSettingsStore settings,
    INotificationOutbox outbox,
    IPersonalWorkingTime people,
    NotificationDeliveryService delivery,
    TimeProvider clock) : ICardActionHandler
{
    public static readonly TimeSpan SnoozeFor = TimeSpan.FromHours(24);

    public async Task<AdaptiveCard> HandleAsync(CardAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var id = await guard.CheckAsync(action, cancellationToken).ConfigureAwait(false);
        var rfc = await service.FindAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException($"{id.Number} does not exist in this team.");
        var actor = action.Turn.Actor!;
        return action.Verb switch
        {
            CardVerbs.ReminderSnooze => await SnoozeAsync(rfc, actor, cancellationToken).ConfigureAwait(false),
            CardVerbs.ReminderNotMe => await NotMeAsync(rfc, actor, action.Parse<NotMeData>().NotMeNote, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action.Verb, "Not a reminder verb."),
        };
    }

    private async Task<AdaptiveCard> SnoozeAsync(Rfc rfc, UserRef actor, CancellationToken cancellationToken)
    {
        var team = await settings.GetAsync(rfc.Team, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var workingTime = await people.FindAsync(actor, cancellationToken).ConfigureAwait(false) ?? team.ToWorkingTime();
        var at = ResponsePolicy.DeliveryAt(workingTime, now + SnoozeFor);
        var deciding = rfc.Decider.Is(actor) && rfc.StateAt(now) == RfcState.AwaitingDecision;
        var due = new ReminderDue(
            string.Empty,
            actor,
            deciding ? ReminderReason.DecisionDue : ReminderReason.ResponseDue,
            0,
            at,
            deciding ? rfc.Window?.ClosesAt ?? now : ResponsePolicy.ReviewerDueAt(rfc, team) ?? at);

        // When the snooze ends in a later norm period, it is that period's reminder (its id, at the snoozed time), so
        // the scan adds no second one in that period. Otherwise it is a new occasion (to the minute it ends): the
        // person asked to see the reminder again; pressing twice in one minute is one.
        var later = deciding
            ? ResponsePolicy.DeciderReminder(rfc, team, at)
            : ResponsePolicy.ReviewerReminders(rfc, team, at).FirstOrDefault(r => r.Person.Is(actor));
        if (later is not null && await outbox.FindAsync(ReminderData.For(rfc, later, workingTime, now).Id, cancellationToken).ConfigureAwait(false) is null)
        {
            await outbox.EnqueueAsync(ReminderData.For(rfc, later with { RemindAt = at }, workingTime, now), cancellationToken).ConfigureAwait(false);
            return ReminderCards.Snoozed(rfc.Number, at);
        }

        var occasion = $"snooze:{at.UtcDateTime:yyyyMMddHHmm}";
        await outbox.EnqueueAsync(ReminderData.For(rfc, due, workingTime, now, occasion), cancellationToken).ConfigureAwait(false);
        return ReminderCards.Snoozed(rfc.Number, at);
    }

    private async Task<AdaptiveCard> NotMeAsync(Rfc rfc, UserRef actor, string? note, CancellationToken cancellationToken)
    {
        var text = string.IsNullOrWhiteSpace(note) ? null : UserText.Shorten(note.Trim(), ReminderCards.NoteMaxLength);
        if (await outbox.EnqueueAsync(NotRightReviewerData.For(rfc, actor, text, clock.GetUtcNow()), cancellationToken).ConfigureAwait(false))
        {
            delivery.Nudge();
        }

        return ReminderCards.ToldAuthor(rfc.Number, rfc.Author);
    }
}
