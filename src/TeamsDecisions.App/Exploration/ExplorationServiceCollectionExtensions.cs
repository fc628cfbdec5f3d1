using TeamsDecisions.App.Notifications;
using TeamsDecisions.Infrastructure;

namespace TeamsDecisions.App.Exploration;

public static class ExplorationServiceCollectionExtensions
{
    /// <summary>
    /// The exploration phase: the calendars (Microsoft Graph when Graph:* has an identity, else none, and the explore
    /// command says what to set), its handler and buttons, and the Write the RFC prompt's composer in the outbox.
    /// </summary>
    public static IServiceCollection AddExploration(this IServiceCollection services)
    {
        services.AddCalendarAvailability();
        services.AddScoped<ExplorationHandler>();
        services.AddScoped<ExplorationActions>();
        services.AddSingleton<INotificationComposer, ExplorationEndedComposer>();
        return services;
    }
}
