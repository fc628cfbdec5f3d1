using Microsoft.Extensions.DependencyInjection.Extensions;
using TeamsDecisions.Core.Search;

namespace TeamsDecisions.App.Search;

internal static class SearchServiceCollectionExtensions
{
    /// <summary>
    /// Finding decisions in Teams: the why/search commands, the "Find a decision" message extension, link unfurling.
    /// They depend on <see cref="IDecisionSearch"/> only; until an index is registered (AddDecisionSearch), a search
    /// that finds nothing stands in, so the app starts and answers "no decision found".
    /// </summary>
    public static IServiceCollection AddDecisionFinding(this IServiceCollection services)
    {
        services.TryAddSingleton<IDecisionSearch, NoDecisionSearch>();
        services.AddScoped<SearchScopes>();
        services.AddScoped<DecisionFinder>();
        services.AddScoped<FindCommand>();
        services.AddScoped<MessageExtensionHandler>();
        services.AddScoped<RelatedDecisions>();
        return services;
    }
}
