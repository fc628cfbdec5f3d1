using Microsoft.Extensions.Options;
using TeamsDecisions.Infrastructure;
using TeamsDecisions.Infrastructure.Graph;

namespace TeamsDecisions.App.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>The notification outbox's delivery: options (validated at start-up), pacing, one composer per kind, the activity feed (Notifications:ActivityFeed), the worker, and the reminder scan (Notifications:Reminders).</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>()
            .BindConfiguration(NotificationOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate<IOptions<GraphOptions>>(
                (notifications, graph) => !notifications.ActivityFeed || graph.Value.HasIdentity,
                GraphOptions.IdentityRequiredBy("Notifications:ActivityFeed=true (the Teams activity feed)"))
            .ValidateOnStart();
        services.AddActivityFeed();
        services.AddSingleton<ActivityFeedComposer>();
        services.AddSingleton<DeliveryPacer>();
        services.AddSingleton<INotificationComposer, WindowClosedComposer>();
        services.AddSingleton<INotificationComposer, ReminderComposer>();
        services.AddSingleton<INotificationComposer, NotRightReviewerComposer>();
        services.AddSingleton<NotificationDeliveryService>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationDeliveryService>());
        services.AddSingleton<ReminderScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<ReminderScheduler>());
        return services;
    }
}
