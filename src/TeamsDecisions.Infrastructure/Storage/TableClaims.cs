using Azure;
using Azure.Data.Tables;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>
/// One way to claim a row for a while: write the owner and the expiry with the row's ETag. Of several instances
/// that read the same row, only one write succeeds (the others get 412); an expired claim can be taken over.
/// </summary>
internal static class TableClaims
{
    public const string By = "ClaimedBy";
    public const string Until = "ClaimedUntil";

    /// <summary>Claims <paramref name="row"/> (as read just before) for <paramref name="owner"/>; false if someone else holds it or won the race.</summary>
    public static async Task<bool> TryClaimAsync(TableClient table, TableEntity row, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        if (row.GetDateTimeOffset(Until) is { } claimedUntil && claimedUntil > now && row.GetString(By) != owner)
        {
            return false;
        }

        row[By] = owner;
        row[Until] = until;
        try
        {
            await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }
}
