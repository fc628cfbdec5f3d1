using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Moq;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Teams.Connector;
using TeamsDecisions.Teams.Tests.Support;

namespace TeamsDecisions.Teams.Tests;

/// <summary>The Connector client as AddTeamsBot() registers it (resilience handler included) against a scripted loopback Connector.</summary>
[TestClass]
public sealed class ConnectorClientTests
{
    private const string EscapedConversationId = "19%3Ad1f4b2a0c9e84b5e9f3c2a1b0e9d8c7f%40thread.tacv2%3Bmessageid%3D1715678000000";

    private static readonly Activity Card = new()
    {
        Type = ActivityTypes.Message,
        Text = "RFC-12 is open for comments",
        Attachments = [Attachment.AdaptiveCard(new { type = "AdaptiveCard", version = "1.5", body = Array.Empty<object>() })],
    };

    private static IHost BuildHost(int retries = 4, Action<IServiceCollection>? services = null, Dictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        settings ??= [];
        settings["Bot:ConnectorRetries"] = retries.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // On the fake clock a long back-off costs nothing, and a base this large never jitters a wait below 1 ms,
        // which Task.Delay would complete without a timer (so the clock would never see it).
        settings.TryAdd("Bot:ConnectorRetryDelay", clock is null ? "00:00:00.010" : "00:00:02");
        return BotHost.Build(settings, services: s =>
        {
            if (clock is not null)
            {
                s.AddSingleton(clock);
            }

            services?.Invoke(s);
        });
    }

    private static IConnectorClient Client(IHost host) => host.Services.GetRequiredService<IConnectorClient>();

    /// <summary>Lets the client's next <paramref name="count"/> waits elapse on the fake clock, one at a time.</summary>
    private static async Task<List<TimeSpan>> ElapseWaitsAsync(WaitingClock clock, int count)
    {
        var waits = new List<TimeSpan>();
        for (var i = 0; i < count; i++)
        {
            waits.Add(await clock.ElapseNextWaitAsync());
        }

        return waits;
    }

    [TestMethod]
    public async Task SendAsync_429WithRetryAfterThen200_WaitsRetryAfterOnTheClockThenSucceeds()
    {
        // Arrange
        var clock = new WaitingClock();
        await using var connector = await ScriptedConnectorServer.StartAsync(clock);
        connector.Script(new ScriptedResponse(429, RetryAfter: "7"), new ScriptedResponse(200, "{\"id\":\"1715678600000\"}"));
        using var host = BuildHost(clock: clock);

        // Act
        var send = Client(host).SendAsync(connector.ServiceUrl, Sample.ChannelConversationId, Card, CancellationToken.None);
        var wait = await clock.ElapseNextWaitAsync();
        var id = await send;

        // Assert
        Assert.AreEqual(TimeSpan.FromSeconds(7), wait);
        Assert.AreEqual("1715678600000", id);
        var requests = connector.Requests;
        Assert.HasCount(2, requests);
        Assert.AreEqual(TimeSpan.FromSeconds(7), requests[1].At - requests[0].At, "the retry went out once Retry-After had passed, not before");
    }

