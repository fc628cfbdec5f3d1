using Microsoft.Extensions.DependencyInjection;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Infrastructure.Graph;

namespace TeamsDecisions.Infrastructure;

public static class ActivityFeedServiceCollectionExtensions
{
    /// <summary>
    /// The Teams activity feed (Microsoft Graph, the client of <see cref="GraphServiceCollectionExtensions.AddGraph"/>).
    /// Resolved only when a feed entry is delivered, so an app that never sends one needs no Graph identity; the
    /// feature that sends them checks at start-up that Graph:* has one.
    /// </summary>
    public static IServiceCollection AddActivityFeed(this IServiceCollection services)
    {
        services.AddSingleton<IActivityFeed, GraphActivityFeed>();
        return services;
    }
}
