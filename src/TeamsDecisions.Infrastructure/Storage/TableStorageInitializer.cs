using Azure;
using Azure.Identity;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>Creates the tables at start-up, before the app takes requests.</summary>
internal sealed class TableStorageInitializer(TableStorageContext tables, ILogger<TableStorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await tables.EnsureTablesAsync(cancellationToken).ConfigureAwait(false);
            Log.TablesReady(logger, tables.Service.Uri.GetLeftPart(UriPartial.Path));
        }
        catch (RequestFailedException ex) when (ex.Status == 403)
        {
            // With only data-plane rights the tables must come from infrastructure (the Bicep creates them).
            Log.TablesNotCreatable(logger, ex);
        }
        catch (Exception ex) when (ex is AuthenticationFailedException or CredentialUnavailableException)
        {
            // The identity got no token (not yet assigned, wrong client id, the platform's endpoint down): the host
            // must still start, so that /healthz can say so; every store call fails the same way until it works.
            Log.StoreSignInFailedAtStart(logger, ex, tables.Service.Uri.GetLeftPart(UriPartial.Path));
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException or HttpRequestException)
        {
            // Start anyway: /healthz reports the store as unreachable and the app recovers when it comes back.
            Log.StoreUnreachableAtStart(logger, ex, tables.Service.Uri.GetLeftPart(UriPartial.Path));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
