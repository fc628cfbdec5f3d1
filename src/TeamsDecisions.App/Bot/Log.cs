namespace TeamsDecisions.App.Bot;

internal static partial class Log
{
    [LoggerMessage(3001, LogLevel.Warning, "Could not list the channels of team {Team}; offering the current channel only")]
    public static partial void ChannelsUnavailable(ILogger logger, Exception exception, string team);

    [LoggerMessage(3002, LogLevel.Warning, "Could not look up member {Member}")]
    public static partial void MemberUnavailable(ILogger logger, Exception exception, string member);

    [LoggerMessage(3003, LogLevel.Information, "{Verb} on {Rfc} refused: {Rule}")]
    public static partial void ActionRefused(ILogger logger, string verb, string rfc, string rule);

    [LoggerMessage(3004, LogLevel.Error, "{Verb} failed unexpectedly")]
    public static partial void ActionFailed(ILogger logger, Exception exception, string verb);

    [LoggerMessage(3005, LogLevel.Warning, "Could not update the channel card of {Rfc}; the next change retries")]
    public static partial void CardUpdateFailed(ILogger logger, Exception exception, string rfc);

    [LoggerMessage(3006, LogLevel.Information, "Posted {Rfc} to channel {Channel} as message {MessageId}")]
    public static partial void RfcPosted(ILogger logger, string rfc, string channel, string messageId);

    [LoggerMessage(3008, LogLevel.Warning, "Closing due comment windows failed; retrying next round")]
    public static partial void WindowCloserFailed(ILogger logger, Exception exception);

    [LoggerMessage(3009, LogLevel.Information, "Installed in team {Team} ({Name})")]
    public static partial void Installed(ILogger logger, string team, string name);

    [LoggerMessage(3010, LogLevel.Warning, "Could not post to {Conversation}")]
    public static partial void PostFailed(ILogger logger, Exception exception, string conversation);

    [LoggerMessage(3011, LogLevel.Information, "Meeting test: async thread posted to {Channel}")]
    public static partial void MeetingThreadPosted(ILogger logger, string channel);

    [LoggerMessage(3012, LogLevel.Information, "Asked {User} about recurring meeting {Series}")]
    public static partial void MeetingPromptSent(ILogger logger, string user, string series);

    [LoggerMessage(3013, LogLevel.Warning, "Could not check the meetings of {User}; trying again next scan")]
    public static partial void MeetingScanFailed(ILogger logger, Exception exception, string user);

    [LoggerMessage(3015, LogLevel.Warning, "Could not read the roster of team {Team} to check who owns it")]
    public static partial void RosterUnavailable(ILogger logger, Exception exception, string team);

    [LoggerMessage(3050, LogLevel.Warning, "{Verb} on {Rfc} ran out of its invoke budget; answered that it was not saved or not confirmed")]
    public static partial void ActionTimedOut(ILogger logger, string verb, string rfc);

    [LoggerMessage(3051, LogLevel.Information, "Channel cards behind their RFC: {Count}; updating them")]
    public static partial void CardsHealed(ILogger logger, int count);

    [LoggerMessage(3052, LogLevel.Warning, "Looking for channel cards that are behind failed; trying again next round")]
    public static partial void CardHealFailed(ILogger logger, Exception exception);

    [LoggerMessage(3053, LogLevel.Error, "A {Type} activity could not be handled; answered 500 without details")]
    public static partial void ActivityFailed(ILogger logger, Exception exception, string type);

    [LoggerMessage(3090, LogLevel.Warning, "The response norms of team {Team} could not be read; the card shows when comments close instead")]
    public static partial void NormsUnavailable(ILogger logger, Exception exception, string team);

    [LoggerMessage(3054, LogLevel.Warning, "Could not read the roster of team {Team}; it is left out of what a person sees across their teams")]
    public static partial void MemberTeamNotChecked(ILogger logger, Exception exception, string team);

    [LoggerMessage(3055, LogLevel.Warning, "Search failed ({Where}); answered without results")]
    public static partial void SearchFailed(ILogger logger, Exception exception, string where);

    [LoggerMessage(3056, LogLevel.Warning, "Exploration slots could not be read from the calendars for team {Team}")]
    public static partial void ExplorationScheduleFailed(ILogger logger, Exception exception, string team);

    [LoggerMessage(3057, LogLevel.Information, "Exploration meeting {EventId} booked for team {Team}; the Write the RFC prompt is due at {Due}")]
    public static partial void ExplorationBooked(ILogger logger, string eventId, string team, DateTimeOffset due);

    [LoggerMessage(3058, LogLevel.Warning, "The exploration meeting for team {Team} could not be booked")]
    public static partial void ExplorationBookingFailed(ILogger logger, Exception exception, string team);
}
