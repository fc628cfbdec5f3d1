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

/// <summary>A member as GET /v3/conversations/{id}/members/{member} returns it.</summary>
public sealed record TeamsMember
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? AadObjectId { get; init; }

    public string? ObjectId { get; init; }

    public string? Email { get; init; }

    public string? UserPrincipalName { get; init; }

    /// <summary>The Entra object id, whichever name the service used for it.</summary>
    public string? EntraId => AadObjectId ?? ObjectId;
}

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
