using Microsoft.Extensions.Logging;

namespace TeamsDecisions.Infrastructure.Search;

internal static partial class Log
{
    [LoggerMessage(8001, LogLevel.Information, "Decision index rebuilt from the store: {Count} decisions and open RFCs")]
    public static partial void Rebuilt(ILogger logger, int count);

    [LoggerMessage(8002, LogLevel.Warning, "Decision index could not read the store; it tries again with the next change or round")]
    public static partial void IndexReadFailed(ILogger logger, Exception exception);
}
