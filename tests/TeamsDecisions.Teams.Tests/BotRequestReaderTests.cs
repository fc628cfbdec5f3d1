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
    private static BotEndpointServer authenticated = null!;
    private static BotEndpointServer local = null!;

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
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await local.DisposeAsync();
        await authenticated.DisposeAsync();
        await metadata.DisposeAsync();
        key.Dispose();
    }

    private static string Bearer(Activity activity) => "Bearer " + key.CreateToken(Sample.AppId, activity.ServiceUrl);

    [TestMethod]
    public async Task ReadAsync_ValidTokenFromAllowedTenant_Accepted()
    {
        // Arrange
        var activity = Sample.WithNewId(Sample.Message(tenant: Sample.TenantA));

        // Act
        using var response = await authenticated.PostAsync(activity, Bearer(activity));

        // Assert
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual(activity.Id, await response.Content.ReadAsStringAsync());
        Assert.IsTrue(authenticated.Processed(activity.Id));
    }

    [TestMethod]
    public async Task ReadAsync_ValidTokenFromTenantNotAllowed_Forbidden()
    {
        // Arrange
        var activity = Sample.WithNewId(Sample.Message(tenant: Sample.TenantB));

        // Act
        using var response = await authenticated.PostAsync(activity, Bearer(activity));

        // Assert
        Assert.AreEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.IsFalse(authenticated.Processed(activity.Id));
    }

    [TestMethod]
    public async Task ReadAsync_ValidTokenWithoutTenant_Forbidden()
    {
        // Arrange
        var activity = Sample.WithNewId(Sample.Message(tenant: null));

        // Act
        using var response = await authenticated.PostAsync(activity, Bearer(activity));

        // Assert
        Assert.AreEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.IsFalse(authenticated.Processed(activity.Id));
    }

    [TestMethod]
    public async Task ReadAsync_AuthenticatedModeWithoutToken_Unauthorized()
    {
        // Arrange: a loopback caller gets no pass when Bot:AppId is set.
        var activity = Sample.WithNewId(Sample.Message(tenant: Sample.TenantA));

        // Act
        using var response = await authenticated.PostAsync(activity);

        // Assert
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.IsFalse(authenticated.Processed(activity.Id));
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
        using var response = await authenticated.PostAsync(content, "Bearer " + key.CreateToken(Sample.AppId, Sample.TeamsServiceUrl));

        // Assert
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [TestMethod]
    public async Task ReadAsync_LocalModeLoopbackCallerWithoutToken_Accepted()
    {
        // Arrange: how the Agents Playground talks: loopback caller, loopback serviceUrl, no token.
        var activity = Sample.WithNewId(Sample.Message(serviceUrl: "http://127.0.0.1:56150/", tenant: Sample.TenantB));

        // Act
        using var response = await local.PostAsync(activity);

        // Assert
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.IsTrue(local.Processed(activity.Id));
    }

    [TestMethod]
    [DataRow("https://smba.trafficmanager.net/amer/")]
    [DataRow("http://10.0.0.5:3978/")]
    [DataRow("not a url")]
    public async Task ReadAsync_LocalModeNonLoopbackServiceUrl_Unauthorized(string serviceUrl)
    {
        // Arrange: a local-mode bot must never be talked into calling a real Connector without credentials.
        var activity = Sample.WithNewId(Sample.Message(serviceUrl: serviceUrl));

        // Act
        using var response = await local.PostAsync(activity);

        // Assert
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.IsFalse(local.Processed(activity.Id));
    }

    [TestMethod]
    public async Task ReadAsync_LocalModeMalformedJson_BadRequest()
    {
        // Arrange
        using var content = new StringContent("{\"type\":", Encoding.UTF8, "application/json");

        // Act
        using var response = await local.PostAsync(content);

        // Assert
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [TestMethod]
    public async Task ReadAsync_BodyOverLimitWithContentLength_PayloadTooLarge()
    {
        // Arrange
        using var content = new StringContent(LargeActivityJson(), Encoding.UTF8, "application/json");

        // Act
        using var response = await local.PostAsync(content);

        // Assert
        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [TestMethod]
    public async Task ReadAsync_BodyOverLimitChunked_PayloadTooLarge()
    {
        // Arrange: the same oversized activity, sent chunked (no Content-Length), as any client may.
        using var content = new UnknownLengthContent(Encoding.UTF8.GetBytes(LargeActivityJson()));

        // Act
        using var response = await local.PostAsync(content);

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
