using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;
using TeamsDecisions.Cards.Model;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Teams.Connector;
using TeamsDecisions.Testing;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// <c>/api/meeting-test</c> for the Outlook add-in, on the real app in local mode (loopback callers are the configured
/// developer, Zofia), with the Connector mocked and the clock at Monday 30 November 2026 09:00 UTC.
/// </summary>
[TestClass]
public sealed class MeetingTestApiTests
{
    private const string WeeklyAlert = "This weekly meeting costs 30 person-hours a month and lands at 22:00 for 3 people in Singapore. Would a written async thread achieve the same outcome?";

    [TestMethod]
    public async Task Evaluate_WeeklyMeetingLateInSingapore_VerdictFromCoreCostAndTheAlertWithTheFacts()
    {
        // Arrange: weekly on Tuesdays 14:00–15:00 UTC (15:00 in Paris, 22:00 in Singapore), seven people.
        await using var app = new MeetingTestApp();

        // Act
        using var response = await app.PostAsync(MeetingTestApp.Path, Weekly());

        // Assert
        var body = await Json(response, HttpStatusCode.OK);
        Assert.AreEqual("MakeItAThread", (string?)body["verdict"], "A status sync, guessed from the subject, is a thread (Core's MeetingTest).");
        Assert.AreEqual("Make it a thread", (string?)body["verdictTitle"]);
        Assert.IsTrue((bool)body["purposeGuessed"]!);
        Assert.Contains(r => r!.ToString().Contains("lands outside 08:00–18:00 for 3 of 7 people", StringComparison.Ordinal), body["reasons"]!.AsArray());
        var cost = body["cost"]!;
        Assert.AreEqual(30.0, (double)cost["personHoursPerMonth"]!);
        Assert.AreEqual("weekly", (string?)cost["recurrence"]);
        Assert.AreEqual(7, (int)cost["people"]!);
        Assert.AreEqual(2, (int)cost["timeZones"]!);
        Assert.AreEqual("lands at 22:00 for 3 people in Singapore", (string?)cost["burden"]);
        Assert.AreEqual("Singapore", (string?)cost["outsideWorkingHours"]![0]!["place"]);
        Assert.IsTrue((bool)body["alert"]!["ask"]!);
        Assert.AreEqual(WeeklyAlert, (string?)body["alert"]!["message"]);
        Assert.IsNull(body["startRfcLink"], "Local mode has no bot id, so no Teams link.");
    }

    [TestMethod]
    public async Task Evaluate_CheapOneOffWithAnswers_NoAlertAndTheAnswersDecide()
    {
        // Arrange: three people for an hour, once; the organiser says it needs a whiteboard.
        await using var app = new MeetingTestApp();
        var request = Weekly();
        request.Remove("recurrence");
        request["attendees"] = new JsonArray(new JsonObject { ["email"] = "amara@contoso.com" }, new JsonObject { ["email"] = "wei@contoso.com" });
        request["answers"] = new JsonObject { ["purpose"] = "Decision", ["realTime"] = false, ["visual"] = true, ["shared"] = false };

        // Act
        using var response = await app.PostAsync(MeetingTestApp.Path, request);

        // Assert
        var body = await Json(response, HttpStatusCode.OK);
        Assert.AreEqual("KeepItShortAndWriteUp", (string?)body["verdict"]);
        Assert.IsFalse((bool)body["purposeGuessed"]!);
        Assert.AreEqual(3.0, (double)body["cost"]!["personHoursPerMonth"]!);
        Assert.IsFalse((bool)body["cost"]!["recurring"]!);
        Assert.AreEqual("This meeting costs 3 person-hours.", (string?)body["cost"]!["summary"]);
        Assert.IsFalse((bool)body["alert"]!["ask"]!);
        Assert.IsNull(body["alert"]!["message"]);
    }

    [TestMethod]
    [DataRow("subject", null, "subject")]
    [DataRow("subject", "  ", "subject")]
    [DataRow("start", null, "start")]
    [DataRow("start", "tomorrow at ten", "start")]
    [DataRow("start", "2026-12-01T14:00:00", "start")]
    [DataRow("end", "2026-12-01T13:00:00Z", "end")]
    [DataRow("timeZone", null, "timeZone")]
    [DataRow("timeZone", "Mars/Olympus_Mons", "timeZone")]
    [DataRow("attendees", null, "attendees")]
    public async Task Evaluate_MissingOrBadField_ProblemNamingTheField(string field, string? value, string named)
    {
        // Arrange
        await using var app = new MeetingTestApp();
        var request = Weekly();
        request[field] = value is null ? null : JsonValue.Create(value);

        // Act
        using var response = await app.PostAsync(MeetingTestApp.Path, request);

        // Assert
        await AssertProblemAsync(response, named);
    }

