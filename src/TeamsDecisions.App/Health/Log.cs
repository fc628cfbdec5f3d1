using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TeamsDecisions.App.Health;

internal static partial class Log
{
    [LoggerMessage(6001, LogLevel.Warning, "Health check {Check} is {Status}: {Description} ({Data})")]
    public static partial void CheckNotHealthy(ILogger logger, Exception? exception, string check, HealthStatus status, string description, string data);
}
