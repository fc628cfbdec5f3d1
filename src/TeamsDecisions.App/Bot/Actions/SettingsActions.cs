using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Teams;

namespace TeamsDecisions.App.Bot.Actions;

/// <summary>
/// The team's settings card: opened by the <c>settings</c> command, saved by its Save button. Who may save is asked of
/// <see cref="TeamAdmins"/> on every save and never read from the card; the team is the one the activity came from.
/// </summary>
internal sealed class SettingsActions(ITeamSettingsStore store, TeamAdmins admins, TimeProvider clock, ILogger<SettingsActions> logger) : ICardActionHandler
{
    /// <summary>The card for the person in <paramref name="turn"/>: a form when they may change the settings, read-only otherwise.</summary>
    public async Task<AdaptiveCard> OpenAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (TeamOf(turn) is not { } team)
        {
            return NotInTeam();
        }

        var access = await admins.CanChangeSettingsAsync(turn, cancellationToken).ConfigureAwait(false);
        return await CardAsync(team, access, null, null, null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<AdaptiveCard> HandleAsync(CardAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var turn = action.Turn;
        if (TeamOf(turn) is not { } team || turn.Actor is not { } actor)
        {
            return NotInTeam();
        }

        var access = await admins.CanChangeSettingsAsync(turn, cancellationToken).ConfigureAwait(false);
        if (!access.CanChange)
        {
            Log.ActionRefused(logger, action.Verb, team.Value, "Settings.NotAllowed");
            return await CardAsync(team, access, null, null, null, cancellationToken).ConfigureAwait(false);
        }

        var typed = action.Parse<SettingsData>();
        var current = await store.GetAsync(team, cancellationToken).ConfigureAwait(false);
        try
        {
            var changed = SettingsCard.Apply(current, typed).Validated();
            await store.SaveAsync(changed, actor, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (DomainRuleException refused)
        {
            Log.ActionRefused(logger, action.Verb, team.Value, refused.Rule);
            return await CardAsync(team, access, typed, refused.Message, null, cancellationToken).ConfigureAwait(false);
        }

        return await CardAsync(team, access, null, null, "Saved.", cancellationToken).ConfigureAwait(false);
    }

    private async Task<AdaptiveCard> CardAsync(TeamId team, SettingsAccess access, SettingsData? typed, string? problem, string? notice, CancellationToken cancellationToken)
    {
        var settings = await store.GetAsync(team, cancellationToken).ConfigureAwait(false);
        var changes = await store.ListChangesAsync(team, SettingsCard.ChangesShown, cancellationToken).ConfigureAwait(false);
        return SettingsCard.Build(settings, new SettingsViewer(access.CanChange, access.Explanation), changes, typed, problem, notice);
    }

    /// <summary>Settings belong to a team: a channel's activity names it; a personal or group chat has none.</summary>
    private static TeamId? TeamOf(TurnContext turn) =>
        turn.Activity.ChannelData?.Team?.Id is { Length: > 0 } ? turn.Team : null;

    private static AdaptiveCard NotInTeam() =>
        MessageCards.Error("Settings belong to a team", "Response norms, working days and hours are set for a whole team, so there are none here.", "Open one of the team's channels and send @TeamsDecisions settings there.", state: SaveState.NothingToSave);
}
