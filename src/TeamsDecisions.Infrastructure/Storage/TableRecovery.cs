using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>
/// A missing table (a fresh emulator, a storage account recreated) is not "no such RFC": this policy sees the
/// store's TableNotFound answer on any single-entity call, creates that table once and sends the call again.
/// Entity-group transactions report it inside their batch answer; their callers use <see cref="TableStorageContext.RecoverTableAsync(string, CancellationToken)"/>.
/// </summary>
internal sealed class TableRecovery(Func<string, CancellationToken, Task> createTable) : HttpPipelinePolicy
{
    public const string TableNotFound = "TableNotFound";

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        if (IsTableNotFound(message.Response) && TableName(message.Request.Uri.Path) is { } table)
        {
            await createTable(table, message.CancellationToken).ConfigureAwait(false);
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
    }

    public static bool IsTableNotFound(Response response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Status != 404)
        {
            return false;
        }

        if (response.Headers.TryGetValue("x-ms-error-code", out var code))
        {
            return code == TableNotFound;
        }

        return response.Content?.ToString().Contains(TableNotFound, StringComparison.Ordinal) == true;
    }

    /// <summary>"/devstoreaccount1/Rfcs(PartitionKey='a',RowKey='b')" or "/Rfcs()" → "Rfcs"; null for account-level calls.</summary>
    private static string? TableName(string path)
    {
        var segment = path.TrimEnd('/').Split('/').LastOrDefault(s => s.Length > 0);
        if (segment is null || segment.StartsWith('$') || segment.StartsWith("Tables", StringComparison.Ordinal))
        {
            return null;
        }

        var paren = segment.IndexOf('(', StringComparison.Ordinal);
        var name = Uri.UnescapeDataString(paren < 0 ? segment : segment[..paren]);
        return name.Length > 0 && name.All(char.IsAsciiLetterOrDigit) ? name : null;
    }
}

/// <summary>Reads that tell "no such row" from "no such table" (the SDK's GetEntityIfExists answers both with no value).</summary>
internal static class TableRead
{
    public static async Task<TableEntity?> GetAsync(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (response.HasValue)
        {
            return response.Value;
        }

        var raw = response.GetRawResponse();
        if (TableRecovery.IsTableNotFound(raw))
        {
            throw new RequestFailedException(raw.Status, $"Table {table.Name} does not exist.", TableRecovery.TableNotFound, null);
        }

        return null;
    }
}