    [TestMethod]
    [DataRow("""{"attendees":"everyone"}""", "attendees")]
    [DataRow("""{"attendees":[{"email":"nobody"}]}""", "organizer")]
    [DataRow("""{"recurrence":{"type":"hourly"}}""", "recurrence.type")]
    [DataRow("""{"recurrence":{"type":"weekly","interval":0}}""", "recurrence.interval")]
    [DataRow("""{"recurrence":{"type":"weekly","days":["someday"]}}""", "recurrence.days")]
    [DataRow("""{"answers":{"purpose":"Gossip"}}""", "answers.purpose")]
    public async Task Evaluate_BadNestedField_ProblemNamingItsPath(string change, string named)
    {
        // Arrange: "organizer" because the organiser is fine but the list after it is not — the first attendee is attendees[0].
        await using var app = new MeetingTestApp();
        var request = Weekly();
        foreach (var (key, value) in JsonNode.Parse(change)!.AsObject())
        {
            request[key] = value?.DeepClone();
        }

        if (named == "organizer")
        {
            named = "attendees[0].email";
        }

        // Act
        using var response = await app.PostAsync(MeetingTestApp.Path, request);

        // Assert
        await AssertProblemAsync(response, named);
    }

    [TestMethod]
    public async Task Evaluate_OversizedAgenda_ProblemNamingTheAgendaAndTheLimit()
    {
        // Arrange
        await using var app = new MeetingTestApp();
        var request = Weekly();
        request["agenda"] = new string('a', 4001);

        // Act
        using var response = await app.PostAsync(MeetingTestApp.Path, request);

        // Assert
        var problem = await AssertProblemAsync(response, "agenda");
        Assert.AreEqual("The agenda is 4,001 characters; at most 4,000. Shorten it, or link to a document.", (string?)problem["title"]);
    }

    [TestMethod]
    public async Task Evaluate_OversizedSubject_ProblemNamingTheSubject()
    {
        // Arrange
        await using var app = new MeetingTestApp();
        var request = Weekly();
        request["subject"] = new string('s', 256);

        // Act
        using var response = await app.PostAsync(MeetingTestApp.Path, request);

        // Assert
        await AssertProblemAsync(response, "subject");
    }

    [TestMethod]
    public async Task Evaluate_NotFromLoopbackInLocalMode_Unauthenticated401()
    {
        // Arrange: the in-memory test server's requests come from no address at all, as a remote caller would.
        await using var host = AppHost.WithAzurite();
        using var client = host.CreateClient();

        // Act
        using var response = await client.PostAsJsonAsync(MeetingTestApp.Path, Weekly());
        using var thread = await client.PostAsJsonAsync(MeetingTestApp.Path + "/post-thread", new JsonObject());

        // Assert
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.AreEqual(HttpStatusCode.Unauthorized, thread.StatusCode);
    }

