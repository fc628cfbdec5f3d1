using TeamsDecisions.App.Bot.Actions;
using TeamsDecisions.App.Exploration;
using TeamsDecisions.App.Notifications;
using TeamsDecisions.App.Search;
using TeamsDecisions.Infrastructure;
using TeamsDecisions.Teams;

namespace TeamsDecisions.App.Bot;

public static class BotServiceCollectionExtensions
{
    /// <summary>The Teams bot: protocol layer, the RFC conversation's handlers, the card updater, the window closer and the notification outbox's delivery.</summary>
    public static IServiceCollection AddDecisionsBot(this IServiceCollection services)
    {
        services.AddTeamsBot();
        services.AddOptions<SchedulerOptions>().BindConfiguration(SchedulerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DecisionLinks>();
        services.AddSingleton<ChannelCardUpdater>();
        services.AddScoped<TeamDirectory>();
        services.AddScoped<RfcPoster>();
        services.AddNotifications();
        services.AddSingleton<NotificationNudge>();
        services.AddTeamAdmins();
        services.AddScoped<MeetingTestHandler>();
        services.AddDecisionFinding();
        services.AddScoped<MessageHandler>();
        services.AddScoped<RfcGuard>();
        services.AddScoped<RfcViews>();
        services.AddSingleton<TeamNorms>();
        services.AddScoped<RfcFormActions>();
        services.AddScoped<RfcActions>();
        services.AddScoped<ResolveActions>();
        services.AddScoped<ReminderActions>();
        services.AddScoped<MeetingTestActions>();
        services.AddScoped<SettingsActions>();
        services.AddScoped<CardActionHandler>();
        services.AddScoped<InstallationHandler>();
        services.AddScoped<ActivityRouter>();
        services.AddCalendars();
        services.AddExploration();
        services.AddSingleton<MeetingPromptService>();
        services.AddHostedService(sp => sp.GetRequiredService<MeetingPromptService>());
        services.AddSingleton<WindowCloser>();
        services.AddHostedService(sp => sp.GetRequiredService<WindowCloser>());
        services.AddSingleton<ChannelCardHealer>();
        services.AddHostedService(sp => sp.GetRequiredService<ChannelCardHealer>());
        return services;
    }
}
