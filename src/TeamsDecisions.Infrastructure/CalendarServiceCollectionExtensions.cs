using Microsoft.Extensions.DependencyInjection;
using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Infrastructure.Graph;

namespace TeamsDecisions.Infrastructure;

public static class CalendarServiceCollectionExtensions
{
    /// <summary>The calendar reader (Microsoft Graph, the identity configured under SharePoint:*) and its options.</summary>
    public static IServiceCollection AddCalendars(this IServiceCollection services)
    {
        services.AddOptions<CalendarOptions>().BindConfiguration(CalendarOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ICalendarReader, GraphCalendarReader>();
        return services;
    }
}
