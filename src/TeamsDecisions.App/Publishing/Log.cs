namespace TeamsDecisions.App.Publishing;

internal static partial class Log
{
    [LoggerMessage(5001, LogLevel.Information, "Published {Decision} of team {Team} at {Url}")]
    public static partial void DecisionPublished(ILogger logger, string decision, string team, string url);

    [LoggerMessage(5002, LogLevel.Warning, "Publishing {Decision} of team {Team} failed (attempt {Attempt}); next attempt at {NextAttempt}")]
    public static partial void DecisionPublishFailed(ILogger logger, Exception exception, string decision, string team, int attempt, DateTimeOffset nextAttempt);

    [LoggerMessage(5003, LogLevel.Error, "A publishing round failed; retrying next round")]
    public static partial void PublishingRoundFailed(ILogger logger, Exception exception);
}
