using Microsoft.Extensions.DependencyInjection.Extensions;
using TeamsDecisions.Core.Application;

namespace TeamsDecisions.App;

public static class DecisionsCoreServiceCollectionExtensions
{
    /// <summary>The domain's use cases and the clock they read.</summary>
    public static IServiceCollection AddDecisionsCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RfcService>();
        return services;
    }
}