    [TestMethod]
    public async Task SendAsync_429WithRetriesOff_ExceptionCarriesStatusAndRetryAfter()
    {
        // Arrange: the caller (the notification outbox) reschedules by Retry-After when the Connector's retries are spent.
        var clock = new WaitingClock();
        await using var connector = await ScriptedConnectorServer.StartAsync(clock);
        connector.Script(new ScriptedResponse(429, RetryAfter: "7"));
        using var host = BuildHost(retries: 0, clock: clock);

        // Act
        var error = await Assert.ThrowsAsync<ConnectorException>(() => Client(host).SendAsync(connector.ServiceUrl, Sample.ChannelConversationId, Card, CancellationToken.None));

        // Assert
        Assert.AreEqual(429, error.Status);
        Assert.AreEqual(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.HasCount(1, connector.Requests);
    }

    [TestMethod]
    public async Task SendAsync_502Then502Then200_BacksOffOnTheClockWithinMaxDelay()
    {
        // Arrange
        var clock = new WaitingClock();
        await using var connector = await ScriptedConnectorServer.StartAsync(clock);
        connector.Script(new ScriptedResponse(502), new ScriptedResponse(502), new ScriptedResponse(200, "{\"id\":\"ok\"}"));
        using var host = BuildHost(clock: clock);

        // Act
        var send = Client(host).SendAsync(connector.ServiceUrl, Sample.ChannelConversationId, Card, CancellationToken.None);
        var waits = await ElapseWaitsAsync(clock, 2);
        var id = await send;

        // Assert
        Assert.AreEqual("ok", id);
        var requests = connector.Requests;
        Assert.HasCount(3, requests);
        Assert.IsTrue(waits.All(w => w > TimeSpan.Zero && w <= TimeSpan.FromSeconds(30)), string.Join(", ", waits));
        Assert.AreEqual(waits[0], requests[1].At - requests[0].At);
        Assert.AreEqual(waits[1], requests[2].At - requests[1].At);
    }

    [TestMethod]
    public async Task SendAsync_RetryAfterPastTheTotalTimeout_GivesUpAtTheTotalTimeout()
    {
        // Arrange: the Connector keeps asking for a minute's patience; the call may take 90 seconds in all.
        var clock = new WaitingClock();
        await using var connector = await ScriptedConnectorServer.StartAsync(clock);
        connector.Script(new ScriptedResponse(429, RetryAfter: "60"));
        using var host = BuildHost(clock: clock, settings: new() { ["Bot:ConnectorTotalTimeout"] = "00:01:30" });

        // Act
        var send = Client(host).SendAsync(connector.ServiceUrl, Sample.ChannelConversationId, Card, CancellationToken.None);
        await clock.ElapseNextWaitAsync();
        var second = await clock.NextWaitAsync();
        clock.Advance(TimeSpan.FromSeconds(30));
        var error = await Assert.ThrowsAsync<ConnectorException>(() => send.WaitAsync(TimeSpan.FromSeconds(10)));

        // Assert
        Assert.AreEqual(TimeSpan.FromSeconds(60), second);
        Assert.HasCount(2, connector.Requests);
        Assert.IsInstanceOfType<Polly.Timeout.TimeoutRejectedException>(error.InnerException);
    }

    [TestMethod]
    public async Task SendAsync_502Then504Then412Then200_SucceedsAfterThreeRetries()
    {
        // Arrange
        var clock = new WaitingClock();
        await using var connector = await ScriptedConnectorServer.StartAsync(clock);
        connector.Script(new ScriptedResponse(502), new ScriptedResponse(504), new ScriptedResponse(412), new ScriptedResponse(200, "{\"id\":\"ok\"}"));
        using var host = BuildHost(clock: clock);

        // Act
        var send = Client(host).SendAsync(connector.ServiceUrl, Sample.ChannelConversationId, Card, CancellationToken.None);
        await ElapseWaitsAsync(clock, 3);
        var id = await send;

        // Assert
        Assert.AreEqual("ok", id);
        var requests = connector.Requests;
        Assert.HasCount(4, requests);
        Assert.AreEqual(1, requests.Select(r => r.Body).Distinct().Count(), "every attempt carries the same activity");
        Assert.IsFalse(string.IsNullOrEmpty(requests[^1].Body));
    }

    [TestMethod]
    public async Task SendAsync_400_NotRetriedAndThrowsWithStatus()
    {
        // Arrange
        await using var connector = await ScriptedConnectorServer.StartAsync();
        connector.Script(new ScriptedResponse(400, "{\"error\":{\"code\":\"BadSyntax\",\"message\":\"bad\"}}"));
        using var host = BuildHost();

        // Act
        var error = await Assert.ThrowsAsync<ConnectorException>(() => Client(host).SendAsync(connector.ServiceUrl, Sample.ChannelConversationId, Card, CancellationToken.None));

        // Assert
        Assert.AreEqual(400, error.Status);
        Assert.HasCount(1, connector.Requests);
    }

    [TestMethod]
    public async Task SendAsync_Persistent503_NotRetried()
    {
        // Arrange: Teams asks for retries on 429, 412, 502 and 504 only.
        await using var connector = await ScriptedConnectorServer.StartAsync();
        connector.Script(new ScriptedResponse(503));
        using var host = BuildHost();

        // Act
        var error = await Assert.ThrowsAsync<ConnectorException>(() => Client(host).SendAsync(connector.ServiceUrl, Sample.ChannelConversationId, Card, CancellationToken.None));

        // Assert
        Assert.AreEqual(503, error.Status);
        Assert.HasCount(1, connector.Requests);
    }

    [TestMethod]
    public async Task SendAsync_Persistent429_GivesUpAfterRetriesPlusOneAttempts()
    {
        // Arrange
        var clock = new WaitingClock();
        await using var connector = await ScriptedConnectorServer.StartAsync(clock);
        connector.Script(new ScriptedResponse(429));
        using var host = BuildHost(retries: 3, clock: clock);

        // Act
        var send = Client(host).SendAsync(connector.ServiceUrl, Sample.ChannelConversationId, Card, CancellationToken.None);
        await ElapseWaitsAsync(clock, 3);
        var error = await Assert.ThrowsAsync<ConnectorException>(() => send);

        // Assert
        Assert.AreEqual(429, error.Status);
        Assert.HasCount(4, connector.Requests);
    }

    [TestMethod]
    public async Task SendAsync_ZeroRetriesConfigured_502NotRetried()
    {
        // Arrange
        await using var connector = await ScriptedConnectorServer.StartAsync();
        connector.Script(new ScriptedResponse(502), new ScriptedResponse(200, "{\"id\":\"late\"}"));
        using var host = BuildHost(retries: 0);

        // Act
        var error = await Assert.ThrowsAsync<ConnectorException>(() => Client(host).SendAsync(connector.ServiceUrl, Sample.ChannelConversationId, Card, CancellationToken.None));

        // Assert
        Assert.AreEqual(502, error.Status);
        Assert.HasCount(1, connector.Requests);
    }

    [TestMethod]
    public async Task SendAsync_Activity_PostsJsonToEscapedConversationActivities()
    {
        // Arrange
        await using var connector = await ScriptedConnectorServer.StartAsync();
        connector.Script(new ScriptedResponse(201, "{\"id\":\"new-activity\"}"));
        using var host = BuildHost();

        // Act
        var id = await Client(host).SendAsync(connector.ServiceUrl, Sample.ChannelConversationId, Card, CancellationToken.None);

        // Assert
        Assert.AreEqual("new-activity", id);
        var request = connector.Requests.Single();
        Assert.AreEqual("POST", request.Method);
        Assert.AreEqual($"/amer/v3/conversations/{EscapedConversationId}/activities", request.RawTarget);
        Assert.StartsWith("application/json", request.ContentType ?? string.Empty);
        using var body = JsonDocument.Parse(request.Body);
        Assert.AreEqual("message", body.RootElement.GetProperty("type").GetString());
        Assert.AreEqual(Card.Text, body.RootElement.GetProperty("text").GetString());
        Assert.AreEqual(Attachment.AdaptiveCardContentType, body.RootElement.GetProperty("attachments")[0].GetProperty("contentType").GetString());
        Assert.AreEqual("AdaptiveCard", body.RootElement.GetProperty("attachments")[0].GetProperty("content").GetProperty("type").GetString());
    }

    [TestMethod]
    public async Task SendAsync_ServiceUrlWithoutTrailingSlash_KeepsItsPath()
    {
        // Arrange
        await using var connector = await ScriptedConnectorServer.StartAsync();
        using var host = BuildHost();
        var serviceUrl = new Uri(connector.ServiceUrl.AbsoluteUri.TrimEnd('/'));

        // Act
        await Client(host).SendAsync(serviceUrl, "a:1xyz", Card, CancellationToken.None);

        // Assert
        Assert.AreEqual("/amer/v3/conversations/a%3A1xyz/activities", connector.Requests.Single().RawTarget);
    }

    [TestMethod]
    public async Task UpdateAsync_Activity_PutsToActivityWithItsId()
    {
        // Arrange
        await using var connector = await ScriptedConnectorServer.StartAsync();
        connector.Script(new ScriptedResponse(200, "{\"id\":\"1715678600000\"}"));
        using var host = BuildHost();

        // Act
        await Client(host).UpdateAsync(connector.ServiceUrl, Sample.ChannelConversationId, "1715678600000", Card, CancellationToken.None);

        // Assert
        var request = connector.Requests.Single();
        Assert.AreEqual("PUT", request.Method);
        Assert.AreEqual($"/amer/v3/conversations/{EscapedConversationId}/activities/1715678600000", request.RawTarget);
        using var body = JsonDocument.Parse(request.Body);
        Assert.AreEqual("1715678600000", body.RootElement.GetProperty("id").GetString());
        Assert.AreEqual("message", body.RootElement.GetProperty("type").GetString());
    }

    [TestMethod]
    public async Task CreateConversationAsync_ChannelThread_PostsIsGroupAndChannelId()
    {
        // Arrange
        await using var connector = await ScriptedConnectorServer.StartAsync();
        connector.Script(new ScriptedResponse(201, "{\"id\":\"19:chan@thread.tacv2;messageid=1715678700000\",\"activityId\":\"1715678700000\"}"));
        using var host = BuildHost();
        var parameters = new ConversationParameters(
            IsGroup: true,
            Bot: new ChannelAccount { Id = "28:" + Sample.AppId },
            TenantId: Sample.TenantA,
            ChannelData: new TeamsChannelData { Channel = new ChannelInfo("19:chan@thread.tacv2"), Tenant = new TenantInfo(Sample.TenantA) },
            Activity: Card);

        // Act
        var created = await Client(host).CreateConversationAsync(connector.ServiceUrl, parameters, CancellationToken.None);

        // Assert
        Assert.AreEqual("1715678700000", created.ActivityId);
        Assert.AreEqual("19:chan@thread.tacv2;messageid=1715678700000", created.Id);
        var request = connector.Requests.Single();
        Assert.AreEqual("POST", request.Method);
        Assert.AreEqual("/amer/v3/conversations", request.RawTarget);
        using var body = JsonDocument.Parse(request.Body);
        Assert.IsTrue(body.RootElement.GetProperty("isGroup").GetBoolean());
        Assert.AreEqual("19:chan@thread.tacv2", body.RootElement.GetProperty("channelData").GetProperty("channel").GetProperty("id").GetString());
        Assert.AreEqual(Sample.TenantA, body.RootElement.GetProperty("tenantId").GetString());
        Assert.AreEqual("message", body.RootElement.GetProperty("activity").GetProperty("type").GetString());
    }

    [TestMethod]
    public async Task GetMemberAsync_KnownMember_GetsMemberWithEntraId()
    {
        // Arrange
        await using var connector = await ScriptedConnectorServer.StartAsync();
        connector.Script(new ScriptedResponse(200, "{\"id\":\"29:1abc\",\"name\":\"Ada\",\"objectId\":\"6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f\",\"userPrincipalName\":\"ada@contoso.com\",\"tenantId\":\"t\",\"userRole\":\"user\"}"));
        using var host = BuildHost();

        // Act
        var member = await Client(host).GetMemberAsync(connector.ServiceUrl, Sample.ChannelConversationId, "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f", CancellationToken.None);

        // Assert
        Assert.AreEqual("6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f", member?.EntraId);
        var request = connector.Requests.Single();
        Assert.AreEqual("GET", request.Method);
        Assert.AreEqual($"/amer/v3/conversations/{EscapedConversationId}/members/6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f", request.RawTarget);
    }

    [TestMethod]
    public async Task GetMemberAsync_NotFound_ReturnsNull()
    {
        // Arrange
        await using var connector = await ScriptedConnectorServer.StartAsync();
        connector.Script(new ScriptedResponse(404, "{\"error\":{\"code\":\"MemberNotFoundInConversation\"}}"));
        using var host = BuildHost();

        // Act
        var member = await Client(host).GetMemberAsync(connector.ServiceUrl, Sample.ChannelConversationId, "29:gone", CancellationToken.None);

        // Assert
        Assert.IsNull(member);
    }

    [TestMethod]
    public async Task GetAllMembersAsync_TwoPages_ReadsEveryPageWithItsRole()
    {
        // Arrange: the shape of the Teams docs' pagedmembers answer (get-teams-context), an owner on the second page.
        await using var connector = await ScriptedConnectorServer.StartAsync();
        connector.Script(
            new ScriptedResponse(200, "{\"continuationToken\":\"a+b/c=\",\"members\":[{\"id\":\"29:1u\",\"objectId\":\"76b0b09f-d410-48fd-993e-84da521a597b\",\"userPrincipalName\":\"johnp@fabrikam.com\",\"tenantId\":\"t\",\"userRole\":\"user\"}]}"),
            new ScriptedResponse(200, "{\"members\":[{\"id\":\"29:1o\",\"objectId\":\"6b7b3b2a-2c4b-4175-8582-41c9e685c1b5\",\"userRole\":\"owner\"}]}"));
        using var host = BuildHost();

        // Act
        var members = await Client(host).GetAllMembersAsync(connector.ServiceUrl, "19:team@thread.tacv2", CancellationToken.None);

        // Assert
        Assert.HasCount(2, members);
        Assert.AreEqual(TeamsUserRoles.User, members[0].UserRole);
        Assert.AreEqual("6b7b3b2a-2c4b-4175-8582-41c9e685c1b5", members[1].EntraId);
        Assert.AreEqual(TeamsUserRoles.Owner, members[1].UserRole);
        var requests = connector.Requests;
        Assert.HasCount(2, requests);
        Assert.AreEqual("/amer/v3/conversations/19%3Ateam%40thread.tacv2/pagedmembers?pageSize=500", requests[0].RawTarget);
        Assert.AreEqual("/amer/v3/conversations/19%3Ateam%40thread.tacv2/pagedmembers?pageSize=500&continuationToken=a%2Bb%2Fc%3D", requests[1].RawTarget);
    }

    [TestMethod]
    public async Task GetAllMembersAsync_NoPagedRoster_FallsBackToThePlainList()
    {
        // Arrange: a Connector without pagedmembers (404), then the plain list.
        await using var connector = await ScriptedConnectorServer.StartAsync();
        connector.Script(new ScriptedResponse(404), new ScriptedResponse(200, "[{\"id\":\"29:1u\",\"aadObjectId\":\"76b0b09f-d410-48fd-993e-84da521a597b\"}]"));
        using var host = BuildHost();

        // Act
        var members = await Client(host).GetAllMembersAsync(connector.ServiceUrl, "19:team@thread.tacv2", CancellationToken.None);

        // Assert
        Assert.AreEqual("76b0b09f-d410-48fd-993e-84da521a597b", members.Single().EntraId);
        Assert.AreEqual("/amer/v3/conversations/19%3Ateam%40thread.tacv2/members", connector.Requests[^1].RawTarget);
    }

    [TestMethod]
    public async Task SendAsync_LocalMode_SendsNoAuthorizationHeader()
    {
        // Arrange
        await using var connector = await ScriptedConnectorServer.StartAsync();
        using var host = BuildHost();

        // Act
        await Client(host).SendAsync(connector.ServiceUrl, Sample.ChannelConversationId, Card, CancellationToken.None);

        // Assert
        Assert.IsNull(connector.Requests.Single().Authorization);
    }

    [TestMethod]
    public async Task SendAsync_AuthenticatedMode_SendsTheProvidersTokenAsBearerOnEveryAttempt()
    {
        // Arrange: the token provider is our port; Azure.Identity itself would need Entra ID.
        var clock = new WaitingClock();
        await using var connector = await ScriptedConnectorServer.StartAsync(clock);
        connector.Script(new ScriptedResponse(502), new ScriptedResponse(200, "{\"id\":\"x\"}"));
        var tokens = new Mock<IConnectorTokenProvider>();
        tokens.Setup(t => t.GetTokenAsync(It.IsAny<CancellationToken>())).Returns(Task.FromResult<string?>("eyJ0eXAi.connector.token"));
        using var host = BuildHost(
            services: s => s.AddSingleton(tokens.Object),
            settings: new() { ["Bot:AppId"] = Sample.AppId, ["Bot:ClientSecret"] = "secret" },
            clock: clock);

        // Act
        var send = Client(host).SendAsync(connector.ServiceUrl, Sample.ChannelConversationId, Card, CancellationToken.None);
        await clock.ElapseNextWaitAsync();
        await send;

        // Assert
        Assert.HasCount(2, connector.Requests);
        Assert.IsTrue(connector.Requests.All(r => r.Authorization == "Bearer eyJ0eXAi.connector.token"));
    }
}
