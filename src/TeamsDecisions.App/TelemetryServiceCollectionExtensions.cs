using Azure.Monitor.OpenTelemetry.AspNetCore;

namespace TeamsDecisions.App;

public static class TelemetryServiceCollectionExtensions
{
    public const string ConnectionStringKey = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>OpenTelemetry traces, metrics and logs to Application Insights, when its connection string is set (in Azure).</summary>
    public static IServiceCollection AddDecisionsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration[ConnectionStringKey]))
        {
            services.AddOpenTelemetry().UseAzureMonitor();
        }

        return services;
    }
}
