using System.Collections.Concurrent;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Moq;
using TeamsDecisions.App.Bot;
using TeamsDecisions.App.Notifications;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Notifications;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Teams.Connector;
using TeamsDecisions.Testing;

namespace TeamsDecisions.App.Tests;

/// <summary>One message the Connector was asked to post: when (on the fake clock), where, and what.</summary>
internal sealed record SentMessage(DateTimeOffset At, Uri ServiceUrl, string Conversation, Activity Activity);

/// <summary>
/// The real app on Azurite with a fake clock and a recording Connector, and the loops of the notification worker
/// (unless asked for), of the window closer and of the reminder scan switched off so that the test drives each round. Apps started on the same table prefix are instances of one
/// deployment. A "test" composer sends the notification's data as text.
/// </summary>
internal sealed class NotifyApp : IAsyncDisposable
{
    public const string TestKind = "test";
    public const string Tenant = RfcActionsApp.Tenant;
    public static readonly Uri ServiceUrl = new(RfcActionsApp.ServiceUrl);
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly WebApplicationFactory<Program> factory;
    private readonly ConcurrentQueue<SentMessage> sent;
    private readonly ConcurrentQueue<ConversationParameters> created = new();
    private int sends;

    private NotifyApp(string tablePrefix, FakeTimeProvider clock, ConcurrentQueue<SentMessage> sent, Func<int, Exception?> failure, IDictionary<string, string?>? extra, bool runWorker, IPersonalWorkingTime? people)
    {
        TablePrefix = tablePrefix;
        Clock = clock;
        this.sent = sent;
        var connector = new Mock<IConnectorClient>(MockBehavior.Loose);
        connector.Setup(c => c.SendAsync(It.IsAny<Uri>(), It.IsAny<string>(), It.IsAny<Activity>(), It.IsAny<CancellationToken>()))
            .Returns((Uri serviceUrl, string conversation, Activity activity, CancellationToken _) =>
            {
                var call = Interlocked.Increment(ref sends);
                if (failure(call) is { } error)
                {
                    return Task.FromException<string?>(error);
                }

                this.sent.Enqueue(new SentMessage(Clock.GetUtcNow(), serviceUrl, conversation, activity));
                return Task.FromResult<string?>($"activity-{Guid.NewGuid():N}");
            });
        connector.Setup(c => c.CreateConversationAsync(It.IsAny<Uri>(), It.IsAny<ConversationParameters>(), It.IsAny<CancellationToken>()))
            .Returns((Uri _, ConversationParameters parameters, CancellationToken _) =>
            {
                created.Enqueue(parameters);
                return Task.FromResult(new ConversationResourceResponse($"a:1on1-{parameters.Members![0].Id}", null, null));
            });
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = AzuriteAssembly.Azurite.ConnectionString,
            ["Storage:TablePrefix"] = tablePrefix,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        factory = new AppHost(settings).WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(connector.Object);
            services.AddSingleton<TimeProvider>(clock);
            services.AddSingleton<INotificationComposer, TextComposer>();
            if (people is not null)
            {
                services.AddSingleton(people);
            }

            for (var i = 0; i < services.Count; i++)
            {
                if (services[i].ServiceType == typeof(IHostedService) && services[i].ImplementationFactory is { } create)
                {
                    services[i] = ServiceDescriptor.Singleton<IHostedService>(sp => create(sp) is var hosted && (hosted is NotificationDeliveryService && !runWorker) || hosted is WindowCloser or ReminderScheduler ? new Idle() : (IHostedService)hosted);
                }
            }
        }));
    }

    public string TablePrefix { get; }

    public FakeTimeProvider Clock { get; }

    public IServiceProvider Services => factory.Services;

    public NotificationDeliveryService Delivery => Services.GetRequiredService<NotificationDeliveryService>();

    public INotificationOutbox Outbox => Services.GetRequiredService<INotificationOutbox>();

    /// <summary>Every message posted so far (by every instance sharing the recording), in order.</summary>
    public IReadOnlyList<SentMessage> Sent => [.. sent];

    /// <summary>Every send the Connector was asked for, failed ones included.</summary>
    public int SendCalls => Volatile.Read(ref sends);

    public IReadOnlyList<ConversationParameters> Created => [.. created];

    /// <summary>
    /// Starts an instance; <paramref name="failure"/> says, per send call (1, 2, …), whether it fails and how;
    /// <paramref name="runWorker"/> keeps the worker's own loop (rounds on its interval and on a nudge);
    /// <paramref name="people"/> replaces the app's source of each person's own working hours.
    /// </summary>
    public static NotifyApp Run(FakeTimeProvider? clock = null, string? tablePrefix = null, Func<int, Exception?>? failure = null, IDictionary<string, string?>? settings = null, ConcurrentQueue<SentMessage>? sharedRecording = null, bool runWorker = false, IPersonalWorkingTime? people = null)
    {
        var app = new NotifyApp(tablePrefix ?? "ntf" + Guid.NewGuid().ToString("N")[..10], clock ?? new FakeTimeProvider(Start), sharedRecording ?? new ConcurrentQueue<SentMessage>(), failure ?? (_ => null), settings, runWorker, people);
        _ = app.Services;
        return app;
    }

    /// <summary>The team, installed: its conversation reference as the installation stores it.</summary>
    public async Task<TeamId> InstallTeamAsync()
    {
        var team = Sample.NewTeam();
        await Services.GetRequiredService<IConversationStore>().SaveTeamAsync(new TeamConversation(team, Tenant, "Platform", ServiceUrl, team.Value), CancellationToken.None);
        return team;
    }

    /// <summary>A "test" notification with <paramref name="text"/> to <paramref name="target"/>, due now.</summary>
    public Notification Text(TeamId team, string id, string text, NotificationTarget target) =>
        new(Notification.MakeId(TestKind, team.Value, id), team, null, target, TestKind, text, Clock.GetUtcNow(), Clock.GetUtcNow());

    /// <summary>
    /// Cancels the review requests waiting in the outbox (attaching an RFC's thread enqueues one), for tests about other
    /// messages: they would otherwise be the first ones sent.
    /// </summary>
    public async Task SkipReviewRequestsAsync()
    {
        foreach (var waiting in await Outbox.ListDueAsync(Clock.GetUtcNow(), 1000, CancellationToken.None))
        {
            if (waiting.Kind == NotificationKinds.ReviewRequest)
            {
                await Outbox.MarkCancelledAsync(waiting.Id, "Not what this test is about.", CancellationToken.None);
            }
        }
    }

    public async ValueTask DisposeAsync() => await factory.DisposeAsync();

    private sealed class TextComposer : INotificationComposer
    {
        public string Kind => TestKind;

        public Task<Activity?> ComposeAsync(Notification notification, CancellationToken cancellationToken) =>
            Task.FromResult<Activity?>(new Activity { Type = ActivityTypes.Message, Text = notification.Data });
    }

    private sealed class Idle : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
