using System.Collections.Concurrent;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Norms;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Core.Teams;

namespace TeamsDecisions.App.Bot;

/// <summary>
/// When a required reviewer's response is due, for their own view of the card. The team's settings are read at most
/// once a minute per team: the due time is shown, not enforced, and a vote should not cost a second table read.
/// </summary>
internal sealed class TeamNorms(ITeamSettingsStore settings, TimeProvider clock, ILogger<TeamNorms> logger)
{
    /// <summary>How long a team's settings are reused for display; a change shows on cards within this.</summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<TeamId, (TeamSettings Settings, DateTimeOffset Expires)> cache = new();

    /// <summary>The due time when <paramref name="viewer"/> is a required reviewer who has not responded to the open RFC; otherwise null.</summary>
    public async Task<ResponseDue?> DueForAsync(Rfc rfc, UserRef viewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rfc);
        ArgumentNullException.ThrowIfNull(viewer);
        var now = clock.GetUtcNow();
        if (rfc.StateAt(now) != RfcState.Open || !rfc.NotYetResponded.Any(r => r.Is(viewer)))
        {
            return null;
        }

        try
        {
            var team = await SettingsAsync(rfc.Team, now, cancellationToken).ConfigureAwait(false);
            return ResponsePolicy.ReviewerDueAt(rfc, team) is { } at ? new ResponseDue(at, rfc.Kind, team.ResponseNorm(rfc.Kind)) : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Display only: the card still says when comments close.
            Log.NormsUnavailable(logger, ex, rfc.Team.Value);
            return null;
        }
    }

    private async Task<TeamSettings> SettingsAsync(TeamId team, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(team, out var cached) && cached.Expires > now)
        {
            return cached.Settings;
        }

        var fresh = await settings.GetAsync(team, cancellationToken).ConfigureAwait(false);
        cache[team] = (fresh, now + CacheDuration);
        return fresh;
    }
}
