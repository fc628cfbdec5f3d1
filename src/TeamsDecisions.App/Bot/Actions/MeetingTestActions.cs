using TeamsDecisions.Cards.Model;

namespace TeamsDecisions.App.Bot.Actions;

/// <summary>The meeting test's buttons, handled by the meeting-test conversation.</summary>
internal sealed class MeetingTestActions(TeamDirectory directory, MeetingTestHandler meetings) : ICardActionHandler
{
    public async Task<AdaptiveCard> HandleAsync(CardAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        await directory.RememberAsync(action.Turn, cancellationToken).ConfigureAwait(false);
        return await meetings.HandleAsync(action.Turn, action.Verb, action.Data, cancellationToken).ConfigureAwait(false);
    }
}
