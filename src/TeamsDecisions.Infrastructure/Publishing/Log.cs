using Microsoft.Extensions.Logging;

namespace TeamsDecisions.Infrastructure.Publishing;

internal static partial class Log
{
    [LoggerMessage(4001, LogLevel.Information, "Created SharePoint page {Name} ({Id})")]
    public static partial void PageCreated(ILogger logger, string name, string id);

    [LoggerMessage(4002, LogLevel.Information, "Published SharePoint page {Name}")]
    public static partial void PagePublished(ILogger logger, string name);
}