    [TestMethod]
    public async Task Evaluate_SignInConfiguredAndNoToken_Unauthenticated401AndAValidTokenIsAnswered()
    {
        // Arrange: TabAuth:ClientId set (Microsoft.Identity.Web against the Entra stand-in); Office SSO asks a token
        // for the same app registration (webApplicationInfo), so the token is the tab's.
        await using var entra = await EntraStandIn.StartAsync();
        await using var host = new AppHost(TabAuthTests.Settings(entra));
        using var client = host.CreateClient();
        using var signedIn = new HttpRequestMessage(HttpMethod.Post, MeetingTestApp.Path) { Content = JsonContent.Create(Weekly()) };
        signedIn.Headers.Authorization = new("Bearer", entra.Token(TabUsers.HomeTenant, TabUsers.ApplicationIdUri));

        // Act
        using var anonymous = await client.PostAsJsonAsync(MeetingTestApp.Path, Weekly());
        using var answered = await client.SendAsync(signedIn);

        // Assert
        Assert.AreEqual(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var body = await Json(answered, HttpStatusCode.OK);
        Assert.AreEqual(WeeklyAlert, (string?)body["alert"]!["message"]);
    }

    [TestMethod]
    [DataRow("/addin/taskpane.html", "text/html")]
    [DataRow("/addin/commands.html", "text/html")]
    [DataRow("/addin/commands.js", "text/javascript")]
    [DataRow("/addin/taskpane.js", "text/javascript")]
    [DataRow("/addin/icon-80.png", "image/png")]
    public async Task AddinPages_AnyCaller_ServedWithoutSignInAndRevalidated(string path, string type)
    {
        // Arrange: Outlook fetches the pages before anyone is signed in.
        await using var host = AppHost.WithAzurite();
        using var client = host.CreateClient();

        // Act
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        // Assert
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual(type, response.Content.Headers.ContentType?.MediaType);
        Assert.IsTrue(response.Headers.CacheControl?.NoCache, "A deployment's new send handler is picked up at once.");
    }

    [TestMethod]
    public async Task AddinSendScript_Served_NamesTheAppsOriginForTheJavaScriptOnlyRuntime()
    {
        // Arrange
        await using var host = AppHost.WithAzurite();
        using var client = host.CreateClient();

        // Act
        var script = await client.GetStringAsync(new Uri("/addin/commands.js", UriKind.Relative));

        // Assert: the test server's host is localhost (loopback keeps its scheme); the rest is the file as written.
        StringAssert.StartsWith(script, "globalThis.TEAMSDECISIONS_API_BASE = \"http://localhost\";\n");
        StringAssert.Contains(script, "function onAppointmentSendHandler(event, options)");
    }

    [TestMethod]
    public async Task Channels_MemberOfTheTeam_ListsItsChannels()
    {
        // Arrange
        await using var app = new MeetingTestApp();
        var team = await app.InstallTeamAsync(member: true);

        // Act
        using var response = await app.GetAsync($"{MeetingTestApp.Path}/channels?team={Uri.EscapeDataString(team.Value)}");

        // Assert
        var body = await Json(response, HttpStatusCode.OK);
        CollectionAssert.AreEqual(new[] { "General", "Architecture" }, body["channels"]!.AsArray().Select(c => (string?)c!["name"]).ToArray());
    }

    [TestMethod]
    public async Task PostThread_MemberChoosesAChannel_ThreadCardPostedThereWithReplyByFromTheTeamNorm()
    {
        // Arrange
        await using var app = new MeetingTestApp();
        var team = await app.InstallTeamAsync(member: true);
        var request = new JsonObject
        {
            ["meeting"] = Weekly(),
            ["team"] = team.Value,
            ["channel"] = MeetingTestApp.Architecture,
            ["questions"] = new JsonArray("Where are we on the Kafka migration?", "Who reviews the schema changes?"),
        };

        // Act
        using var response = await app.PostAsync(MeetingTestApp.Path + "/post-thread", request);

        // Assert: a status update gets the routine norm (24 h, the team default).
        var body = await Json(response, HttpStatusCode.OK);
        Assert.AreEqual("Architecture", (string?)body["channelName"]);
        Assert.AreEqual(MeetingTestApp.Now.AddHours(24), DateTimeOffset.Parse((string)body["replyBy"]!, System.Globalization.CultureInfo.InvariantCulture));
        var posted = app.Posted.Single();
        Assert.AreEqual(MeetingTestApp.Architecture, posted.ChannelData!.Channel!.Id);
        Assert.IsTrue(posted.IsGroup);
        var card = JsonSerializer.Serialize(posted.Activity!.Attachments![0].Content, CardJson.Options);
        StringAssert.Contains(card, "Weekly status sync");
        StringAssert.Contains(card, "Who reviews the schema changes?");
        StringAssert.Contains(card, "Zofia W");
    }

    [TestMethod]
    public async Task PostThread_NotOnTheTeamsRoster_403AndNothingPosted()
    {
        // Arrange
        await using var app = new MeetingTestApp();
        var team = await app.InstallTeamAsync(member: false);
        var request = new JsonObject { ["meeting"] = Weekly(), ["team"] = team.Value, ["channel"] = MeetingTestApp.Architecture, ["questions"] = new JsonArray("Status?") };

        // Act
        using var response = await app.PostAsync(MeetingTestApp.Path + "/post-thread", request);

        // Assert
        Assert.AreEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.IsEmpty(app.Posted);
    }

    [TestMethod]
    public async Task PostThread_ChannelOfAnotherTeam_ProblemNamingTheChannelAndNothingPosted()
    {
        // Arrange
        await using var app = new MeetingTestApp();
        var team = await app.InstallTeamAsync(member: true);
        var request = new JsonObject { ["meeting"] = Weekly(), ["team"] = team.Value, ["channel"] = "19:elsewhere@thread.tacv2", ["questions"] = new JsonArray("Status?") };

        // Act
        using var response = await app.PostAsync(MeetingTestApp.Path + "/post-thread", request);

        // Assert
        await AssertProblemAsync(response, "channel");
        Assert.IsEmpty(app.Posted);
    }

    /// <summary>
    /// "Weekly status sync", Tuesdays 14:00–15:00 UTC from 1 December 2026, organised by Zofia in Paris; three
    /// invitees in Singapore, three whose zone Outlook does not know.
    /// </summary>
    private static JsonObject Weekly() => new()
    {
        ["subject"] = "Weekly status sync",
        ["start"] = "2026-12-01T14:00:00.000Z",
        ["end"] = "2026-12-01T15:00:00.000Z",
        ["timeZone"] = "Europe/Paris",
        ["organizer"] = new JsonObject { ["email"] = "zofia@contoso.com" },
        ["attendees"] = new JsonArray(
            new JsonObject { ["email"] = "li@contoso.com", ["timeZone"] = "Asia/Singapore" },
            new JsonObject { ["email"] = "wei@contoso.com", ["timeZone"] = "Singapore Standard Time" },
            new JsonObject { ["email"] = "ana@contoso.com", ["timeZone"] = "Asia/Singapore" },
            new JsonObject { ["email"] = "amara@contoso.com" },
            new JsonObject { ["email"] = "jonas@contoso.com" },
            new JsonObject { ["email"] = "eve@contoso.com" }),
        ["recurrence"] = new JsonObject { ["type"] = "weekly", ["interval"] = 1, ["days"] = new JsonArray("tue") },
    };

    private static async Task<JsonObject> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(expected, response.StatusCode, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, string field)
    {
        var problem = await Json(response, HttpStatusCode.BadRequest);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.IsNotNull(problem["errors"]?[field], $"The problem names {field}: {problem.ToJsonString()}");
        Assert.IsFalse(string.IsNullOrWhiteSpace((string?)problem["title"]), "The title says what to fix.");
        return problem;
    }

    /// <summary>The real app on Kestrel in local mode with the Connector mocked: channels General and Architecture; posts recorded.</summary>
    private sealed class MeetingTestApp() : LocalModeApp("mta")
    {
        public const string Path = "/api/meeting-test";
        public const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
        public const string Zofia = "6b2d1a3e-0c1f-4a4e-9a57-1c1f0f8c0a01";
        public const string Architecture = "19:architecture@thread.tacv2";
        public static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

        private readonly Mock<IConnectorClient> connector = new(MockBehavior.Loose);
        private readonly System.Collections.Concurrent.ConcurrentQueue<ConversationParameters> posted = new();

        public IReadOnlyList<ConversationParameters> Posted => [.. posted];

        public async Task<TeamId> InstallTeamAsync(bool member)
        {
            var team = Sample.NewTeam();
            await Services.GetRequiredService<IConversationStore>().SaveTeamAsync(new TeamConversation(team, Tenant, "Platform Engineering", new Uri("http://127.0.0.1:56790/_connector/"), team.Value), CancellationToken.None);
            connector
                .Setup(c => c.GetAllMembersAsync(It.IsAny<Uri>(), team.Value, It.IsAny<CancellationToken>()))
                .ReturnsAsync([new TeamsMember { Id = "29:1" + (member ? Zofia : "someone"), Name = "Zofia Wójcik", AadObjectId = member ? Zofia : Guid.NewGuid().ToString(), UserRole = TeamsUserRoles.User }]);
            connector
                .Setup(c => c.GetChannelsAsync(It.IsAny<Uri>(), team.Value, It.IsAny<CancellationToken>()))
                .ReturnsAsync([new TeamChannel(team.Value, null), new TeamChannel(Architecture, "Architecture")]);
            return team;
        }

        public async Task<HttpResponseMessage> PostAsync(string path, JsonObject body)
        {
            using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            return await Http.PostAsync(new Uri(path, UriKind.Relative), content);
        }

        public Task<HttpResponseMessage> GetAsync(string path) => Http.GetAsync(new Uri(path, UriKind.Relative));

        protected override void ReplaceServices(IServiceCollection services)
        {
            connector
                .Setup(c => c.CreateConversationAsync(It.IsAny<Uri>(), It.IsAny<ConversationParameters>(), It.IsAny<CancellationToken>()))
                .Callback((Uri _, ConversationParameters parameters, CancellationToken _) => posted.Enqueue(parameters))
                .ReturnsAsync(new ConversationResourceResponse(Architecture + ";messageid=1", "1", null));
            services.AddSingleton(connector.Object);
            services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        }
    }
}
