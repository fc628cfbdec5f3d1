using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Moq;
using TeamsDecisions.App.Bot;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Model;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Teams.Connector;
using TeamsDecisions.Testing;
using static TeamsDecisions.Testing.CalendarGraphStandIn;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// Prompts about recurring meetings through the real app: Kestrel on loopback in local mode (activities posted as the
/// Agents Playground would), Azurite, the real Graph SDK against the calendar stand-in, a Connector mock that records
/// what is sent, and a fake clock. Zofia's costly series by hand, for 2–30 November 2026: Architecture sync
/// 4 × 1 h × 30/28 × 7 people (Zofia and six invitees) = 30 person-hours and 22:00 in Singapore for 3; the stand-up 28 × ¼ h × 30/28 × 4 = 30
/// (both over 8: prompted); the design review 3 × 1 h × 30/28 × 2 = 6.4 (19 November cancelled; under 8, inside
/// working hours: not prompted); the APAC hand-over, set up in Singapore time, 4.3 at 09:00 Warsaw / 16:00 Singapore: not
/// prompted. In January 2027 the review has all 4 occurrences: 8.6, prompted.
/// </summary>
[TestClass]
public sealed class MeetingPromptServiceTests
{
    private const string ZofiaTeamsId = "29:1kVzTq0iTn7mB5wY8cX3Jd2pQ4rL6sN9uV0aE1fG2hI3jK4lM5nO6pQ7rS8tU9vW0xY";
    private const string ZofiaChat = "a:1Xh3ZpQmR8vN2kL5tW7yB9cD4fG6hJ8kM0nP2qS4uV6xZ8aC0eF2gH4iJ6kL8mN0pR2s";
    private const string BotId = "28:0f2c4e6a-8b1d-4f3e-9a5c-7d9e1f3a5b7c";
    private const string ServiceUrl = "http://127.0.0.1:56789/_connector/";
    private const string PromptQuestion = "take the meeting test?";
    private static readonly DateTimeOffset November = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset January = new(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task RunOnceAsync_ZofiaSaidCheckMyMeetings_PromptsOnceForEachCostlySeriesInHerPersonalChat()
    {
        // Arrange
        await using var graph = await CalendarGraphStandIn.StartAsync();
        await using var app = PromptApp.Start(graph, November);
        await app.SayAsync("check my meetings");

        // Act
        var sent = await app.Service.RunOnceAsync(CancellationToken.None);

        // Assert: the worst burden first.
        Assert.AreEqual(2, sent);
        var prompts = app.Prompts();
        CollectionAssert.AreEqual(new[] { ArchitectureSync, StandUp }, prompts.Select(p => p.Title).ToArray());
        var sync = prompts[0];
        Assert.AreEqual(new Uri(ServiceUrl), sync.ServiceUrl);
        Assert.AreEqual(ZofiaChat, sync.ConversationId, "Prompts go to Zofia's personal chat.");
        Assert.AreEqual(ArchitectureSyncId, sync.SeriesId);
        Assert.AreEqual("Your weekly Architecture sync costs 30 person-hours a month and lands at 22:00 for 3 people in Singapore — take the meeting test?", sync.Headline);
        Assert.IsTrue(CardView.Walk(sync.Card).Any(e => (string?)e["type"] == "TextRun" && (string?)e["text"] == "Architecture sync" && (string?)e["weight"] == "bolder"), "The meeting's name is in bold.");
        CollectionAssert.AreEqual(new[] { CardVerbs.MeetingForm, CardVerbs.MeetingSnooze, CardVerbs.MeetingNever }, sync.Verbs.ToArray());
        StringAssert.StartsWith(prompts[1].Headline, "Your daily Platform stand-up costs ");
        Assert.IsFalse(prompts[1].Headline.Contains("lands at", StringComparison.Ordinal), prompts[1].Headline);

        // The window is the fake clock's four weeks.
        var view = graph.Requests.First(r => r.Operation == CalendarOperation.CalendarView);
        Assert.AreEqual($"/v1.0/users/{OrganiserId}/calendarView", view.Path);
        Assert.AreEqual(November, DateTimeOffset.Parse(view.QueryValue("startDateTime")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.AreEqual(November.AddDays(28), DateTimeOffset.Parse(view.QueryValue("endDateTime")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.IsEmpty(graph.Violations, string.Join(Environment.NewLine, graph.Violations));
    }

    [TestMethod]
    public async Task RunOnceAsync_SecondScanInTheSameQuarter_SendsNothing()
    {
        // Arrange
        await using var graph = await CalendarGraphStandIn.StartAsync();
        await using var app = PromptApp.Start(graph, November);
        await app.SayAsync("check my meetings");
        Assert.AreEqual(2, await app.Service.RunOnceAsync(CancellationToken.None));
        app.Clock.Advance(TimeSpan.FromDays(1));
        var before = app.Prompts().Count;

        // Act
        var sent = await app.Service.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.AreEqual(0, sent);
        Assert.HasCount(before, app.Prompts(), "At most one prompt per series per quarter.");
    }

    [TestMethod]
    public async Task RunOnceAsync_NextQuarter_PromptsAgainAndNowTheFullDesignReviewToo()
    {
        // Arrange
        await using var graph = await CalendarGraphStandIn.StartAsync();
        await using var app = PromptApp.Start(graph, November);
        await app.SayAsync("check my meetings");
        Assert.AreEqual(2, await app.Service.RunOnceAsync(CancellationToken.None));
        app.Clock.SetUtcNow(January);
        app.ClearSent();

        // Act
        var sent = await app.Service.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.AreEqual(3, sent);
        CollectionAssert.AreEqual(new[] { ArchitectureSync, StandUp, DesignReview }, app.Prompts().Select(p => p.Title).ToArray());
        Assert.AreEqual("Your weekly Architecture sync costs 30 person-hours a month and lands at 22:00 for 3 people in Singapore — take the meeting test?", app.Prompts()[0].Headline);
        Assert.AreEqual("Your weekly Platform design review costs 8.6 person-hours a month — take the meeting test?", app.Prompts()[2].Headline);
    }

    [TestMethod]
    public async Task RunOnceAsync_ZofiaClickedNeverForThisMeeting_ThatSeriesIsNeverPromptedAgain()
    {
        // Arrange
        await using var graph = await CalendarGraphStandIn.StartAsync();
        await using var app = PromptApp.Start(graph, November);
        await app.SayAsync("check my meetings");
        await app.Service.RunOnceAsync(CancellationToken.None);
        var sync = app.Prompts().Single(p => p.SeriesId == ArchitectureSyncId);

        // Act: the "Never for this meeting" button, as Teams sends it.
        using var response = await app.ClickAsync(sync, CardVerbs.MeetingNever);
        app.Clock.SetUtcNow(January);
        app.ClearSent();
        var sent = await app.Service.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadAsStringAsync();
        StringAssert.Contains(answer, "won't ask about Architecture sync again", answer);
        var state = await app.Services.GetRequiredService<IMeetingPromptStore>().GetStateAsync(OrganiserId, ArchitectureSyncId, CancellationToken.None);
        Assert.IsTrue(state.Never);
        Assert.AreEqual(2, sent);
        CollectionAssert.AreEqual(new[] { StandUp, DesignReview }, app.Prompts().Select(p => p.Title).ToArray());
    }

    [TestMethod]
    public async Task RunOnceAsync_ZofiaSaidStopCheckingMyMeetings_NothingReadNorSent()
    {
        // Arrange
        await using var graph = await CalendarGraphStandIn.StartAsync();
        await using var app = PromptApp.Start(graph, November);
        await app.SayAsync("check my meetings");
        Assert.AreEqual(2, await app.Service.RunOnceAsync(CancellationToken.None));
        await app.SayAsync("stop checking my meetings");
        app.Clock.SetUtcNow(January);
        app.ClearSent();
        graph.ClearRequests();

        // Act
        var sent = await app.Service.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.AreEqual(0, sent);
        Assert.IsEmpty(app.Prompts());
        Assert.IsEmpty(graph.Requests, "Her calendar is not read any more.");
        Assert.IsEmpty(await app.Services.GetRequiredService<IMeetingPromptStore>().OptedInAsync(CancellationToken.None));
    }

    [TestMethod]
    public async Task RunOnceAsync_429WithRetryAfterOver10SecondsOnCalendarView_PersonSkippedAndLoggedThenNextScanPrompts()
    {
        // Arrange
        await using var graph = await CalendarGraphStandIn.StartAsync();
        await using var app = PromptApp.Start(graph, November);
        await app.SayAsync("check my meetings");
        graph.Fail(CalendarOperation.CalendarView, new CalendarFault(429, RetryAfterSeconds: 30));

        // Act
        var throttled = await app.Service.RunOnceAsync(CancellationToken.None);
        var next = await app.Service.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.AreEqual(0, throttled, "A throttled calendar is skipped, not failed.");
        var warning = app.Logs.Single(l => l.EventId == 3013);
        Assert.AreEqual(LogLevel.Warning, warning.Level);
        StringAssert.Contains(warning.Message, OrganiserId);
        Assert.IsInstanceOfType<RetryLaterException>(warning.Exception);
        Assert.AreEqual(2, next);
        CollectionAssert.AreEqual(new[] { ArchitectureSync, StandUp }, app.Prompts().Select(p => p.Title).ToArray());
    }

    [TestMethod]
    public async Task RunOnceAsync_403OnCalendarView_PersonSkippedAndLoggedWithTheCoreExceptionThenNextScanPrompts()
    {
        // Arrange: the app may not read her calendar (Calendars.ReadBasic withdrawn, say), once.
        await using var graph = await CalendarGraphStandIn.StartAsync();
        await using var app = PromptApp.Start(graph, November);
        await app.SayAsync("check my meetings");
        graph.Fail(CalendarOperation.CalendarView, new CalendarFault(403));

        // Act
        var refused = await app.Service.RunOnceAsync(CancellationToken.None);
        var next = await app.Service.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.AreEqual(0, refused, "A refused calendar is skipped, not failed.");
        var warning = app.Logs.Single(l => l.EventId == 3013);
        StringAssert.Contains(warning.Message, OrganiserId);
        var failed = Assert.IsInstanceOfType<DependencyFailedException>(warning.Exception, "Graph's refusal reaches the app as the Core exception.");
        Assert.AreEqual(403, failed.Status);
        Assert.AreEqual(2, next);
    }

    [TestMethod]
    [DataRow(true, "Once a day I'll look at the recurring meetings you organise")]
    [DataRow(false, "Your admin has not switched calendar checks on yet")]
    public async Task CheckMyMeetings_CalendarScanOnOrOff_TheAnswerSaysWhatWillHappen(bool scheduled, string expected)
    {
        // Arrange
        await using var graph = await CalendarGraphStandIn.StartAsync();
        await using var app = PromptApp.Start(graph, November, scheduled: scheduled);

        // Act
        await app.SayAsync("check my meetings");

        // Assert: the opt-in is stored either way; the answer does not promise a scan that is switched off.
        Assert.IsTrue(app.Answers().Any(t => t.Contains(expected, StringComparison.Ordinal)), string.Join(" | ", app.Answers()));
        Assert.IsFalse(app.Answers().Any(t => t.Contains("Calendar:", StringComparison.Ordinal)), "People are told what happens, not the configuration key.");
        Assert.HasCount(1, await app.Services.GetRequiredService<IMeetingPromptStore>().OptedInAsync(CancellationToken.None));
    }

    [TestMethod]
    public async Task RunOnceAsync_AdminListedUserSaidStopCheckingMyMeetings_TheListDoesNotOverrideHer()
    {
        // Arrange: Calendar:Users lists Zofia; she was prompted, then said stop, and talks to the bot again later.
        await using var graph = await CalendarGraphStandIn.StartAsync();
        await using var app = PromptApp.Start(graph, November, configuredUsers: [OrganiserId]);
        await app.SayAsync("help");
        Assert.AreEqual(2, await app.Service.RunOnceAsync(CancellationToken.None));
        await app.SayAsync("stop checking my meetings");
        await app.SayAsync("help");
        app.Clock.SetUtcNow(January);
        app.ClearSent();
        graph.ClearRequests();

        // Act
        var sent = await app.Service.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.AreEqual(0, sent);
        Assert.IsEmpty(app.Prompts());
        Assert.IsEmpty(graph.Requests, "Her calendar is not read any more.");
    }

    [TestMethod]
    public async Task RunOnceAsync_AdminListedUserWithAPersonalChat_PromptedWithoutOptingIn()
    {
        // Arrange: Calendar:Users lists Zofia; she has only said "help" to the bot.
        await using var graph = await CalendarGraphStandIn.StartAsync();
        await using var app = PromptApp.Start(graph, November, configuredUsers: [OrganiserId]);
        await app.SayAsync("help");

        // Act
        var sent = await app.Service.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.AreEqual(2, sent);
        Assert.IsTrue(app.Prompts().All(p => p.ConversationId == ZofiaChat));
    }

    /// <summary>A message the app sent through the Connector, with the prompt card's parts read out.</summary>
    private sealed record SentMessage(Uri ServiceUrl, string ConversationId, JsonObject Card)
    {
        public string Headline => Texts().FirstOrDefault(t => t.Contains(PromptQuestion, StringComparison.Ordinal)) ?? string.Empty;

        public IReadOnlyList<string> Verbs => [.. Actions().Select(a => (string?)a["verb"] ?? string.Empty)];

        public string? SeriesId => (string?)Never()?["data"]?["seriesId"];

        public string? Title => (string?)Never()?["data"]?["meetingTitle"];

        public bool IsPrompt => Never() is not null;

        public JsonObject? Never() => Actions().FirstOrDefault(a => (string?)a["verb"] == CardVerbs.MeetingNever);

        private IEnumerable<JsonObject> Actions() => (Card["actions"] as JsonArray ?? []).OfType<JsonObject>();

        public IEnumerable<string> AllTexts() => Texts();

        private IEnumerable<string> Texts() => (Card["body"] as JsonArray ?? []).OfType<JsonObject>().Select(CardView.Shown).OfType<string>();
    }

    private sealed record LogEntry(int EventId, LogLevel Level, string Message, Exception? Exception);

    /// <summary>
    /// The real app on a loopback port (local mode: no Bot:AppId), its own Graph client pointed at the stand-in (no
    /// token goes to loopback) and no SharePoint, the Connector mocked, the clock fake, the calendar scan driven by
    /// the test (Calendar:Enabled=false).
    /// </summary>
    private sealed class PromptApp : LocalModeApp
    {
        private readonly CalendarGraphStandIn graph;
        private readonly IReadOnlyList<string> configuredUsers;
        private readonly bool scheduled;
        private readonly ConcurrentQueue<SentMessage> sent = new();
        private readonly ConcurrentQueue<LogEntry> logs = new();
        private readonly Mock<IConnectorClient> connector = new();

        private PromptApp(CalendarGraphStandIn graph, DateTimeOffset now, IReadOnlyList<string> configuredUsers, bool scheduled)
            : base("mtg")
        {
            this.scheduled = scheduled;
            this.graph = graph;
            this.configuredUsers = configuredUsers;
            Clock = new FakeTimeProvider(now);
            connector
                .Setup(c => c.SendAsync(It.IsAny<Uri>(), It.IsAny<string>(), It.IsAny<Activity>(), It.IsAny<CancellationToken>()))
                .Callback<Uri, string, Activity, CancellationToken>((url, conversation, activity, _) => sent.Enqueue(new SentMessage(url, conversation, CardOf(activity))))
                .ReturnsAsync(() => "1:" + Guid.NewGuid().ToString("N"));
        }

        public FakeTimeProvider Clock { get; }

        public MeetingPromptService Service => Services.GetRequiredService<MeetingPromptService>();

        public IReadOnlyList<LogEntry> Logs => [.. logs];

        /// <summary>
        /// Starts the app. Unless <paramref name="scheduled"/>, the daily scan is off (Calendar:Enabled=false) and the
        /// test drives <see cref="MeetingPromptService.RunOnceAsync"/> itself.
        /// </summary>
        public static PromptApp Start(CalendarGraphStandIn graph, DateTimeOffset now, IReadOnlyList<string>? configuredUsers = null, bool scheduled = false)
        {
            var app = new PromptApp(graph, now, configuredUsers ?? [], scheduled);
            _ = app.Services; // the app starts now, not on the first message
            return app;
        }

        public IReadOnlyList<SentMessage> Prompts() => [.. sent.Where(m => m.IsPrompt)];

        /// <summary>The texts of every card the app sent that is not a prompt (its answers in the chat).</summary>
        public IReadOnlyList<string> Answers() => [.. sent.Where(m => !m.IsPrompt).SelectMany(m => m.AllTexts())];

        public void ClearSent() => sent.Clear();

        /// <summary>Zofia writes in her personal chat with the bot.</summary>
        public async Task SayAsync(string text)
        {
            var activity = Activity("message");
            activity["id"] = "1730538" + Random.Shared.Next(100000, 999999).ToString(System.Globalization.CultureInfo.InvariantCulture);
            activity["textFormat"] = "plain";
            activity["text"] = text;
            using var response = await PostActivityAsync(activity);
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, $"\"{text}\" was not accepted.");
        }

        /// <summary>Zofia clicks a button of a prompt card (adaptiveCard/action with the button's verb and data).</summary>
        public Task<HttpResponseMessage> ClickAsync(SentMessage prompt, string verb)
        {
            var action = prompt.Card["actions"]!.AsArray().OfType<JsonObject>().Single(a => (string?)a["verb"] == verb);
            var activity = Activity("invoke");
            activity["id"] = "f:" + Guid.NewGuid().ToString("N");
            activity["name"] = "adaptiveCard/action";
            activity["replyToId"] = "1:prompt";
            activity["value"] = new JsonObject
            {
                ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = action["data"]?.DeepClone() },
                ["trigger"] = "manual",
            };
            return PostActivityAsync(activity);
        }

        protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [
            new("Graph:UseManagedIdentity", "true"),
            new("Graph:BaseUrl", graph.BaseUrl.AbsoluteUri),
            new("Calendar:Enabled", scheduled ? "true" : "false"),
            new("Calendar:LookAheadDays", "28"),
            .. configuredUsers.Select((user, i) => new KeyValuePair<string, string?>($"Calendar:Users:{i}", user)),
        ];

        protected override void ReplaceServices(IServiceCollection services)
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton(connector.Object);
            services.AddSingleton<ILoggerProvider>(new RecordingLoggerProvider(logs));
        }

        private static JsonObject CardOf(Activity activity)
        {
            var json = activity.Attachments![0].Content switch
            {
                System.Text.Json.JsonElement element => element.GetRawText(),
                var other => throw new AssertFailedException($"Not an Adaptive Card: {other}"),
            };
            return JsonNode.Parse(json)!.AsObject();
        }

        private static JsonObject Activity(string type) => new()
        {
            ["type"] = type,
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
            ["serviceUrl"] = ServiceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = ZofiaTeamsId, ["name"] = OrganiserName, ["aadObjectId"] = OrganiserId },
            ["conversation"] = new JsonObject { ["conversationType"] = "personal", ["tenantId"] = TenantId, ["id"] = ZofiaChat },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "TeamsDecisions" },
            ["locale"] = "en-GB",
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } },
        };
    }

    private sealed class RecordingLoggerProvider(ConcurrentQueue<LogEntry> entries) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => categoryName == typeof(MeetingPromptService).FullName ? new Recorder(entries) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Dispose()
        {
        }

        private sealed class Recorder(ConcurrentQueue<LogEntry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new LogEntry(eventId.Id, logLevel, formatter(state, exception), exception));
        }
    }
}
