using Azure.Identity;
using Azure.Monitor.OpenTelemetry.AspNetCore;

namespace TeamsDecisions.App;

/// <summary>How the app signs in to Application Insights, whose local (instrumentation key) auth is off in Azure.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>The user-assigned managed identity that sends telemetry (needs Monitoring Metrics Publisher on the resource); empty: the key in the connection string.</summary>
    public string? ManagedIdentityClientId { get; set; }
}

public static class TelemetryServiceCollectionExtensions
{
    public const string ConnectionStringKey = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// OpenTelemetry traces, metrics and logs to Application Insights, when its connection string is set (in Azure),
    /// signed in as Telemetry:ManagedIdentityClientId when set: the Bicep disables local auth, so a key alone is refused.
    /// </summary>
    public static IServiceCollection AddDecisionsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.IsNullOrWhiteSpace(configuration[ConnectionStringKey]))
        {
            return services;
        }

        var clientId = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>()?.ManagedIdentityClientId;
        services.AddOpenTelemetry().UseAzureMonitor(options =>
        {
            if (!string.IsNullOrWhiteSpace(clientId))
            {
                options.Credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
            }
        });
        return services;
    }
}
