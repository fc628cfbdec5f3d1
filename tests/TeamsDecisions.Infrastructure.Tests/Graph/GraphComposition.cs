using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace TeamsDecisions.Infrastructure.Tests.Graph;

/// <summary>Graph, decision pages, calendars and personal working time registered as the app registers them, from the given settings only.</summary>
internal static class GraphComposition
{
    public static ServiceCollection Services(IDictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddGraph();
        services.AddDecisionPublishing();
        services.AddCalendars();
        services.AddPersonalWorkingTime();
        return services;
    }

    public static ServiceProvider Provider(IDictionary<string, string?> settings) =>
        Services(settings).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

    /// <summary>"Graph:ClientId=abc|Graph:TenantId=def" as settings; empty for none.</summary>
    public static Dictionary<string, string?> Parse(string settings) =>
        settings.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split('=', 2)).ToDictionary(kv => kv[0], kv => (string?)kv[1]);
}
