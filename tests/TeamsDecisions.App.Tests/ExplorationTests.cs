using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;
using TeamsDecisions.App.Notifications;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Notifications;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Teams.Connector;
using TeamsDecisions.Testing;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// The exploration phase through the real app (local mode, Azurite) with the Connector mocked and Microsoft Graph as
/// the loopback calendar stand-in, which checks the getSchedule and event bodies: Amélie in Paris explores with Dana
/// in New York and Wei in Singapore (no hour in common), or with Piotr in Warsaw. The clock is Monday 7 December 2026,
/// 06:00 UTC.
/// </summary>
[TestClass]
public sealed class ExplorationTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task Explore_GraphNotConfigured_SaysWhatItNeedsAndProposesNoSlot()
    {
        // Arrange
        await using var app = new ExploreApp(graph: null);

        // Act
        var card = await app.CommandAsync(ExploreApp.Amelie, "explore event streaming", ExploreApp.Dana, ExploreApp.Wei);

        // Assert
        var all = string.Join('\n', CardView.Texts(card));
        StringAssert.Contains(all, "I can't see calendars here");
        StringAssert.Contains(all, "Graph:UseManagedIdentity=true");
        StringAssert.Contains(all, "Graph:TenantId, Graph:ClientId and Graph:ClientSecret");
        StringAssert.Contains(all, "Calendars.ReadWrite, application permission, with admin consent");
        StringAssert.Contains(all, "proposed no slot");
        Assert.IsFalse(CardView.Walk(card).Any(e => (string?)e["verb"] == CardVerbs.ExplorePick), "No slot is made up.");
    }

    [TestMethod]
    public async Task Explore_ParisNewYorkSingapore_SaysThereIsNoCommonHourAndShowsWhoPays()
    {
        // Arrange
        await using var graph = await CalendarStandInAsync();
        await using var app = new ExploreApp(graph);

        // Act
        var card = await app.CommandAsync(ExploreApp.Amelie, "explore event streaming", ExploreApp.Dana, ExploreApp.Wei);

        // Assert: the request asked for all three, in UTC, over the next 10 working days.
        Assert.IsEmpty(graph.Violations, string.Join('\n', graph.Violations));
        var asked = graph.Requests.Single(r => r.Operation == CalendarOperation.GetSchedule);
        Assert.AreEqual($"/v1.0/users/{ExploreApp.Amelie.Id}/calendar/getSchedule", asked.Path);
        CollectionAssert.AreEquivalent(
            new[] { ExploreApp.Amelie.Email, ExploreApp.Dana.Email, ExploreApp.Wei.Email },
            CalendarGraphStandIn.Parameter(asked.Body, "schedules")!.AsArray().Select(n => (string?)n).ToArray());
        Assert.AreEqual("2026-12-07T06:00:00", (string?)CalendarGraphStandIn.Parameter(asked.Body, "startTime")!["dateTime"]);
        Assert.AreEqual("2026-12-21T06:00:00", (string?)CalendarGraphStandIn.Parameter(asked.Body, "endTime")!["dateTime"]);

        // Assert: the card says so and shows the burden per person in their local time.
        var texts = CardView.Texts(card);
        var all = string.Join('\n', texts);
        StringAssert.Contains(all, "No hour is inside everyone's working hours");
        StringAssert.Contains(all, "Least bad: Dana Scott at 06:00 local, 3 h out of hours; Tan Wei at 19:00 local, 2 h 45 min out of hours");
        Assert.Contains("Dana Scott: Mon 06:00–06:45 America/New_York, 3 h out of hours", texts, all);
        Assert.Contains("Tan Wei: Mon 19:00–19:45 Asia/Singapore, 2 h 45 min out of hours", texts, all);
        Assert.Contains("Amélie Laurent: Mon 12:00–12:45 Europe/Paris, in hours", texts, all);
        var picks = Picks(card);
        Assert.HasCount(3, picks);
        Assert.AreEqual("2026-12-07T11:00:00Z", (string?)picks[0]["start"]);
    }

    [TestMethod]
    public async Task Explore_BusyAndTentativeBlocks_SlotsAvoidBusyAndMarkTentative()
    {
        // Arrange: Piotr is busy all Monday, and tentative on Tuesday 09:00–10:00 Paris.
        await using var graph = await CalendarStandInAsync();
        graph.AddBlock(new ScheduleBlock(ExploreApp.Piotr.Email, Now, Now.AddDays(1), "busy"));
        graph.AddBlock(new ScheduleBlock(ExploreApp.Piotr.Email, new(2026, 12, 8, 8, 0, 0, TimeSpan.Zero), new(2026, 12, 8, 9, 0, 0, TimeSpan.Zero), "tentative"));
        await using var app = new ExploreApp(graph);

        // Act
        var card = await app.CommandAsync(ExploreApp.Amelie, "explore retention policy", ExploreApp.Piotr);

        // Assert: not Monday; Tuesday from 10:00 Paris, after the tentative hour; all in everyone's hours.
        var starts = Picks(card).Select(p => (string?)p["start"]).ToArray();
        CollectionAssert.AreEqual(new[] { "2026-12-08T09:00:00Z", "2026-12-09T08:00:00Z", "2026-12-10T08:00:00Z" }, starts);
        var all = string.Join('\n', CardView.Texts(card));
        StringAssert.Contains(all, "Ranked by out-of-hours burden");
        Assert.IsFalse(all.Contains("No hour is inside", StringComparison.Ordinal), all);
    }

    [TestMethod]
    public async Task Explore_NobodyMentioned_RefusedWithHowToMentionPeople()
    {
        // Arrange
        await using var graph = await CalendarStandInAsync();
        await using var app = new ExploreApp(graph);

        // Act
        var card = await app.CommandAsync(ExploreApp.Amelie, "explore event streaming");

        // Assert
        var texts = CardView.Texts(card);
        Assert.AreEqual("⚠ No exploration was proposed", texts[0]);
        Assert.Contains("An exploration needs someone to explore with.", texts);
        Assert.AreEqual(0, graph.Count(CalendarOperation.GetSchedule));
    }

    [TestMethod]
    public async Task Explore_PermissionNotGranted_SaysWhichPermissionToGrantAndProposesNoSlot()
    {
        // Arrange: Graph answers 403 to getSchedule (Calendars.ReadWrite not granted, or the mailbox outside its scope).
        await using var graph = await CalendarStandInAsync();
        graph.Fail(CalendarOperation.GetSchedule, new CalendarFault(403));
        await using var app = new ExploreApp(graph);

        // Act
        var card = await app.CommandAsync(ExploreApp.Amelie, "explore event streaming", ExploreApp.Dana);

        // Assert
        var texts = CardView.Texts(card);
        var all = string.Join('\n', texts);
        Assert.AreEqual("⚠ No exploration was proposed", texts[0], all);
        Assert.Contains("Microsoft Graph refused to read the calendars (403).", texts, all);
        StringAssert.Contains(all, "An admin grants Microsoft Graph Calendars.ReadWrite, application permission, with admin consent");
        Assert.IsFalse(CardView.Walk(card).Any(e => (string?)e["verb"] == CardVerbs.ExplorePick));
    }

    [TestMethod]
    public async Task Book_ByTheOrganizer_CreatesTheTeamsMeetingAndAsksToWriteTheRfcAfterItEnds()
    {
        // Arrange
        await using var graph = await CalendarStandInAsync();
        await using var app = new ExploreApp(graph);
        var slots = await app.CommandAsync(ExploreApp.Amelie, "explore event streaming", ExploreApp.Dana, ExploreApp.Wei);
        var pick = Picks(slots)[0];

        // Act: book
        var booked = await app.ActAsync(ExploreApp.Amelie, CardVerbs.ExplorePick, pick);

        // Assert: the Teams meeting, on Amélie's calendar, at 12:00 Paris, the topic as agenda, Dana and Wei invited.
        Assert.IsEmpty(graph.Violations, string.Join('\n', graph.Violations));
        var meeting = graph.CreatedEvents.Single();
        Assert.AreEqual(ExploreApp.Amelie.Id, meeting.Organizer);
        Assert.AreEqual("Exploration: event streaming", (string?)meeting.Body["subject"]);
        StringAssert.Contains((string?)meeting.Body["body"]!["content"], "Problem statement:\nevent streaming");
        Assert.AreEqual("2026-12-07T12:00:00", (string?)meeting.Body["start"]!["dateTime"]);
        Assert.AreEqual("Romance Standard Time", (string?)meeting.Body["start"]!["timeZone"]);
        Assert.AreEqual("2026-12-07T12:45:00", (string?)meeting.Body["end"]!["dateTime"]);
        Assert.IsTrue((bool?)meeting.Body["isOnlineMeeting"]);
        Assert.AreEqual("teamsForBusiness", (string?)meeting.Body["onlineMeetingProvider"]);
        CollectionAssert.AreEqual(new[] { ExploreApp.Dana.Email, ExploreApp.Wei.Email }, meeting.Body["attendees"]!.AsArray().Select(a => (string?)a!["emailAddress"]!["address"]).ToArray());
        Assert.AreEqual((string?)pick["session"], (string?)meeting.Body["transactionId"]);
        StringAssert.Contains(string.Join('\n', CardView.Texts(booked)), "The Teams meeting is on the organizer's calendar");
        Assert.Contains("Join the meeting", CardView.ActionTitles(booked));

        // Act: nothing before the meeting ends; at its end, the prompt in the thread.
        var delivery = app.Services.GetRequiredService<NotificationDeliveryService>();
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 7, 11, 44, 0, TimeSpan.Zero));
        await delivery.RunOnceAsync(CancellationToken.None);
        var beforeEnd = app.SentTo(app.Thread).Count;
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 7, 11, 45, 0, TimeSpan.Zero));
        await delivery.RunOnceAsync(CancellationToken.None);

        // Assert: one message, @Amélie, with the Write the RFC button.
        var prompts = app.SentTo(app.Thread).Skip(beforeEnd).Where(a => a.Attachments is { Count: > 0 }).ToList();
        Assert.HasCount(1, prompts);
        Assert.AreEqual(ExploreApp.Amelie.Id, prompts[0].Entities!.Select(e => e.Deserialize<Mention>(ActivityJson.Options)!).Single().Mentioned!.Id);
        StringAssert.Contains(prompts[0].Text, "has ended. Write the RFC while it's fresh");
        var prompt = JsonNode.Parse(JsonSerializer.Serialize(prompts[0].Attachments![0].Content, Cards.Model.CardJson.Options))!.AsObject();
        var write = CardView.Walk(prompt).Single(e => (string?)e["verb"] == CardVerbs.ExploreWrite)["data"]!.AsObject();

        // Act: Write the RFC
        var form = await app.ActAsync(ExploreApp.Amelie, CardVerbs.ExploreWrite, write);

        // Assert: the new-RFC form with the topic, the problem, and the attendees as reviewers.
        var inputs = CardView.Walk(form).Where(e => e["id"] is not null).ToDictionary(e => (string)e["id"]!, e => e);
        Assert.AreEqual("event streaming", (string?)inputs[InputIds.Title]["value"]);
        Assert.AreEqual("event streaming", (string?)inputs[InputIds.Context]["value"]);
        Assert.AreEqual($"{ExploreApp.Dana.Id},{ExploreApp.Wei.Id}", (string?)inputs[InputIds.Reviewers]["value"]);
        Assert.IsTrue(CardView.Walk(form).Any(e => (string?)e["verb"] == CardVerbs.SubmitRfc));
    }

    [TestMethod]
    public async Task Book_TheSameSlotTwice_OneMeetingAndOnePrompt()
    {
        // Arrange
        await using var graph = await CalendarStandInAsync();
        await using var app = new ExploreApp(graph);
        var pick = Picks(await app.CommandAsync(ExploreApp.Amelie, "explore event streaming", ExploreApp.Piotr))[0];

        // Act
        await app.ActAsync(ExploreApp.Amelie, CardVerbs.ExplorePick, pick);
        await app.ActAsync(ExploreApp.Amelie, CardVerbs.ExplorePick, pick);

        // Assert
        Assert.HasCount(1, graph.CreatedEvents);
        var due = await app.Services.GetRequiredService<INotificationOutbox>().ListDueAsync(Now.AddDays(30), 100, CancellationToken.None);
        Assert.HasCount(1, due.Where(n => n.Kind == NotificationKinds.ExplorationEnded));
    }

    [TestMethod]
    public async Task Book_BySomeoneElse_RefusedAndNothingBooked()
    {
        // Arrange
        await using var graph = await CalendarStandInAsync();
        await using var app = new ExploreApp(graph);
        var pick = Picks(await app.CommandAsync(ExploreApp.Amelie, "explore event streaming", ExploreApp.Dana))[0];

        // Act
        var card = await app.ActAsync(ExploreApp.Dana, CardVerbs.ExplorePick, pick);

        // Assert
        CardView.AssertRefused(card, "The meeting was not booked", "Only the organizer can book the exploration.");
        Assert.IsEmpty(graph.CreatedEvents);
        Assert.AreEqual(0, graph.Count(CalendarOperation.CreateEvent));
    }

    [TestMethod]
    [DataRow("start", "tomorrow at ten", "The card did not say which slot to book.")]
    [DataRow("start", "2026-12-01T08:00:00Z", "That slot has already started.")]
    [DataRow("topic", "", "The topic needs 3 to 200 characters; it has 0.")]
    [DataRow("zone", "Mars/Olympus_Mons", "The card is missing what the booking needs.")]
    [DataRow("invitees", "", "The card names nobody to invite.")]
    public async Task Book_BadCardData_RefusedSayingWhatIsWrongAndNothingBooked(string field, string value, string why)
    {
        // Arrange
        await using var graph = await CalendarStandInAsync();
        await using var app = new ExploreApp(graph);
        var pick = Picks(await app.CommandAsync(ExploreApp.Amelie, "explore event streaming", ExploreApp.Dana))[0];
        pick[field] = value;

        // Act
        var card = await app.ActAsync(ExploreApp.Amelie, CardVerbs.ExplorePick, pick);

        // Assert
        CardView.AssertRefused(card, "The meeting was not booked", why);
        Assert.AreEqual(0, graph.Count(CalendarOperation.CreateEvent));
        var due = await app.Services.GetRequiredService<INotificationOutbox>().ListDueAsync(Now.AddDays(30), 100, CancellationToken.None);
        Assert.IsFalse(due.Any(n => n.Kind == NotificationKinds.ExplorationEnded));
    }

    [TestMethod]
    public async Task Book_GraphThrottlesLong_RefusedWithWhenToTryAgain()
    {
        // Arrange
        await using var graph = await CalendarStandInAsync();
        await using var app = new ExploreApp(graph);
        var pick = Picks(await app.CommandAsync(ExploreApp.Amelie, "explore event streaming", ExploreApp.Dana))[0];
        graph.Fail(CalendarOperation.CreateEvent, new CalendarFault(429, RetryAfterSeconds: 30));

        // Act
        var card = await app.ActAsync(ExploreApp.Amelie, CardVerbs.ExplorePick, pick);

        // Assert
        CardView.AssertRefused(card, "The meeting was not booked", "Microsoft Graph is busy and asked to wait before trying to create the meeting.");
        StringAssert.Contains(string.Join('\n', CardView.Texts(card)), "Try again in 30 seconds.");
        Assert.IsEmpty(graph.CreatedEvents);
    }

    [TestMethod]
    public async Task ExploreFirst_OnTheNewRfcForm_ProposesSlotsForTheDeciderAndReviewersFromWhatWasTyped()
    {
        // Arrange
        await using var graph = await CalendarStandInAsync();
        await using var app = new ExploreApp(graph);
        var form = await app.ActAsync(ExploreApp.Amelie, CardVerbs.NewRfcForm, new JsonObject { ["team"] = app.Team });
        var explore = CardView.Walk(form).Single(e => (string?)e["verb"] == CardVerbs.Explore)["data"]!.AsObject();
        explore[InputIds.Title] = "Event streaming for orders";
        explore[InputIds.Context] = "Order events are lost when billing restarts during a deploy.";
        explore[InputIds.Decider] = ExploreApp.Piotr.Id;
        explore[InputIds.Reviewers] = ExploreApp.Dana.Id;

        // Act
        var card = await app.ActAsync(ExploreApp.Amelie, CardVerbs.Explore, explore);

        // Assert
        var all = string.Join('\n', CardView.Texts(card));
        StringAssert.Contains(all, "Explore: Event streaming for orders");
        StringAssert.Contains(all, "Order events are lost when billing restarts during a deploy.");
        Assert.HasCount(3, Picks(card));
        Assert.AreEqual($"{ExploreApp.Piotr.Id},{ExploreApp.Dana.Id}", (string?)Picks(card)[0]["invitees"]);
        Assert.AreEqual("Order events are lost when billing restarts during a deploy.", (string?)Picks(card)[0]["problem"]);
    }

    [TestMethod]
    public async Task ExploreFirst_GraphNotConfigured_TheFormComesBackWithEverythingTypedAndWhatItNeeds()
    {
        // Arrange
        await using var app = new ExploreApp(graph: null);
        var form = await app.ActAsync(ExploreApp.Amelie, CardVerbs.NewRfcForm, new JsonObject { ["team"] = app.Team });
        var explore = CardView.Walk(form).Single(e => (string?)e["verb"] == CardVerbs.Explore)["data"]!.AsObject();
        explore[InputIds.Title] = "Event streaming for orders";
        explore[InputIds.Context] = "Order events are lost.";
        explore[InputIds.Decider] = ExploreApp.Piotr.Id;

        // Act
        var card = await app.ActAsync(ExploreApp.Amelie, CardVerbs.Explore, explore);

        // Assert
        var all = string.Join('\n', CardView.Texts(card));
        StringAssert.Contains(all, "Explore first needs Microsoft Graph, which is not configured");
        StringAssert.Contains(all, "Calendars.ReadWrite");
        var inputs = CardView.Walk(card).Where(e => e["id"] is not null).ToDictionary(e => (string)e["id"]!, e => e);
        Assert.AreEqual("Event streaming for orders", (string?)inputs[InputIds.Title]["value"]);
        Assert.AreEqual("Order events are lost.", (string?)inputs[InputIds.Context]["value"]);
        Assert.AreEqual(ExploreApp.Piotr.Id, (string?)inputs[InputIds.Decider]["value"]);
        Assert.IsFalse(CardView.Walk(card).Any(e => (string?)e["verb"] == CardVerbs.ExplorePick));
    }

    private static List<JsonObject> Picks(JsonObject card) =>
        [.. CardView.Walk(card).Where(e => (string?)e["verb"] == CardVerbs.ExplorePick).Select(e => e["data"]!.DeepClone().AsObject())];

    private static async Task<CalendarGraphStandIn> CalendarStandInAsync()
    {
        var graph = await CalendarGraphStandIn.StartAsync();
        DayOfWeek[] weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
        graph.AddMailbox(ExploreApp.Amelie.Email, "Romance Standard Time", new MailboxWorkingHours(weekdays, new TimeOnly(9, 0), new TimeOnly(17, 0), "Europe/Paris"));
        graph.AddMailbox(ExploreApp.Dana.Email, "Eastern Standard Time", new MailboxWorkingHours(weekdays, new TimeOnly(9, 0), new TimeOnly(17, 0), "America/New_York"));
        graph.AddMailbox(ExploreApp.Wei.Email, "Singapore Standard Time", new MailboxWorkingHours(weekdays, new TimeOnly(9, 0), new TimeOnly(17, 0), "Asia/Singapore"));
        graph.AddMailbox(ExploreApp.Piotr.Email, "Central European Standard Time", new MailboxWorkingHours(weekdays, new TimeOnly(9, 0), new TimeOnly(17, 0), "Europe/Warsaw"));
        return graph;
    }

    /// <summary>A member of the team as the roster has them.</summary>
    internal sealed record Member(string Id, string Name, string Email)
    {
        public string TeamsId => "29:1" + Id.Replace("-", string.Empty, StringComparison.Ordinal);

        public UserRef Ref => new(Id, Name);

        public TeamsMember ToTeamsMember() => new() { Id = TeamsId, Name = Name, AadObjectId = Id, Email = Email, UserPrincipalName = Email };
    }

    /// <summary>The app with the Graph stand-in (or without Graph), a mocked Connector whose roster has the four people, and a fake clock.</summary>
    private sealed class ExploreApp : LocalModeApp
    {
        public static readonly Member Amelie = new("3c1f0a2e-5b7d-4e9f-8a1c-2d3e4f5a6b01", "Amélie Laurent", "amelie.laurent@contoso.com");
        public static readonly Member Dana = new("3c1f0a2e-5b7d-4e9f-8a1c-2d3e4f5a6b02", "Dana Scott", "dana.scott@contoso.com");
        public static readonly Member Wei = new("3c1f0a2e-5b7d-4e9f-8a1c-2d3e4f5a6b03", "Tan Wei", "wei.tan@contoso.com");
        public static readonly Member Piotr = new("3c1f0a2e-5b7d-4e9f-8a1c-2d3e4f5a6b04", "Piotr Wiśniewski", "piotr.wisniewski@contoso.com");

        private const string BotId = "28:0f2c4e6a-8b1d-4f3e-9a5c-7d9e1f3a5b7c";
        private readonly CalendarGraphStandIn? graph;
        private readonly Mock<IConnectorClient> connector = new(MockBehavior.Loose);
        private readonly ConcurrentQueue<(string Conversation, Activity Activity)> sent = new();

        public ExploreApp(CalendarGraphStandIn? graph)
            : base("exp")
        {
            this.graph = graph;
            Team = $"19:{Guid.NewGuid():N}@thread.tacv2";
            Thread = ConversationIds.Thread(Team, RfcActionsApp.ThreadRoot);
            Member[] roster = [Amelie, Dana, Wei, Piotr];
            connector
                .Setup(c => c.GetMemberAsync(It.IsAny<Uri>(), Team, It.IsAny<string>(), It.IsAny<CancellationToken>()))
                .ReturnsAsync((Uri _, string _, string member, CancellationToken _) =>
                    roster.FirstOrDefault(m => string.Equals(m.Id, member, StringComparison.OrdinalIgnoreCase) || m.TeamsId == member)?.ToTeamsMember());
            connector.Setup(c => c.GetMembersAsync(It.IsAny<Uri>(), Team, It.IsAny<CancellationToken>())).ReturnsAsync([.. roster.Select(m => m.ToTeamsMember())]);
            connector.Setup(c => c.GetChannelsAsync(It.IsAny<Uri>(), Team, It.IsAny<CancellationToken>())).ReturnsAsync([new TeamChannel(Team, null)]);
            connector
                .Setup(c => c.SendAsync(It.IsAny<Uri>(), It.IsAny<string>(), It.IsAny<Activity>(), It.IsAny<CancellationToken>()))
                .Callback((Uri _, string conversation, Activity activity, CancellationToken _) => sent.Enqueue((conversation, activity)))
                .ReturnsAsync(() => "1730538" + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture));
        }

        public FakeTimeProvider Clock { get; } = new(Now);

        public string Team { get; }

        /// <summary>The channel thread everything happens in.</summary>
        public string Thread { get; }

        public IReadOnlyList<Activity> SentTo(string conversation) => [.. sent.Where(s => s.Conversation == conversation).Select(s => s.Activity)];

        /// <summary>"@TeamsDecisions {text} @a @b" from <paramref name="actor"/> in the thread; the card the bot replied with.</summary>
        public async Task<JsonObject> CommandAsync(Member actor, string text, params Member[] mentioned)
        {
            var before = SentTo(Thread).Count;
            var activity = NewActivity("message", actor);
            activity["text"] = $"<at>TeamsDecisions</at> {text} " + string.Join(' ', mentioned.Select(m => $"<at>{m.Name}</at>"));
            activity["entities"] = new JsonArray(
            [
                new JsonObject { ["type"] = "mention", ["text"] = "<at>TeamsDecisions</at>", ["mentioned"] = new JsonObject { ["id"] = BotId, ["name"] = "TeamsDecisions" } },
                .. mentioned.Select(m => (JsonNode)new JsonObject { ["type"] = "mention", ["text"] = $"<at>{m.Name}</at>", ["mentioned"] = new JsonObject { ["id"] = m.TeamsId, ["name"] = m.Name } }),
            ]);
            using var response = await PostActivityAsync(activity);
            Assert.IsTrue(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            var reply = SentTo(Thread).Skip(before).LastOrDefault() ?? throw new AssertFailedException($"The bot did not reply to \"{text}\".");
            return JsonNode.Parse(JsonSerializer.Serialize(reply.Attachments![0].Content, Cards.Model.CardJson.Options))!.AsObject();
        }

        /// <summary>An Action.Execute from <paramref name="actor"/> on a card in the thread; the card answered.</summary>
        public async Task<JsonObject> ActAsync(Member actor, string verb, JsonObject data)
        {
            var activity = NewActivity("invoke", actor);
            activity["name"] = "adaptiveCard/action";
            activity["replyToId"] = RfcActionsApp.ThreadRoot;
            activity["value"] = new JsonObject
            {
                ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data.DeepClone() },
                ["trigger"] = "manual",
            };
            using var response = await PostActivityAsync(activity);
            var json = await response.Content.ReadAsStringAsync();
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, json);
            return JsonNode.Parse(json)!["value"]!.AsObject();
        }

        protected override IEnumerable<KeyValuePair<string, string?>> Settings() => graph is null
            ? []
            : [new("Graph:UseManagedIdentity", "true"), new("Graph:BaseUrl", graph.BaseUrl.AbsoluteUri)];

        protected override void ReplaceServices(IServiceCollection services)
        {
            services.AddSingleton(connector.Object);
            services.AddSingleton<TimeProvider>(Clock);
        }

        private JsonObject NewActivity(string type, Member actor) => new()
        {
            ["type"] = type,
            ["id"] = "f:" + Guid.NewGuid().ToString("N"),
            ["timestamp"] = Clock.GetUtcNow().ToString("o", CultureInfo.InvariantCulture),
            ["serviceUrl"] = RfcActionsApp.ServiceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = actor.TeamsId, ["name"] = actor.Name, ["aadObjectId"] = actor.Id },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "TeamsDecisions" },
            ["conversation"] = new JsonObject { ["isGroup"] = true, ["conversationType"] = "channel", ["tenantId"] = RfcActionsApp.Tenant, ["id"] = Thread },
            ["locale"] = "en-GB",
            ["channelData"] = new JsonObject
            {
                ["tenant"] = new JsonObject { ["id"] = RfcActionsApp.Tenant },
                ["team"] = new JsonObject { ["id"] = Team, ["name"] = "Platform Engineering" },
                ["channel"] = new JsonObject { ["id"] = Team, ["name"] = "General" },
            },
        };
    }
}
