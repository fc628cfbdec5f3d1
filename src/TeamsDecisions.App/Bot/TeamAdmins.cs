using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using TeamsDecisions.Core;
using TeamsDecisions.Teams.Connector;

namespace TeamsDecisions.App.Bot;

/// <summary>People who may change every team's settings, whatever their role in the team (the "Teams" section).</summary>
public sealed class TeamAdminsOptions : IValidatableObject
{
    public const string SectionName = "Teams";

    /// <summary>Entra object ids (GUIDs) of people allowed to change settings in every team.</summary>
    public IList<string> Admins { get; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Admins.Count; i++)
        {
            if (!Guid.TryParse(Admins[i], out _))
            {
                yield return new ValidationResult(
                    $"Teams:Admins:{i} (\"{Admins[i]}\") is not an Entra object id; list each admin by their object id (a GUID), not a name or e-mail.",
                    [nameof(Admins)]);
            }
        }
    }
}

/// <summary>Why someone may or may not change a team's settings.</summary>
public enum SettingsAccessReason
{
    /// <summary>Listed in Teams:Admins.</summary>
    ListedAdmin,

    /// <summary>The team's roster says they own the team.</summary>
    TeamOwner,

    /// <summary>A member, guest or anyone else the roster does not list as an owner.</summary>
    NotOwner,

    /// <summary>Teams could not be asked who owns the team; nothing is decided.</summary>
    RosterUnavailable,
}

/// <summary>The answer to "may this person change this team's settings?", with a sentence to show them.</summary>
public sealed record SettingsAccess(bool CanChange, SettingsAccessReason Reason, string Explanation);

/// <summary>
/// Who may change a team's settings: the people in Teams:Admins, and the team's owners by the roster's userRole.
/// The roster (GET /v3/conversations/{team}/pagedmembers) is read once per team and reused for
/// <see cref="RosterCacheDuration"/>. Teams does not document the userRole values; "owner" is
/// trusted when it is sent, and where a tenant's roster never says it, Teams:Admins is the way to name who decides.
/// </summary>
internal sealed class TeamAdmins(IConnectorClient connector, TeamRosterCache cache, IOptions<TeamAdminsOptions> options, TimeProvider clock, ILogger<TeamAdmins> logger)
{
    /// <summary>
    /// How long a team's roster is reused: a settings card opened and saved reads it once, and an owner who was just
    /// made (or unmade) one waits at most this long.
    /// </summary>
    public static readonly TimeSpan RosterCacheDuration = TimeSpan.FromMinutes(5);

    /// <summary>Whether the person acting in <paramref name="turn"/> may change the settings of the team it came from.</summary>
    public Task<SettingsAccess> CanChangeSettingsAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (turn.Actor is not { } actor || turn.Team is not { } team)
        {
            return Task.FromResult(new SettingsAccess(false, SettingsAccessReason.NotOwner, "Settings belong to a team: open them from one of the team's channels."));
        }

        return CanChangeSettingsAsync(team, turn.ServiceUrl, actor, cancellationToken);
    }

    /// <summary>Whether <paramref name="user"/> may change the settings of <paramref name="team"/> (whose roster is at <paramref name="serviceUrl"/>).</summary>
    public async Task<SettingsAccess> CanChangeSettingsAsync(TeamId team, Uri serviceUrl, UserRef user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        ArgumentNullException.ThrowIfNull(user);
        if (options.Value.Admins.Any(a => string.Equals(a.Trim(), user.Id, StringComparison.OrdinalIgnoreCase)))
        {
            return new SettingsAccess(true, SettingsAccessReason.ListedAdmin, "You are a TeamsDecisions admin (Teams:Admins).");
        }

        IReadOnlyDictionary<string, string?> roles;
        try
        {
            roles = await RolesAsync(team, serviceUrl, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorException ex)
        {
            Log.RosterUnavailable(logger, ex, team.Value);
            return new SettingsAccess(false, SettingsAccessReason.RosterUnavailable,
                "Teams could not be reached to check who owns this team, so the settings are read-only for now. Try again in a minute.");
        }

        return roles.TryGetValue(user.Id, out var role) && string.Equals(role, TeamsUserRoles.Owner, StringComparison.OrdinalIgnoreCase)
            ? new SettingsAccess(true, SettingsAccessReason.TeamOwner, "You own this team.")
            : new SettingsAccess(false, SettingsAccessReason.NotOwner,
                "Only the team's owners and TeamsDecisions admins can change these settings; ask an owner of this team.");
    }

    /// <summary>
    /// Whether <paramref name="userId"/> (an Entra object id) is on the team's roster, owner, member or guest; from the
    /// same cached roster as the owners. Throws <see cref="ConnectorException"/> when Teams cannot be asked.
    /// </summary>
    public async Task<bool> IsMemberAsync(TeamId team, Uri serviceUrl, string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var roles = await RolesAsync(team, serviceUrl, cancellationToken).ConfigureAwait(false);
        return roles.ContainsKey(userId);
    }

    /// <summary>Entra object id → userRole for the team, from the cache while it is fresh.</summary>
    private async Task<IReadOnlyDictionary<string, string?>> RolesAsync(TeamId team, Uri serviceUrl, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (cache.TryGet(team, now, out var cached))
        {
            return cached;
        }

        var members = await connector.GetAllMembersAsync(serviceUrl, team.Value, cancellationToken).ConfigureAwait(false);
        var roles = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in members)
        {
            if (member.EntraId is { Length: > 0 } id)
            {
                roles[id] = member.UserRole;
            }
        }

        cache.Set(team, roles, now + RosterCacheDuration);
        return roles;
    }
}

/// <summary>Each team's roster roles, shared across requests until they expire. Failures are not cached: the next ask tries again.</summary>
internal sealed class TeamRosterCache
{
    private readonly ConcurrentDictionary<TeamId, Entry> entries = new();

    public bool TryGet(TeamId team, DateTimeOffset now, out IReadOnlyDictionary<string, string?> roles)
    {
        if (entries.TryGetValue(team, out var entry) && entry.Expires > now)
        {
            roles = entry.Roles;
            return true;
        }

        roles = new Dictionary<string, string?>();
        return false;
    }

    public void Set(TeamId team, IReadOnlyDictionary<string, string?> roles, DateTimeOffset expires) => entries[team] = new Entry(roles, expires);

    private sealed record Entry(IReadOnlyDictionary<string, string?> Roles, DateTimeOffset Expires);
}

internal static class TeamAdminsServiceCollectionExtensions
{
    /// <summary>Who may change team settings: Teams:Admins (validated at start) and the team's owners.</summary>
    public static IServiceCollection AddTeamAdmins(this IServiceCollection services)
    {
        services.AddOptions<TeamAdminsOptions>().BindConfiguration(TeamAdminsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TeamRosterCache>();
        services.AddScoped<TeamAdmins>();
        services.AddScoped<MemberTeams>();
        return services;
    }
}
