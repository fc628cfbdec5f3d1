namespace TeamsDecisions.App.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>The notification outbox's delivery: options (validated at start-up), pacing, one composer per kind, the worker, and the reminder scan (Notifications:Reminders).</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DeliveryPacer>();
        services.AddSingleton<INotificationComposer, WindowClosedComposer>();
        services.AddSingleton<INotificationComposer, ReminderComposer>();
        services.AddSingleton<INotificationComposer, NotRightReviewerComposer>();
        services.AddSingleton<INotificationComposer, ReviewRequestComposer>();
        services.AddSingleton<INotificationComposer, ResolvedComposer>();
        services.AddSingleton<INotificationComposer, SupersededComposer>();
        services.AddSingleton<NotificationDeliveryService>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationDeliveryService>());
        services.AddSingleton<ReminderScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<ReminderScheduler>());
        return services;
    }
}
