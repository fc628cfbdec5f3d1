using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>Replaces the credential the table service is signed in with (tests: a sign-in that fails).</summary>
internal sealed record StorageCredential(TokenCredential Credential);

/// <summary>The table clients, made once from <see cref="StorageOptions"/>.</summary>
internal sealed class TableStorageContext
{
    private readonly Dictionary<string, Task> recovering = new(StringComparer.Ordinal);

    public TableStorageContext(IOptions<StorageOptions> options, StorageCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        var signIn = string.IsNullOrWhiteSpace(value.ConnectionString) ? credential?.Credential ?? CredentialFor(value) : null;
        var plain = Create(value, signIn, ClientOptions());
        var recovering = ClientOptions();
        recovering.AddPolicy(new TableRecovery((table, ct) => RecoverTableAsync(plain, table, ct)), HttpPipelinePosition.PerCall);
        Probe = plain;
        Service = Create(value, signIn, recovering);
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

    /// <summary>Raised after a missing table was created again: whatever was cached from the old one is gone.</summary>
    public event EventHandler<string>? TableRecreated;

    /// <summary>The clients every adapter uses: a missing table is created again and the call repeated.</summary>
    public TableServiceClient Service { get; }

    /// <summary>The same account without recovery, for the health check (a missing table is news there).</summary>
    public TableServiceClient Probe { get; }

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

    /// <summary>Creates <paramref name="table"/> if it is missing (once for concurrent callers) and tells those that cache rows.</summary>
    public Task RecoverTableAsync(string table, CancellationToken cancellationToken) => RecoverTableAsync(Probe, table, cancellationToken);

    public async Task EnsureTablesAsync(CancellationToken cancellationToken)
    {
        foreach (var name in Keys.AllTables)
        {
            await Service.CreateTableIfNotExistsAsync(name, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TableClientOptions ClientOptions()
    {
        // Calls on a person's invoke are bounded by that invoke's budget (its cancellation token, and the retry
        // policy's view of what is left); background work has no such bound and keeps the longer retries.
        var options = new TableClientOptions { RetryPolicy = new BudgetedRetryPolicy() };
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(20);
        return options;
    }

    /// <summary>How the app signs in to the table service, in words for /healthz's detail (never a secret).</summary>
    public static string DescribeSignIn(StorageOptions options) =>
        !string.IsNullOrWhiteSpace(options.ConnectionString) ? "connection string"
        : string.IsNullOrWhiteSpace(options.ManagedIdentityClientId) ? "DefaultAzureCredential"
        : $"managed identity {options.ManagedIdentityClientId}";

    // In Azure, the one identity the app runs as, named: DefaultAzureCredential would try environment variables,
    // workload identity and others first, and report whichever failed last.
    private static TokenCredential CredentialFor(StorageOptions value) =>
        string.IsNullOrWhiteSpace(value.ManagedIdentityClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(value.ManagedIdentityClientId));

    private static TableServiceClient Create(StorageOptions value, TokenCredential? credential, TableClientOptions options) =>
        credential is not null
            ? new TableServiceClient(value.TableServiceUri!, credential, options)
            : new TableServiceClient(value.ConnectionString, options);

    private async Task RecoverTableAsync(TableServiceClient client, string table, CancellationToken cancellationToken)
    {
        if (!Keys.AllTables.Contains(table, StringComparer.Ordinal))
        {
            return;
        }

        Task creating;
        lock (recovering)
        {
            if (!recovering.TryGetValue(table, out creating!) || creating.IsCompleted)
            {
                creating = client.CreateTableIfNotExistsAsync(table, CancellationToken.None);
                recovering[table] = creating;
            }
        }

        await creating.WaitAsync(cancellationToken).ConfigureAwait(false);
        TableRecreated?.Invoke(this, table);
    }
}
