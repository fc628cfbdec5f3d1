namespace TeamsDecisions.Core.Ports;

/// <summary>
/// A person's Teams activity feed. A post is not idempotent (Graph has no key for it), so the notification outbox
/// calls it at most once per successful row. Throttling is <see cref="RetryLaterException"/> (with Graph's Retry-After
/// and status); a refusal or failure is <see cref="DependencyFailedException"/>.
/// </summary>
public interface IActivityFeed
{
    Task NotifyAsync(ActivityFeedNotice notice, CancellationToken cancellationToken);
}

/// <summary>
/// One activity feed entry for the user <paramref name="UserId"/> (Entra object id): <paramref name="ActivityType"/>
/// is declared in the app manifest with a template whose parameters are <paramref name="TemplateParameters"/>;
/// <paramref name="Topic"/> is the text shown as its location and <paramref name="WebUrl"/> the Teams link it opens.
/// </summary>
public sealed record ActivityFeedNotice(
    string UserId,
    string ActivityType,
    string Topic,
    Uri WebUrl,
    string PreviewText,
    IReadOnlyDictionary<string, string> TemplateParameters);
