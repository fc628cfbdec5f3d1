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
        services.AddSingleton<RfcChangeLog>();
        services.AddSingleton<RfcChangeSignal>();
        services.AddSingleton<RfcIndexWriter>();
        services.AddSingleton<DecisionLog>();
        services.AddSingleton<TableOutbox>();
        services.AddSingleton<TableNotificationOutbox>();
        services.AddSingleton<TableRfcStore>();
        services.AddSingleton<TableTeamSettingsStore>();
        services.AddSingleton<TableConversationStore>();
        services.AddSingleton<TableMeetingTestLog>();
        services.AddSingleton<TableMeetingPromptStore>();
        services.AddSingleton<TableDigestSubscriptions>();

        // What the app sees of the store: the ports, with SDK failures already in the Core's words.
        services.AddSingleton(sp => StoreErrors.Translate<IRfcStore>(sp.GetRequiredService<TableRfcStore>()));
        services.AddSingleton(sp => StoreErrors.Translate<ITeamSettingsStore>(sp.GetRequiredService<TableTeamSettingsStore>()));
        services.AddSingleton(sp => StoreErrors.Translate<IConversationStore>(sp.GetRequiredService<TableConversationStore>()));
        services.AddSingleton(sp => StoreErrors.Translate<IPublicationOutbox>(sp.GetRequiredService<TableOutbox>()));
        services.AddSingleton(sp => StoreErrors.Translate<INotificationOutbox>(sp.GetRequiredService<TableNotificationOutbox>()));
        services.AddSingleton(sp => StoreErrors.Translate<TeamsDecisions.Core.Meetings.IMeetingTestLog>(sp.GetRequiredService<TableMeetingTestLog>()));
        services.AddSingleton(sp => StoreErrors.Translate<TeamsDecisions.Core.Meetings.IMeetingPromptStore>(sp.GetRequiredService<TableMeetingPromptStore>()));
        services.AddSingleton(sp => StoreErrors.Translate<TeamsDecisions.Core.Notifications.IDigestSubscriptions>(sp.GetRequiredService<TableDigestSubscriptions>()));
        services.AddHealthChecks().AddCheck<TableStoreHealthCheck>("store", tags: ["ready"]);
        services.AddHostedService<TableStorageInitializer>();
        return services;
    }
}
