using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Teams.Activities;

namespace TeamsDecisions.App.Bot;

/// <summary>What a handler needs from one inbound activity, read once: who acts, where, and how to answer.</summary>
internal sealed record TurnContext(Activity Activity, Uri ServiceUrl, UserRef? Actor, string? TenantId, TeamId? Team, string? TeamName, string ConversationId)
{
    /// <summary>The bot's own account id in this conversation (the recipient of inbound activities).</summary>
    public string? BotId => Activity.Recipient?.Id;

    /// <summary>The channel a channel activity came from (a thread's conversation id without ";messageid=").</summary>
    public string? ChannelId => Activity.ChannelData?.Channel?.Id ?? (Activity.Conversation?.ConversationType == "channel" ? ConversationIds.Channel(ConversationId) : null);

    public bool IsPersonal => Activity.Conversation?.ConversationType == "personal";

    public CommandContext Command => new(Actor!, Activity.Id);

    /// <summary>
    /// Reads the activity. Identity is the Entra object id of <c>from</c>, set by Teams on the authenticated activity;
    /// nothing in a card can change it. In a channel the team is channelData.team; in a group chat the chat itself
    /// owns its RFCs; a personal chat has no team.
    /// </summary>
    public static TurnContext From(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var actor = string.IsNullOrWhiteSpace(activity.From?.AadObjectId) ? null : new UserRef(activity.From.AadObjectId, activity.From.Name ?? activity.From.AadObjectId);
        var conversation = activity.Conversation?.Id ?? string.Empty;
        TeamId? team = activity.ChannelData?.Team?.Id is { Length: > 0 } teamId
            ? new TeamId(teamId)
            : activity.Conversation?.ConversationType == "groupChat" && conversation.Length > 0 ? new TeamId(conversation) : null;
        return new TurnContext(
            activity,
            new Uri(activity.ServiceUrl!),
            actor,
            activity.Conversation?.TenantId ?? activity.ChannelData?.Tenant?.Id,
            team,
            activity.ChannelData?.Team?.Name ?? activity.Conversation?.Name,
            conversation);
    }
}
