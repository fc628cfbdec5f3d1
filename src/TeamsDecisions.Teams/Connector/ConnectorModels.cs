using TeamsDecisions.Teams.Activities;

namespace TeamsDecisions.Teams.Connector;

/// <summary>POST /v3/conversations: in Teams, a new thread in a channel (IsGroup + channelData.channel).</summary>
public sealed record ConversationParameters(
    bool IsGroup,
    ChannelAccount? Bot,
    string? TenantId,
    TeamsChannelData? ChannelData,
    Activity? Activity,
    IReadOnlyList<ChannelAccount>? Members = null);

public sealed record ConversationResourceResponse(string? Id, string? ActivityId, string? ServiceUrl);

public sealed record ResourceResponse(string? Id);

/// <summary>A member (TeamsChannelAccount) as GET /v3/conversations/{id}/members/{member} and …/pagedmembers return it.</summary>
public sealed record TeamsMember
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? AadObjectId { get; init; }

    public string? ObjectId { get; init; }

    public string? Email { get; init; }

    public string? UserPrincipalName { get; init; }

    public string? TenantId { get; init; }

    /// <summary>The person's role in the team or chat (see <see cref="TeamsUserRoles"/>); null when the Connector sent none.</summary>
    public string? UserRole { get; init; }

    /// <summary>The Entra object id, whichever name the service used for it.</summary>
    public string? EntraId => AadObjectId ?? ObjectId;
}

/// <summary>
/// The values of TeamsChannelAccount.userRole. The Teams docs show "user" and "anonymous" in roster answers
/// (bots/how-to/get-teams-context); the Bot Framework team announced "guest", "owner" and "user" when the field was added
/// (microsoft/botbuilder-dotnet#3405), and the values are still not documented (MicrosoftDocs/msteams-docs#6381,
/// where a guest came back as "user"). So "owner" is trusted when it is sent, and its absence proves nothing.
/// </summary>
public static class TeamsUserRoles
{
    public const string Owner = "owner";
    public const string User = "user";
    public const string Guest = "guest";
    public const string Anonymous = "anonymous";
}

/// <summary>One page of GET /v3/conversations/{id}/pagedmembers; <see cref="ContinuationToken"/> is null on the last page.</summary>
public sealed record TeamsPagedMembers(IReadOnlyList<TeamsMember>? Members, string? ContinuationToken);

/// <summary>A channel of a team, from GET /v3/teams/{teamId}/conversations.</summary>
public sealed record TeamChannel(string? Id, string? Name);

internal sealed record TeamChannelList(IReadOnlyList<TeamChannel>? Conversations);

/// <summary>A Connector call failed after its retries; <see cref="Status"/> is the last HTTP status.</summary>
public sealed class ConnectorException : Exception
{
    public ConnectorException()
    {
    }

    public ConnectorException(string message)
        : base(message)
    {
    }

    public ConnectorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ConnectorException(string message, int status)
        : base(message)
    {
        Status = status;
    }

    public int Status { get; }

    /// <summary>The Retry-After of the last answer (429, 503), when it had one: when the caller may try again.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
