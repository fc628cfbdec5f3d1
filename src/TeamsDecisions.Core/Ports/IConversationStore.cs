namespace TeamsDecisions.Core.Ports;

/// <summary>
/// Where a team lives in Teams, kept when the app is installed so the app can post on its own later (window
/// closing, decisions): the tenant, the team's name, the Connector service URL and the General channel.
/// </summary>
public sealed record TeamConversation(TeamId Team, string TenantId, string? TeamName, Uri ServiceUrl, string GeneralChannelId, string? AadGroupId = null);

/// <summary>Team conversation references, and which channel thread carries which RFC.</summary>
public interface IConversationStore
{
    Task SaveTeamAsync(TeamConversation team, CancellationToken cancellationToken);

    Task<TeamConversation?> FindTeamAsync(TeamId team, CancellationToken cancellationToken);

    /// <summary>Every team the app is installed in (one partition: a single query, one row per team).</summary>
    Task<IReadOnlyList<TeamConversation>> ListTeamsAsync(CancellationToken cancellationToken);

    /// <summary>Remembers that the thread rooted at <paramref name="rootMessageId"/> in <paramref name="channelId"/> is <paramref name="rfc"/>'s.</summary>
    Task MapThreadAsync(string channelId, string rootMessageId, RfcId rfc, CancellationToken cancellationToken);

    Task<RfcId?> FindRfcByThreadAsync(string channelId, string rootMessageId, CancellationToken cancellationToken);
}
