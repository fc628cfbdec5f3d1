using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Infrastructure.Graph;

namespace TeamsDecisions.Infrastructure;

public static class ExplorationServiceCollectionExtensions
{
    /// <summary>
    /// Free/busy and meeting creation for the exploration phase: Microsoft Graph (the client of
    /// <see cref="GraphServiceCollectionExtensions.AddGraph"/>, application permission Calendars.ReadWrite) when Graph:*
    /// has an identity, otherwise <see cref="NoCalendarAvailability"/>, and the explore command says what to set.
    /// Needs no switch of its own: a tenant that has not granted the permission gets Graph's 403, told as such.
    /// </summary>
    public static IServiceCollection AddCalendarAvailability(this IServiceCollection services)
    {
        services.AddSingleton<GraphCalendarAvailability>();
        services.AddSingleton<NoCalendarAvailability>();
        services.AddSingleton<ICalendarAvailability>(sp => sp.GetRequiredService<IOptions<GraphOptions>>().Value.HasIdentity
            ? sp.GetRequiredService<GraphCalendarAvailability>()
            : sp.GetRequiredService<NoCalendarAvailability>());
        return services;
    }
}
