using Microsoft.Extensions.Logging;

namespace TeamsDecisions.Infrastructure.Graph;

internal static partial class Log
{
    [LoggerMessage(4101, LogLevel.Warning, "Could not read the mailbox working hours of {Person} from Microsoft Graph; their reminders keep to the team's hours for now")]
    public static partial void WorkingHoursUnavailable(ILogger logger, Exception exception, string person);

    [LoggerMessage(4102, LogLevel.Debug, "Microsoft Graph refused the mailbox settings of {Person} ({Status}); their reminders keep to the team's hours")]
    public static partial void WorkingHoursRefused(ILogger logger, string person, int? status);

    [LoggerMessage(4103, LogLevel.Debug, "The mailbox of {Person} names no time zone this system knows ({TimeZone}); their reminders keep to the team's hours")]
    public static partial void UnknownTimeZone(ILogger logger, string person, string? timeZone);
}
