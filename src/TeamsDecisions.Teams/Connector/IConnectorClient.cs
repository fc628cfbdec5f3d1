using TeamsDecisions.Teams.Activities;

namespace TeamsDecisions.Teams.Connector;

/// <summary>The Bot Connector REST API, against the service URL an authenticated activity gave us.</summary>
public interface IConnectorClient
{
    /// <summary>POST v3/conversations/{id}/activities; returns the new activity's id.</summary>
    Task<string?> SendAsync(Uri serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken);

    /// <summary>PUT v3/conversations/{id}/activities/{activityId}: replaces a message the bot sent.</summary>
    Task UpdateAsync(Uri serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken);

    /// <summary>POST v3/conversations: a new channel thread (proactive post) or a 1:1 chat.</summary>
    Task<ConversationResourceResponse> CreateConversationAsync(Uri serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken);

    /// <summary>GET v3/conversations/{id}/members/{memberId} (Teams id, UPN or Entra object id); null when not a member.</summary>
    Task<TeamsMember?> GetMemberAsync(Uri serviceUrl, string conversationId, string memberId, CancellationToken cancellationToken);

    /// <summary>GET v3/conversations/{id}/members: everyone in the conversation (for small teams and chats).</summary>
    Task<IReadOnlyList<TeamsMember>> GetMembersAsync(Uri serviceUrl, string conversationId, CancellationToken cancellationToken);

    /// <summary>
    /// GET v3/conversations/{id}/pagedmembers, every page: the roster with each member's userRole. Teams says the
    /// non-paged list is unreliable in large teams; page sizes are clamped to 50–500.
    /// </summary>
    Task<IReadOnlyList<TeamsMember>> GetAllMembersAsync(Uri serviceUrl, string conversationId, CancellationToken cancellationToken);

    /// <summary>GET v3/teams/{teamId}/conversations: the team's channels.</summary>
    Task<IReadOnlyList<TeamChannel>> GetChannelsAsync(Uri serviceUrl, string teamId, CancellationToken cancellationToken);
}
