using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Core.Ports;

/// <summary>Where a decision's page stands.</summary>
public enum PublicationStatus
{
    Pending,
    Published,
    Failing,
}

/// <summary>
/// The outbox entry of a decision: written in the same transaction as the decision record (and again when the
/// decision is superseded), worked off by the publisher until the page is published.
/// </summary>
public sealed record Publication(
    RfcId Rfc,
    DecisionNumber Decision,
    PublicationStatus Status,
    Uri? PageUrl,
    Uri? LogUrl,
    int Attempts,
    string? LastError,
    DateTimeOffset NextAttemptAt,
    long RequestedAtSequence);

/// <summary>The publishing outbox in the store.</summary>
public interface IPublicationOutbox
{
    Task<Publication?> FindAsync(RfcId rfc, CancellationToken cancellationToken);

    /// <summary>Entries not yet published whose next attempt is due, oldest first.</summary>
    Task<IReadOnlyList<Publication>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>Claims an entry with its ETag, so that of several instances only one publishes it at a time.</summary>
    Task<bool> TryClaimAsync(RfcId rfc, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Published: unless the decision changed again since <paramref name="sequence"/> (then it stays pending).</summary>
    Task MarkPublishedAsync(RfcId rfc, long sequence, Uri pageUrl, Uri? logUrl, CancellationToken cancellationToken);

    Task MarkFailedAsync(RfcId rfc, string reason, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken);

    /// <summary>
    /// Leases a team's publishing to one instance at a time: decisions of one team share the team's log page, which two
    /// instances must not create or rewrite at the same moment. False when another owner holds an unexpired lease.
    /// </summary>
    Task<bool> TryLeaseTeamAsync(TeamId team, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);

    Task ReleaseTeamAsync(TeamId team, string owner, CancellationToken cancellationToken);

    /// <summary>Finds outbox entries whose index row was lost (a crash after the commit) and indexes them again.</summary>
    Task<int> SweepAsync(CancellationToken cancellationToken);
}

/// <summary>Publishes decision pages and the team's decision log page somewhere people read them.</summary>
public interface IDecisionPublisher
{
    /// <summary>
    /// Creates or updates the decision's page and the log page, and publishes both. Must be idempotent: a page with the
    /// same name is found and reused, so a crash between steps never makes two pages.
    /// </summary>
    Task<PublishedPages> PublishAsync(DecisionRecord decision, IReadOnlyList<DecisionLogEntry> log, string teamName, CancellationToken cancellationToken);

    /// <summary>Where decision pages go, in words for the people who will read them ("your SharePoint site").</summary>
    string Where { get; }
}

public sealed record PublishedPages(Uri Page, Uri? Log);

/// <summary>A Graph call that was throttled or refused for now, with when to try again (Graph's Retry-After).</summary>
public sealed class RetryLaterException : Exception
{
    public RetryLaterException()
    {
    }

    public RetryLaterException(string message)
        : base(message)
    {
    }

    public RetryLaterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RetryLaterException(string message, TimeSpan retryAfter, Exception? innerException = null)
        : base(message, innerException)
    {
        RetryAfter = retryAfter;
    }

    public TimeSpan? RetryAfter { get; }

    /// <summary>The HTTP status that asked for the wait (429 throttled, 503 unavailable…), when there was one.</summary>
    public int? Status { get; init; }
}
