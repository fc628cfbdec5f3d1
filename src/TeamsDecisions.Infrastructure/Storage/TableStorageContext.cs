using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>The table clients, made once from <see cref="StorageOptions"/>.</summary>
internal sealed class TableStorageContext
{
    public TableStorageContext(IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        var clientOptions = new TableClientOptions();
        clientOptions.Retry.MaxRetries = 3;
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(20);
        Service = string.IsNullOrWhiteSpace(value.ConnectionString)
            ? new TableServiceClient(value.TableServiceUri!, new DefaultAzureCredential(), clientOptions)
            : new TableServiceClient(value.ConnectionString, clientOptions);
        Keys = new TableKeys(value.TablePrefix);
        Rfcs = Service.GetTableClient(Keys.Rfcs);
        TeamIndex = Service.GetTableClient(Keys.TeamIndex);
        DueWindows = Service.GetTableClient(Keys.DueWindows);
        Decisions = Service.GetTableClient(Keys.Decisions);
        TeamSettings = Service.GetTableClient(Keys.TeamSettings);
        Conversations = Service.GetTableClient(Keys.Conversations);
        Outbox = Service.GetTableClient(Keys.Outbox);
        MeetingTests = Service.GetTableClient(Keys.MeetingTests);
        MeetingPrompts = Service.GetTableClient(Keys.MeetingPrompts);
    }

    public TableServiceClient Service { get; }

    public TableKeys Keys { get; }

    public TableClient Rfcs { get; }

    public TableClient TeamIndex { get; }

    public TableClient DueWindows { get; }

    public TableClient Decisions { get; }

    public TableClient TeamSettings { get; }

    public TableClient Conversations { get; }

    public TableClient Outbox { get; }

    public TableClient MeetingTests { get; }

    public TableClient MeetingPrompts { get; }

    public async Task EnsureTablesAsync(CancellationToken cancellationToken)
    {
        foreach (var name in Keys.AllTables)
        {
            await Service.CreateTableIfNotExistsAsync(name, cancellationToken).ConfigureAwait(false);
        }
    }
}
