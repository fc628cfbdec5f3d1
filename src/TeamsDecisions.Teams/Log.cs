using Microsoft.Extensions.Logging;

namespace TeamsDecisions.Teams;

internal static partial class Log
{
    [LoggerMessage(2001, LogLevel.Warning, "Bot Connector token refused ({Kind}): {Detail}")]
    public static partial void TokenRefused(ILogger logger, string kind, string detail);

    [LoggerMessage(2002, LogLevel.Warning, "Refused {Status} for an activity on /api/messages: {Reason}")]
    public static partial void RequestRefused(ILogger logger, int status, string reason);

    [LoggerMessage(2003, LogLevel.Warning, "LOCAL MODE: Bot:AppId is not set, so /api/messages accepts UNAUTHENTICATED activities from loopback addresses only. Never run like this outside a developer machine.")]
    public static partial void LocalMode(ILogger logger);

    [LoggerMessage(2004, LogLevel.Warning, "Connector call {Method} {Path} answered {Status}")]
    public static partial void ConnectorFailed(ILogger logger, string method, string path, int status);
}
