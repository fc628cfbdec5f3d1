using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Infrastructure.Storage;

namespace TeamsDecisions.Infrastructure;

public static class TableStorageServiceCollectionExtensions
{
    /// <summary>Registers the Table Storage store for every storage port, validated at start-up, tables created before requests.</summary>
    public static IServiceCollection AddTableStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TableStorageContext>();
        services.AddSingleton<RfcSnapshots>();
        services.AddSingleton<RfcWriteLanes>();
        services.AddSingleton<RfcIndexWriter>();
        services.AddSingleton<DecisionLog>();
        services.AddSingleton<TableOutbox>();
        services.AddSingleton<TableRfcStore>();
        services.AddSingleton<IRfcStore>(sp => sp.GetRequiredService<TableRfcStore>());
        services.AddSingleton<ITeamSettingsStore, TableTeamSettingsStore>();
        services.AddSingleton<IConversationStore, TableConversationStore>();
        services.AddSingleton<IPublicationOutbox>(sp => sp.GetRequiredService<TableOutbox>());
        services.AddSingleton<TeamsDecisions.Core.Meetings.IMeetingTestLog, TableMeetingTestLog>();
        services.AddSingleton<TeamsDecisions.Core.Meetings.IMeetingPromptStore, TableMeetingPromptStore>();
        services.AddHealthChecks().AddCheck<TableStoreHealthCheck>("store", tags: ["ready"]);
        services.AddHostedService<TableStorageInitializer>();
        return services;
    }
}
