using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Teams.Auth;
using TeamsDecisions.Teams.Connector;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// POST /api/messages through the real app with authentication on: our own signing key behind a loopback OpenID
/// metadata server, a loopback Bot Connector that records what the app sends, and Azurite. Whatever is refused must
/// leave no trace: nothing stored, nothing sent.
/// </summary>
[TestClass]
public sealed class BotEndpointTests
{
    private const string AppId = "8a0b8d5c-3c7e-4b4e-9d1e-1f2a3b4c5d6e";
    private const string AllowedTenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string OtherTenant = "0d6e4a1b-2c3d-4e5f-8a9b-0c1d2e3f4a5b";
    private const string ConnectorToken = "connector-token-from-the-stub";
    private const string KeyId = "bf-test-key-1";
    private static readonly Uri MessagesUri = new(TeamsDecisions.App.Bot.BotEndpoint.Path, UriKind.Relative);

    [TestMethod]
    public async Task PostMessages_NoToken_Returns401AndNothingIsProcessed()
    {
        // Arrange
        await using var bot = await BotUnderTest.StartAsync();
        var team = NewTeamId();

        // Act
        using var response = await bot.PostAsync(InstallationUpdate(bot.ServiceUrl, AllowedTenant, team), token: null);

        // Assert
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        await bot.AssertNothingProcessedAsync(team);
    }

