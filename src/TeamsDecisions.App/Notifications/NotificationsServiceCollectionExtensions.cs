using Microsoft.Extensions.Options;
using TeamsDecisions.Infrastructure;
using TeamsDecisions.Infrastructure.Graph;

namespace TeamsDecisions.App.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>
    /// The notification outbox's delivery: options (validated at start-up), pacing, one composer per kind, the activity
    /// feed (Notifications:ActivityFeed), the worker, the reminder scan (Notifications:Reminders) and the daily digest
    /// (Notifications:Digests), both in each person's own working hours when Graph knows them.
    /// </summary>
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
        services.AddSingleton<INotificationComposer, ReviewRequestComposer>();
        services.AddSingleton<INotificationComposer, ResolvedComposer>();
        services.AddSingleton<INotificationComposer, SupersededComposer>();
        services.AddSingleton<INotificationComposer, DigestComposer>();
        services.AddScoped<QueueReader>();
        services.AddSingleton<NotificationDeliveryService>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationDeliveryService>());
        services.AddPersonalWorkingTime();
        services.AddSingleton<ReminderScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<ReminderScheduler>());
        services.AddSingleton<DigestScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<DigestScheduler>());
        return services;
    }
}
