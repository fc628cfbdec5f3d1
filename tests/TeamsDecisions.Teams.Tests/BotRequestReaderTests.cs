using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Teams.Auth;
using TeamsDecisions.Teams.Tests.Support;

namespace TeamsDecisions.Teams.Tests;

/// <summary>BotRequestReader behind a real Kestrel pipeline, in authenticated and in local mode.</summary>
[TestClass]
public sealed class BotRequestReaderTests
{
    private static TestKey key = null!;
    private static OpenIdMetadataServer metadata = null!;
    private static LoopbackServer authenticated = null!;
    private static LoopbackServer local = null!;
    private static HttpClient http = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        key = new TestKey("reader-key");
        metadata = await OpenIdMetadataServer.StartAsync(key.ToJwk("msteams"));
        authenticated = await BotEndpointServer.StartAsync(new Dictionary<string, string?>
        {
            ["Bot:AppId"] = Sample.AppId,
            ["Bot:ClientSecret"] = "secret",
            ["Bot:OpenIdMetadataUrl"] = metadata.MetadataUrl.AbsoluteUri,
            ["Bot:AllowedTenants:0"] = Sample.TenantA,
        });
        local = await BotEndpointServer.StartAsync(new Dictionary<string, string?>());
        http = new HttpClient();
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        http.Dispose();
        await local.DisposeAsync();
        await authenticated.DisposeAsync();
        await metadata.DisposeAsync();
        key.Dispose();
    }

    private static async Task<HttpResponseMessage> PostAsync(LoopbackServer server, HttpContent content, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseAddress, "api/messages")) { Content = content };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await http.SendAsync(request);
    }

    private static StringContent Json(Activity activity) =>
        new(JsonSerializer.Serialize(activity, ActivityJson.Options), Encoding.UTF8, "application/json");

    [TestMethod]
    public async Task ReadAsync_ValidTokenFromAllowedTenant_Accepted()
    {
        // Arrange
        var activity = Sample.Message(tenant: Sample.TenantA);
        using var content = Json(activity);

        // Act
        using var response = await PostAsync(authenticated, content, key.CreateToken(Sample.AppId, activity.ServiceUrl));

        // Assert
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual(activity.Id, await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task ReadAsync_ValidTokenFromTenantNotAllowed_Forbidden()
    {
        // Arrange
        var activity = Sample.Message(tenant: Sample.TenantB);
        using var content = Json(activity);

        // Act
        using var response = await PostAsync(authenticated, content, key.CreateToken(Sample.AppId, activity.ServiceUrl));

        // Assert
        Assert.AreEqual(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [TestMethod]
    public async Task ReadAsync_ValidTokenWithoutTenant_Forbidden()
    {
        // Arrange
        var activity = Sample.Message(tenant: null);
        using var content = Json(activity);

        // Act
        using var response = await PostAsync(authenticated, content, key.CreateToken(Sample.AppId, activity.ServiceUrl));

        // Assert
        Assert.AreEqual(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [TestMethod]
    public async Task ReadAsync_AuthenticatedModeWithoutToken_Unauthorized()
    {
        // Arrange: a loopback caller gets no pass when Bot:AppId is set.
        var activity = Sample.Message(tenant: Sample.TenantA);
        using var content = Json(activity);

        // Act
        using var response = await PostAsync(authenticated, content);

        // Assert
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [TestMethod]
    public async Task ReadAsync_TokenForAnotherServiceUrl_Unauthorized()
    {
        // Arrange
        var activity = Sample.Message(serviceUrl: "https://attacker.example.com/", tenant: Sample.TenantA);
        using var content = Json(activity);

        // Act
        using var response = await PostAsync(authenticated, content, key.CreateToken(Sample.AppId, Sample.TeamsServiceUrl));

        // Assert
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [TestMethod]
    [DataRow("{\"type\":\"message\",")]
    [DataRow("not json")]
    [DataRow("[]")]
    [DataRow("null")]
    [DataRow("{}")]
    [DataRow("{\"type\":\"message\"}")]
    public async Task ReadAsync_MalformedActivity_BadRequest(string body)
    {
        // Arrange
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        // Act
        using var response = await PostAsync(authenticated, content, key.CreateToken(Sample.AppId, Sample.TeamsServiceUrl));

        // Assert
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [TestMethod]
    public async Task ReadAsync_LocalModeLoopbackCallerWithoutToken_Accepted()
    {
        // Arrange: how the Agents Playground talks: loopback caller, loopback serviceUrl, no token.
        var activity = Sample.Message(serviceUrl: "http://127.0.0.1:56150/", tenant: Sample.TenantB);
        using var content = Json(activity);

        // Act
        using var response = await PostAsync(local, content);

        // Assert
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [TestMethod]
    [DataRow("https://smba.trafficmanager.net/amer/")]
    [DataRow("http://10.0.0.5:3978/")]
    [DataRow("not a url")]
    public async Task ReadAsync_LocalModeNonLoopbackServiceUrl_Unauthorized(string serviceUrl)
    {
        // Arrange: a local-mode bot must never be talked into calling a real Connector without credentials.
        var activity = Sample.Message(serviceUrl: serviceUrl);
        using var content = Json(activity);

        // Act
        using var response = await PostAsync(local, content);

        // Assert
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [TestMethod]
    public async Task ReadAsync_LocalModeMalformedJson_BadRequest()
    {
        // Arrange
        using var content = new StringContent("{\"type\":", Encoding.UTF8, "application/json");

        // Act
        using var response = await PostAsync(local, content);

        // Assert
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [TestMethod]
    public async Task ReadAsync_BodyOverLimitWithContentLength_PayloadTooLarge()
    {
        // Arrange
        using var content = new StringContent(LargeActivityJson(), Encoding.UTF8, "application/json");

        // Act
        using var response = await PostAsync(local, content);

        // Assert
        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [TestMethod]
    public async Task ReadAsync_BodyOverLimitChunked_PayloadTooLarge()
    {
        // Arrange: the same oversized activity, sent chunked (no Content-Length), as any client may.
        using var content = new UnknownLengthContent(Encoding.UTF8.GetBytes(LargeActivityJson()));

        // Act
        using var response = await PostAsync(local, content);

        // Assert
        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private static string LargeActivityJson()
    {
        var activity = Sample.Message(serviceUrl: "http://127.0.0.1:56150/") with { Text = new string('x', (int)BotRequestReader.MaxBodyBytes + 1024) };
        return JsonSerializer.Serialize(activity, ActivityJson.Options);
    }

    /// <summary>Content whose length HttpClient cannot know up front, so it is sent with Transfer-Encoding: chunked.</summary>
    private sealed class UnknownLengthContent : HttpContent
    {
        private readonly byte[] bytes;

        public UnknownLengthContent(byte[] bytes)
        {
            this.bytes = bytes;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
