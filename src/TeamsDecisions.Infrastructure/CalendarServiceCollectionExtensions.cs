using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Infrastructure.Graph;

namespace TeamsDecisions.Infrastructure;

public static class CalendarServiceCollectionExtensions
{
    /// <summary>
    /// The calendar reader (Microsoft Graph, the client of <see cref="GraphServiceCollectionExtensions.AddGraph"/>) and
    /// its options. Needs no SharePoint: only Graph:* once Calendar:Enabled is true.
    /// </summary>
    public static IServiceCollection AddCalendars(this IServiceCollection services)
    {
        services.AddOptions<CalendarOptions>()
            .BindConfiguration(CalendarOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate<IOptions<GraphOptions>>(
                (calendar, graph) => !calendar.Enabled || graph.Value.HasIdentity,
                GraphOptions.IdentityRequiredBy("Calendar:Enabled=true (meeting prompts from calendars)"))
            .ValidateOnStart();
        services.AddSingleton<ICalendarReader, GraphCalendarReader>();
        return services;
    }
}
