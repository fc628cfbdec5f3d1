using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Infrastructure.Storage;

namespace TeamsDecisions.App.Health;

/// <summary>Healthy when Table Storage answers a query within the timeout; reports which store and how the app signs in (no secrets).</summary>
internal sealed class StoreHealthCheck(IStoreProbe probe, IOptions<StorageOptions> options) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = Describe(options.Value);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await probe.ProbeAsync(timeout.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy("Table Storage answered.", data);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"Table Storage did not answer within {Timeout.TotalSeconds:0} s.", data: data);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or AggregateException or HttpRequestException or Azure.Identity.AuthenticationFailedException or Azure.Identity.CredentialUnavailableException)
        {
            return HealthCheckResult.Unhealthy($"Table Storage is unreachable: {ex.GetType().Name}.", data: data);
        }
    }

    private static Dictionary<string, object> Describe(StorageOptions options)
    {
        if (options.TableServiceUri is { } uri)
        {
            return new() { ["endpoint"] = uri.GetLeftPart(UriPartial.Path), ["auth"] = "managed identity (DefaultAzureCredential)" };
        }

        var endpoint = options.ConnectionString?.Split(';').Select(p => p.Split('=', 2)).FirstOrDefault(p => p.Length == 2 && p[0].Equals("TableEndpoint", StringComparison.OrdinalIgnoreCase))?[1];
        return new() { ["endpoint"] = endpoint ?? "(account from connection string)", ["auth"] = "connection string" };
    }
}