    [TestMethod]
    public async Task PostMessages_NotABearerToken_Returns401AndNothingIsProcessed()
    {
        // Arrange
        await using var bot = await BotUnderTest.StartAsync();
        var team = NewTeamId();
        using var request = new HttpRequestMessage(HttpMethod.Post, MessagesUri)
        {
            Content = new StringContent(InstallationUpdate(bot.ServiceUrl, AllowedTenant, team), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AppId}:secret")));

        // Act
        using var response = await bot.Client.SendAsync(request);

        // Assert
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        await bot.AssertNothingProcessedAsync(team);
    }

    [TestMethod]
    public async Task PostMessages_ForgedSignature_Returns401AndNothingIsProcessed()
    {
        // Arrange: a token with every claim right and the Connector's key id, signed with someone else's key.
        await using var bot = await BotUnderTest.StartAsync();
        using var forger = RSA.Create(2048);
        var team = NewTeamId();
        var forged = Token(new RsaSecurityKey(forger) { KeyId = KeyId }, AppId, bot.ServiceUrl);

        // Act
        using var response = await bot.PostAsync(RfcNewMessage(bot.ServiceUrl, AllowedTenant, team), forged);

        // Assert
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        await bot.AssertNothingProcessedAsync(team);
    }

    [TestMethod]
    public async Task PostMessages_TokenForAnotherBot_Returns401AndNothingIsProcessed()
    {
        // Arrange
        await using var bot = await BotUnderTest.StartAsync();
        var team = NewTeamId();
        var token = Token(bot.SigningKey, "11111111-2222-4333-8444-555555555555", bot.ServiceUrl);

        // Act
        using var response = await bot.PostAsync(InstallationUpdate(bot.ServiceUrl, AllowedTenant, team), token);

        // Assert
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        await bot.AssertNothingProcessedAsync(team);
    }

    [TestMethod]
    public async Task PostMessages_ActivityServiceUrlDiffersFromTheTokens_Returns401AndNothingIsSentAnywhere()
    {
        // Arrange: a genuine token for one service URL, replayed with an activity that points the bot elsewhere.
        await using var bot = await BotUnderTest.StartAsync();
        await using var elsewhere = await RecordingConnector.StartAsync();
        var team = NewTeamId();
        var token = Token(bot.SigningKey, AppId, bot.ServiceUrl);

        // Act
        using var response = await bot.PostAsync(InstallationUpdate(elsewhere.ServiceUrl, AllowedTenant, team), token);

        // Assert
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        await bot.AssertNothingProcessedAsync(team);
        Assert.IsEmpty(elsewhere.Requests);
    }

    [TestMethod]
    public async Task PostMessages_ValidTokenFromATenantNotAllowed_Returns403AndNothingIsProcessed()
    {
        // Arrange
        await using var bot = await BotUnderTest.StartAsync();
        var team = NewTeamId();
        var token = Token(bot.SigningKey, AppId, bot.ServiceUrl);

        // Act
        using var response = await bot.PostAsync(InstallationUpdate(bot.ServiceUrl, OtherTenant, team), token);

        // Assert
        Assert.AreEqual(HttpStatusCode.Forbidden, response.StatusCode);
        await bot.AssertNothingProcessedAsync(team);
    }

    [TestMethod]
    public async Task PostMessages_ValidInstallInAllowedTenant_Returns200StoresTheTeamAndPostsTheWelcomeCard()
    {
        // Arrange
        await using var bot = await BotUnderTest.StartAsync();
        var team = NewTeamId();
        var token = Token(bot.SigningKey, AppId, bot.ServiceUrl);

        // Act
        using var response = await bot.PostAsync(InstallationUpdate(bot.ServiceUrl, AllowedTenant, team), token);

        // Assert
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var stored = await bot.Services.GetRequiredService<IConversationStore>().FindTeamAsync(new TeamId(team), CancellationToken.None);
        Assert.IsNotNull(stored, "The team's conversation reference must be stored for proactive posts.");
        Assert.AreEqual(AllowedTenant, stored.TenantId);
        Assert.AreEqual("Platform Engineering", stored.TeamName);
        Assert.AreEqual(new Uri(bot.ServiceUrl), stored.ServiceUrl);
        Assert.AreEqual(team, stored.GeneralChannelId);

        var welcome = bot.Connector.Requests.Single();
        Assert.AreEqual("POST", welcome.Method);
        Assert.AreEqual($"/amer/v3/conversations/{Uri.EscapeDataString(team)}/activities", welcome.Path);
        Assert.AreEqual($"Bearer {ConnectorToken}", welcome.Authorization, "Outbound Connector calls must carry the bot's token.");
        using var body = JsonDocument.Parse(welcome.Body);
        var attachment = body.RootElement.GetProperty("attachments")[0];
        Assert.AreEqual("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        Assert.AreEqual("AdaptiveCard", attachment.GetProperty("content").GetProperty("type").GetString());
    }

    [TestMethod]
    public async Task PostMessages_MalformedJson_Returns400AndNothingIsProcessed()
    {
        // Arrange
        await using var bot = await BotUnderTest.StartAsync();
        var token = Token(bot.SigningKey, AppId, bot.ServiceUrl);

        // Act
        using var response = await bot.PostAsync("{\"type\":\"message\",\"serviceUrl\":", token);

        // Assert
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.IsEmpty(bot.Connector.Requests);
        Assert.AreEqual(0, await bot.ConversationRowsAsync());
    }

    [TestMethod]
    public async Task PostMessages_InvokeWithUnknownVerb_Returns200WithAnOutOfDateErrorCard()
    {
        // Arrange
        await using var bot = await BotUnderTest.StartAsync();
        var team = NewTeamId();
        var token = Token(bot.SigningKey, AppId, bot.ServiceUrl);

        // Act
        using var response = await bot.PostAsync(Invoke(bot.ServiceUrl, AllowedTenant, team, "launchRockets"), token);

        // Assert: Universal Actions answer HTTP 200 with the status in the body, and a card that says what to do.
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.AreEqual(200, body.RootElement.GetProperty("statusCode").GetInt32());
        Assert.AreEqual("application/vnd.microsoft.card.adaptive", body.RootElement.GetProperty("type").GetString());
        var card = body.RootElement.GetProperty("value");
        Assert.AreEqual("AdaptiveCard", card.GetProperty("type").GetString());
        StringAssert.Contains(card.GetRawText(), "This card is out of date");
        StringAssert.Contains(card.GetRawText(), "launchRockets");
        Assert.IsEmpty(bot.Connector.Requests);
    }

    [TestMethod]
    public async Task PostMessages_UnknownCommand_AnswersIDontKnowWithTheTextAsTypedThenTheHelp()
    {
        // Arrange: markdown in the unknown text must be shown as typed, never rendered (a link, bold, a heading).
        await using var bot = await BotUnderTest.StartAsync();
        var team = NewTeamId();
        var token = Token(bot.SigningKey, AppId, bot.ServiceUrl);

        // Act
        using var response = await bot.PostAsync(ChannelMessage(bot.ServiceUrl, AllowedTenant, team, "rfc delete **everything** [now](https://evil.example)"), token);

        // Assert: two replies in order, the error card first, then the help card.
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var cards = bot.Connector.Requests
            .Where(r => r.Method == "POST" && r.Path.EndsWith("/activities", StringComparison.Ordinal))
            .Select(r => JsonNode.Parse(r.Body)!["attachments"]![0]!["content"]!.AsObject())
            .ToList();
        Assert.HasCount(2, cards);
        var errorTexts = CardView.Texts(cards[0]);
        CollectionAssert.Contains(errorTexts, "⚠ I don't know 'rfc delete **everything** [now](https://evil.example)'", "What was typed is shown as typed.");
        var runs = CardView.Walk(cards[0]).Where(e => (string?)e["type"] == "TextRun").Select(e => (string)e["text"]!).ToList();
        CollectionAssert.Contains(runs, "*", "The asterisks stand alone in their runs, so no client reads them as bold.");
        Assert.IsFalse(runs.Any(r => r.Contains("](", StringComparison.Ordinal)), "No run holds a link.");
        Assert.IsFalse(CardView.Walk(cards[0]).Any(e => (string?)e["type"] == "TextBlock" && ((string?)e["text"])?.Contains("everything", StringComparison.Ordinal) == true), "No TextBlock (markdown) holds what was typed.");
        CollectionAssert.DoesNotContain(errorTexts, "Nothing was changed.", "A typo changes nothing; saying so is noise.");
        CollectionAssert.Contains(CardView.Texts(cards[1]), "TeamsDecisions: decisions in writing, findable later");
    }

    [TestMethod]
    public async Task PostMessages_UnknownCommandThousandsOfCharactersLong_ShowsItCutShortOnOneLine()
    {
        // Arrange
        await using var bot = await BotUnderTest.StartAsync();
        var team = NewTeamId();
        var token = Token(bot.SigningKey, AppId, bot.ServiceUrl);
        var pasted = "please\n\n" + string.Concat(Enumerable.Repeat("all work and no play ", 500));

        // Act
        using var response = await bot.PostAsync(ChannelMessage(bot.ServiceUrl, AllowedTenant, team, pasted), token);

        // Assert
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var error = bot.Connector.Requests.First(r => r.Method == "POST" && r.Path.EndsWith("/activities", StringComparison.Ordinal));
        var headline = CardView.Texts(JsonNode.Parse(error.Body)!["attachments"]![0]!["content"]!.AsObject())[0];
        StringAssert.StartsWith(headline, "⚠ I don't know 'please all work and no play");
        StringAssert.EndsWith(headline, "…'");
        Assert.IsLessThan(100, headline.Length);
    }

    private static string NewTeamId() => $"19:{Guid.NewGuid():N}@thread.tacv2";

    private static string Token(SecurityKey key, string audience, string serviceUrl)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = BotTokenValidator.Issuer,
            Audience = audience,
            IssuedAt = now.AddMinutes(-1),
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddMinutes(30),
            Claims = new Dictionary<string, object> { [BotTokenValidator.ServiceUrlClaim] = serviceUrl, ["appid"] = "d6d49420-f39b-4df7-a1dc-d59a935871db" },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>Teams' installationUpdate when the app is added to a team (channelData.team, the General channel).</summary>
    private static string InstallationUpdate(string serviceUrl, string tenant, string team) => new JsonObject
    {
        ["type"] = "installationUpdate",
        ["action"] = "add",
        ["id"] = $"f:{Guid.NewGuid():N}",
        ["timestamp"] = "2026-11-02T09:00:00.000Z",
        ["serviceUrl"] = serviceUrl,
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = "29:1AbCdEfGhIjKlMnOpQrStUv", ["aadObjectId"] = Testing.Sample.Alice.Id },
        ["recipient"] = new JsonObject { ["id"] = "28:" + AppId, ["name"] = "TeamsDecisions" },
        ["conversation"] = new JsonObject { ["isGroup"] = true, ["conversationType"] = "channel", ["tenantId"] = tenant, ["id"] = team },
        ["channelData"] = new JsonObject
        {
            ["tenant"] = new JsonObject { ["id"] = tenant },
            ["team"] = new JsonObject { ["id"] = team, ["name"] = "Platform Engineering", ["aadGroupId"] = "c2a9a5c1-63b4-4f1e-a3a2-6f0e3d2b9c10" },
            ["channel"] = new JsonObject { ["id"] = team },
            ["source"] = new JsonObject { ["name"] = "message" },
        },
    }.ToJsonString();

    /// <summary>"@TeamsDecisions rfc new" in a channel: processing it would store the team and call the Connector.</summary>
    private static string RfcNewMessage(string serviceUrl, string tenant, string team) => ChannelMessage(serviceUrl, tenant, team, "rfc new");

    /// <summary>"@TeamsDecisions <paramref name="command"/>" in a channel.</summary>
    private static string ChannelMessage(string serviceUrl, string tenant, string team, string command) => new JsonObject
    {
        ["type"] = "message",
        ["id"] = "1715678497457",
        ["timestamp"] = "2026-11-02T09:00:00.000Z",
        ["serviceUrl"] = serviceUrl,
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = "29:1AbCdEfGhIjKlMnOpQrStUv", ["name"] = Testing.Sample.Alice.DisplayName, ["aadObjectId"] = Testing.Sample.Alice.Id },
        ["recipient"] = new JsonObject { ["id"] = "28:" + AppId, ["name"] = "TeamsDecisions" },
        ["conversation"] = new JsonObject { ["isGroup"] = true, ["conversationType"] = "channel", ["tenantId"] = tenant, ["id"] = $"{team};messageid=1715678497457" },
        ["text"] = "<at>TeamsDecisions</at> " + command,
        ["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = "<at>TeamsDecisions</at>",
            ["mentioned"] = new JsonObject { ["id"] = "28:" + AppId, ["name"] = "TeamsDecisions" },
        }),
        ["channelData"] = new JsonObject
        {
            ["tenant"] = new JsonObject { ["id"] = tenant },
            ["team"] = new JsonObject { ["id"] = team, ["name"] = "Platform Engineering" },
            ["channel"] = new JsonObject { ["id"] = team },
        },
    }.ToJsonString();

    /// <summary>An adaptiveCard/action invoke (Action.Execute) from a card in a channel.</summary>
    private static string Invoke(string serviceUrl, string tenant, string team, string verb) => new JsonObject
    {
        ["type"] = "invoke",
        ["name"] = "adaptiveCard/action",
        ["id"] = $"f:{Guid.NewGuid():N}",
        ["timestamp"] = "2026-11-02T09:00:00.000Z",
        ["serviceUrl"] = serviceUrl,
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = "29:1AbCdEfGhIjKlMnOpQrStUv", ["name"] = Testing.Sample.Alice.DisplayName, ["aadObjectId"] = Testing.Sample.Alice.Id },
        ["recipient"] = new JsonObject { ["id"] = "28:" + AppId, ["name"] = "TeamsDecisions" },
        ["conversation"] = new JsonObject { ["isGroup"] = true, ["conversationType"] = "channel", ["tenantId"] = tenant, ["id"] = $"{team};messageid=1715678497457" },
        ["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = new JsonObject { ["team"] = team, ["rfc"] = 1 } },
            ["trigger"] = "manual",
        },
        ["channelData"] = new JsonObject
        {
            ["tenant"] = new JsonObject { ["id"] = tenant },
            ["team"] = new JsonObject { ["id"] = team },
            ["channel"] = new JsonObject { ["id"] = team },
        },
    }.ToJsonString();

    /// <summary>The app with authentication on, its OpenID metadata and Connector stand-ins, and a client.</summary>
    private sealed class BotUnderTest : IAsyncDisposable
    {
        private readonly RSA rsa;
        private readonly OpenIdServer openId;
        private readonly AppHost host;
        private readonly WebApplicationFactory<Program> factory;
        private readonly string prefix;

        private BotUnderTest(RSA rsa, OpenIdServer openId, RecordingConnector connector, AppHost host, WebApplicationFactory<Program> factory, string prefix)
        {
            this.rsa = rsa;
            this.openId = openId;
            this.host = host;
            this.factory = factory;
            this.prefix = prefix;
            Connector = connector;
            SigningKey = new RsaSecurityKey(rsa) { KeyId = KeyId };
            Client = factory.CreateClient();
        }

        public RsaSecurityKey SigningKey { get; }

        public RecordingConnector Connector { get; }

        public string ServiceUrl => Connector.ServiceUrl;

        public HttpClient Client { get; }

        public IServiceProvider Services => factory.Services;

        public static async Task<BotUnderTest> StartAsync()
        {
            var rsa = RSA.Create(2048);
            var openId = await OpenIdServer.StartAsync(rsa, KeyId);
            var connector = await RecordingConnector.StartAsync();
            var prefix = "bot" + Guid.NewGuid().ToString("N")[..10];
            var host = new AppHost(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = AzuriteAssembly.Azurite.ConnectionString,
                ["Storage:TablePrefix"] = prefix,
                ["Bot:AppId"] = AppId,
                ["Bot:ClientSecret"] = "never-used-the-token-provider-is-replaced",
                ["Bot:OpenIdMetadataUrl"] = openId.MetadataUrl.AbsoluteUri,
                ["Bot:AllowedTenants:0"] = AllowedTenant,
                ["Bot:ConnectorRetries"] = "0",
            });

            // Outbound tokens come from Azure.Identity, which cannot reach Entra offline; the provider is our port.
            var factory = host.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
                services.AddSingleton<IConnectorTokenProvider>(new FixedConnectorToken(ConnectorToken))));
            return new BotUnderTest(rsa, openId, connector, host, factory, prefix);
        }

        public async Task<HttpResponseMessage> PostAsync(string activityJson, string? token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, MessagesUri)
            {
                Content = new StringContent(activityJson, Encoding.UTF8, "application/json"),
            };
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            return await Client.SendAsync(request);
        }

        /// <summary>Rows in the app's Conversations table (team references and thread maps).</summary>
        public async Task<int> ConversationRowsAsync()
        {
            var table = new TableClient(AzuriteAssembly.Azurite.ConnectionString, prefix + "Conversations");
            var count = 0;
            await foreach (var row in table.QueryAsync<TableEntity>(maxPerPage: 100))
            {
                _ = row;
                count++;
            }

            return count;
        }

        public async Task AssertNothingProcessedAsync(string team)
        {
            Assert.IsNull(await Services.GetRequiredService<IConversationStore>().FindTeamAsync(new TeamId(team), CancellationToken.None), "A refused activity must not store the team.");
            Assert.AreEqual(0, await ConversationRowsAsync(), "A refused activity must store nothing.");
            Assert.IsEmpty(Connector.Requests, "A refused activity must not make the bot call the Connector.");
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await factory.DisposeAsync();
            await host.DisposeAsync();
            await Connector.DisposeAsync();
            await openId.DisposeAsync();
            rsa.Dispose();
        }
    }

    private sealed class FixedConnectorToken(string token) : IConnectorTokenProvider
    {
        public Task<string?> GetTokenAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(token);
    }

    internal sealed record RecordedRequest(string Method, string Path, string? Authorization, string Body);

    /// <summary>A loopback Bot Connector: records every request and answers like Teams does.</summary>
    internal sealed class RecordingConnector : IAsyncDisposable
    {
        private readonly ConcurrentQueue<RecordedRequest> requests = new();
        private Loopback server = null!;

        /// <summary>A Teams-like service URL with a path: http://127.0.0.1:port/amer/.</summary>
        public string ServiceUrl => new Uri(server.BaseAddress, "amer/").AbsoluteUri;

        public IReadOnlyList<RecordedRequest> Requests => [.. requests];

        public static async Task<RecordingConnector> StartAsync()
        {
            var connector = new RecordingConnector();
            connector.server = await Loopback.StartAsync(app => app.Run(connector.AnswerAsync));
            return connector;
        }

        public ValueTask DisposeAsync() => server.DisposeAsync();

        private async Task AnswerAsync(HttpContext context)
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var path = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
            requests.Enqueue(new RecordedRequest(context.Request.Method, path, context.Request.Headers.Authorization.Count == 0 ? null : context.Request.Headers.Authorization.ToString(), body));
            context.Response.ContentType = "application/json";
            var answer = HttpMethods.IsGet(context.Request.Method) && path.Contains("/v3/teams/", StringComparison.Ordinal)
                ? "{\"conversations\":[]}"
                : $"{{\"id\":\"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}\"}}";
            await context.Response.WriteAsync(answer, context.RequestAborted);
        }
    }

    /// <summary>A loopback stand-in for login.botframework.com's OpenID metadata and keys.</summary>
    private sealed class OpenIdServer : IAsyncDisposable
    {
        private Loopback server = null!;

        public Uri MetadataUrl => new(server.BaseAddress, ".well-known/openidconfiguration");

        public static async Task<OpenIdServer> StartAsync(RSA rsa, string kid)
        {
            var parameters = rsa.ExportParameters(includePrivateParameters: false);
            var jwks = new JsonObject
            {
                ["keys"] = new JsonArray(new JsonObject
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["kid"] = kid,
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                    ["endorsements"] = new JsonArray("msteams"),
                }),
            }.ToJsonString();
            var openId = new OpenIdServer();
            openId.server = await Loopback.StartAsync(app =>
            {
                app.MapGet("/.well-known/openidconfiguration", (HttpContext context) => Results.Text(
                    new JsonObject
                    {
                        ["issuer"] = BotTokenValidator.Issuer,
                        ["authorization_endpoint"] = "https://invalid.botframework.com",
                        ["jwks_uri"] = $"{context.Request.Scheme}://{context.Request.Host}/keys",
                        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                        ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
                    }.ToJsonString(),
                    "application/json"));
                app.MapGet("/keys", () => Results.Text(jwks, "application/json"));
            });
            return openId;
        }

        public ValueTask DisposeAsync() => server.DisposeAsync();
    }

    /// <summary>A real Kestrel server on 127.0.0.1 and a free port, with nothing from the environment's configuration.</summary>
    private sealed class Loopback : IAsyncDisposable
    {
        private readonly WebApplication app;

        private Loopback(WebApplication app, Uri baseAddress)
        {
            this.app = app;
            BaseAddress = baseAddress;
        }

        public Uri BaseAddress { get; }

        public static async Task<Loopback> StartAsync(Action<WebApplication> map)
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
            builder.Configuration.Sources.Clear();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            map(app);
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            return new Loopback(app, new Uri(address.TrimEnd('/') + "/"));
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
