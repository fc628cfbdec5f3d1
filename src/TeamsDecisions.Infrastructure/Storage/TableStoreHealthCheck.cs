using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>
/// /healthz for the store: Healthy when every table answers; Degraded (the app itself is alive, so the platform must
/// not recycle it) while the store is unreachable or a table is missing — a missing table is created again here, so
/// the check turns Healthy by itself. Reports which store and how the app signs in, never a secret.
/// </summary>
internal sealed class TableStoreHealthCheck(TableStorageContext tables, IOptions<StorageOptions> options) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = Describe(options.Value);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var missing = new List<string>();
            foreach (var name in tables.Keys.AllTables)
            {
                if (!await AnswersAsync(tables.Probe.GetTableClient(name), timeout.Token).ConfigureAwait(false))
                {
                    missing.Add(name);
                }
            }

            if (missing.Count == 0)
            {
                return HealthCheckResult.Healthy("Table Storage answered.", data);
            }

            foreach (var name in missing)
            {
                await tables.RecoverTableAsync(name, timeout.Token).ConfigureAwait(false);
            }

            return HealthCheckResult.Degraded($"Table Storage answered, but these tables were missing and have been created again: {string.Join(", ", missing)}.", data: data);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Degraded($"Table Storage did not answer within {Timeout.TotalSeconds:0} s.", data: data);
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException or HttpRequestException or Azure.Identity.AuthenticationFailedException or Azure.Identity.CredentialUnavailableException)
        {
            return HealthCheckResult.Degraded($"Table Storage is unreachable: {ex.GetType().Name}.", data: data);
        }
    }

    /// <summary>The cheapest query the app's own permissions allow (entity data, not account settings); false when the table is missing.</summary>
    private static async Task<bool> AnswersAsync(TableClient table, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var _ in table.QueryAsync<TableEntity>("PartitionKey eq '~probe'", maxPerPage: 1, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                break;
            }

            return true;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == TableRecovery.TableNotFound || ex.Status == 404)
        {
            return false;
        }
    }

    private static Dictionary<string, object> Describe(StorageOptions options)
    {
        if (options.TableServiceUri is { } uri)
        {
            return new() { ["endpoint"] = uri.GetLeftPart(UriPartial.Path), ["auth"] = TableStorageContext.DescribeSignIn(options) };
        }

        var endpoint = options.ConnectionString?.Split(';').Select(p => p.Split('=', 2)).FirstOrDefault(p => p.Length == 2 && p[0].Equals("TableEndpoint", StringComparison.OrdinalIgnoreCase))?[1];
        return new() { ["endpoint"] = endpoint ?? "(account from connection string)", ["auth"] = "connection string" };
    }
}
