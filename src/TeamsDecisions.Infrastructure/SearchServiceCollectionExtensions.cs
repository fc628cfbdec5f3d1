using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TeamsDecisions.Core.Search;
using TeamsDecisions.Infrastructure.Search;

namespace TeamsDecisions.Infrastructure;

public static class SearchServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDecisionSearch"/>: an in-memory index per instance, rebuilt from Table Storage in the
    /// background and kept fresh by the store's change signal and change log. Needs <c>AddTableStorage()</c>: the store
    /// is what it reads.
    /// </summary>
    public static IServiceCollection AddDecisionSearch(this IServiceCollection services)
    {
        services.AddOptions<SearchOptions>()
            .BindConfiguration(SearchOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DecisionIndex>();
        services.AddSingleton<IDecisionSearch>(sp => sp.GetRequiredService<DecisionIndex>());
        services.AddSingleton<DecisionIndexer>();
        services.AddHostedService(sp => sp.GetRequiredService<DecisionIndexer>());
        return services;
    }
}
