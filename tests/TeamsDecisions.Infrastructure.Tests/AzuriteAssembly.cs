using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Infrastructure.Storage;
using TeamsDecisions.Testing;

[assembly: Parallelize(Scope = ExecutionScope.ClassLevel)]

namespace TeamsDecisions.Infrastructure.Tests;

/// <summary>One Azurite for the whole assembly; every test gets its own tables through a unique prefix.</summary>
[TestClass]
public static class AzuriteAssembly
{
    public static Azurite Azurite { get; private set; } = null!;

    [AssemblyInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        Azurite = await Azurite.StartAsync();
    }

    [AssemblyCleanup]
    public static async Task StopAsync() => await Azurite.DisposeAsync();
}

/// <summary>A store on fresh tables; <see cref="AnotherInstance"/> is a second app instance on the same tables.</summary>
internal sealed class StoreHarness
{
    private readonly IOptions<StorageOptions> options;

    private StoreHarness(IOptions<StorageOptions> options, TableStorageContext context)
    {
        this.options = options;
        Context = context;
        var snapshots = new RfcSnapshots(context);
        Notifications = new TableNotificationOutbox(context);
        Changes = new RfcChangeSignal();
        Store = new TableRfcStore(
            context,
            snapshots,
            new RfcWriteLanes(context, snapshots, options, NullLogger<RfcWriteLanes>.Instance),
            new RfcIndexWriter(context, new RfcChangeLog(context, TimeProvider.System), NullLogger<RfcIndexWriter>.Instance),
            new DecisionLog(context, options),
            new TableOutbox(context),
            Notifications,
            Changes,
            options,
            NullLogger<TableRfcStore>.Instance);
        Settings = new TableTeamSettingsStore(context);
    }

    public TableStorageContext Context { get; }

    public TableRfcStore Store { get; }

    public TableNotificationOutbox Notifications { get; }

    /// <summary>What this instance's store signals after each successful command.</summary>
    public RfcChangeSignal Changes { get; }

    public TableConversationStore Conversations => new(Context, TimeProvider.System);

    public TableTeamSettingsStore Settings { get; }

    public static async Task<StoreHarness> CreateAsync(int maxConflictRetries = 40)
    {
        var options = Options.Create(new StorageOptions
        {
            ConnectionString = AzuriteAssembly.Azurite.ConnectionString,
            TablePrefix = "t" + Guid.NewGuid().ToString("N")[..12],
            MaxConflictRetries = maxConflictRetries,
        });
        var context = new TableStorageContext(options);
        await context.EnsureTablesAsync(CancellationToken.None);
        return new StoreHarness(options, context);
    }

    public StoreHarness AnotherInstance() => new(options, new TableStorageContext(options));

    public RfcService Service(TimeProvider clock) => new(Store, Settings, clock);
}
