namespace TeamsDecisions.Core.Meetings;

/// <summary>Reads recurring meetings from calendars (Microsoft Graph in Azure).</summary>
public interface ICalendarReader
{
    /// <summary>
    /// The recurring series the user organises with occurrences in [windowStart, windowEnd): all-day, cancelled and private events
    /// are left out; each attendee comes with their mailbox time zone where it can be read.
    /// </summary>
    Task<IReadOnlyList<RecurringSeries>> RecurringSeriesAsync(string userId, DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken);
}

/// <summary>Where the bot can write to someone personally: their 1:1 chat with the bot.</summary>
public sealed record PersonalConversation(string UserId, string TeamsUserId, string ConversationId, Uri ServiceUrl, string TenantId, string? DisplayName);

/// <summary>Who opted in to meeting prompts, and what each was already asked about.</summary>
public interface IMeetingPromptStore
{
    Task OptInAsync(PersonalConversation conversation, CancellationToken cancellationToken);

    Task OptOutAsync(string userId, CancellationToken cancellationToken);

    Task<IReadOnlyList<PersonalConversation>> OptedInAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The personal conversation of someone who talked to the bot in 1:1 (opted in or not); null for someone who
    /// said "stop checking my meetings" since, so an admin's list never overrides their opt-out.
    /// </summary>
    Task<PersonalConversation?> FindConversationAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Remembers the personal conversation without opting in (for admin-configured users).</summary>
    Task RememberConversationAsync(PersonalConversation conversation, CancellationToken cancellationToken);

    /// <summary>Claims a person's scan for one instance (several instances must not prompt twice); false if another holds it.</summary>
    Task<bool> TryClaimPersonAsync(string userId, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);

    Task<MeetingPromptState> GetStateAsync(string userId, string seriesId, CancellationToken cancellationToken);

    Task SaveStateAsync(string userId, MeetingPromptState state, CancellationToken cancellationToken);
}
