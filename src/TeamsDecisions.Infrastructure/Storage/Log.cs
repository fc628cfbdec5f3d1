using Microsoft.Extensions.Logging;

namespace TeamsDecisions.Infrastructure.Storage;

internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Created {Rfc} in team {Team}")]
    public static partial void RfcCreated(ILogger logger, string team, string rfc);

    [LoggerMessage(1002, LogLevel.Debug, "{Rfc} in team {Team} changed under us; re-applying (attempt {Attempt})")]
    public static partial void ConflictRetry(ILogger logger, string team, string rfc, int attempt);

    [LoggerMessage(1003, LogLevel.Warning, "{Rfc} in team {Team} kept changing; gave up after {Attempts} attempts")]
    public static partial void GaveUp(ILogger logger, string team, string rfc, int attempts);

    [LoggerMessage(1004, LogLevel.Information, "Activity {ActivityId} on {Rfc} in team {Team} was already applied; not applying it again")]
    public static partial void Replayed(ILogger logger, string team, string rfc, string activityId);

    [LoggerMessage(1005, LogLevel.Error, "Transaction on {Rfc} in team {Team} failed with {Status} at action {Index}; nothing was written")]
    public static partial void TransactionFailed(ILogger logger, Exception exception, string team, string rfc, int status, int index);

    [LoggerMessage(1006, LogLevel.Warning, "Index for {Rfc} in team {Team} could not be updated; it is brought up to date by the next change")]
    public static partial void IndexStale(ILogger logger, Exception exception, string team, string rfc);

    [LoggerMessage(1007, LogLevel.Information, "Tables ready at {Endpoint}")]
    public static partial void TablesReady(ILogger logger, string endpoint);

    [LoggerMessage(1008, LogLevel.Warning, "Not allowed to create tables; they must exist already (the Bicep creates them)")]
    public static partial void TablesNotCreatable(ILogger logger, Exception exception);

    [LoggerMessage(1009, LogLevel.Error, "Table Storage at {Endpoint} is unreachable at start-up; /healthz reports it until it answers")]
    public static partial void StoreUnreachableAtStart(ILogger logger, Exception exception, string endpoint);

    [LoggerMessage(1010, LogLevel.Error, "Signing in to Table Storage at {Endpoint} failed at start-up; /healthz reports the store until the identity gets a token")]
    public static partial void StoreSignInFailedAtStart(ILogger logger, Exception exception, string endpoint);

    [LoggerMessage(1011, LogLevel.Warning, "Notifications of {Rfc} in team {Team} could not be moved to the outbox yet; the outbox sweep moves them")]
    public static partial void NotificationsNotMoved(ILogger logger, Exception exception, string team, string rfc);
}
