using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using TeamsDecisions.App.Tabs;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// The tab API's Entra sign-in (Microsoft.Identity.Web) against the real app, with tokens signed by the test's own key
/// and served from a loopback OpenID metadata stand-in. A broken or foreign token gets 401 with a bearer challenge
/// and an empty body; a genuine token the app may not honour (tenant not allowed, no access_as_user) gets 403 with a
/// problem+json that says why. Neither says anything about the caller or their teams.
/// </summary>
[TestClass]
public sealed class TabAuthTests
{
    private static EntraStandIn entra = null!;
    private static AppHost host = null!;
    private static HttpClient client = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        entra = await EntraStandIn.StartAsync();
        host = new AppHost(Settings(entra));
        client = host.CreateClient();
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        client.Dispose();
        await host.DisposeAsync();
        await entra.DisposeAsync();
    }

    internal static Dictionary<string, string?> Settings(EntraStandIn entra) => new()
    {
        ["Storage:ConnectionString"] = AzuriteAssembly.Azurite.ConnectionString,
        ["Storage:TablePrefix"] = "tab" + Guid.NewGuid().ToString("N")[..10],
        ["TabAuth:ClientId"] = TabUsers.ClientId,
        ["TabAuth:ApplicationIdUri"] = TabUsers.ApplicationIdUri,
        ["TabAuth:TenantId"] = TabUsers.HomeTenant,
        ["TabAuth:AllowedTenants:0"] = TabUsers.HomeTenant,
        ["TabAuth:AllowedTenants:1"] = TabUsers.PartnerTenant,
        ["TabAuth:Instance"] = entra.Instance.AbsoluteUri,
    };

    [TestMethod]
    public async Task Me_V1TokenForTheApplicationIdUri_Ok()
    {
        // Arrange: what Teams SSO hands the tab for webApplicationInfo.resource (accessTokenAcceptedVersion 1).
        var token = entra.Token(TabUsers.HomeTenant, TabUsers.ApplicationIdUri);

        // Act
        using var response = await GetMeAsync(token);

        // Assert
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
        StringAssert.Contains(await response.Content.ReadAsStringAsync(), TabUsers.UserName);
    }

    [TestMethod]
    public async Task Me_V2TokenForTheClientIdFromAnAllowedPartnerTenant_Ok()
    {
        // Arrange: a v2 token (accessTokenAcceptedVersion 2) carries the client id as its audience.
        var token = entra.Token(TabUsers.PartnerTenant, TabUsers.ClientId, issuer: entra.V2Issuer(TabUsers.PartnerTenant));

        // Act
        using var response = await GetMeAsync(token);

        // Assert
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    [DataRow("expired")]
    [DataRow("not yet valid")]
    [DataRow("wrong audience")]
    [DataRow("audience of another host")]
    [DataRow("issuer not Entra")]
    [DataRow("issuer of another tenant than tid")]
    [DataRow("wrong signature key")]
    [DataRow("no scope claim at all")]
    public async Task Me_BrokenOrForeignToken_UnauthorizedWithBearerChallengeAndEmptyBody(string flaw)
    {
        // Arrange
        var now = DateTimeOffset.UtcNow;
        using var otherRsa = RSA.Create(2048);
        var token = flaw switch
        {
            // Past the 2-minute clock skew the app allows.
            "expired" => entra.Token(TabUsers.HomeTenant, TabUsers.ApplicationIdUri, notBefore: now.AddHours(-2), expires: now.AddMinutes(-3)),
            "not yet valid" => entra.Token(TabUsers.HomeTenant, TabUsers.ApplicationIdUri, notBefore: now.AddMinutes(10)),
            "wrong audience" => entra.Token(TabUsers.HomeTenant, "api://app-abc123.azurewebsites.net/0d1c2b3a-4f5e-4d6c-9b8a-7f6e5d4c3b2a"),
            "audience of another host" => entra.Token(TabUsers.HomeTenant, $"api://evil.example/{TabUsers.ClientId}"),
            "issuer not Entra" => entra.Token(TabUsers.HomeTenant, TabUsers.ApplicationIdUri, issuer: $"https://evil.example/{TabUsers.HomeTenant}/v2.0"),
            "issuer of another tenant than tid" => entra.Token(TabUsers.HomeTenant, TabUsers.ApplicationIdUri, issuer: TabAuth.V1Issuer(TabUsers.OtherTenant)),
            "wrong signature key" => entra.Token(TabUsers.HomeTenant, TabUsers.ApplicationIdUri, key: new RsaSecurityKey(otherRsa) { KeyId = EntraStandIn.Kid }),
            "no scope claim at all" => entra.Token(TabUsers.HomeTenant, TabUsers.ApplicationIdUri, scope: null),
            _ => throw new ArgumentOutOfRangeException(nameof(flaw), flaw, null),
        };

        // Act
        using var response = await GetMeAsync(token);

        // Assert
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode, flaw);
        Assert.AreEqual("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.AreEqual(string.Empty, await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("Bearer")]
    [DataRow("Bearer not.a.token")]
    [DataRow("Basic dXNlcjpwYXNz")]
    public async Task Me_NoUsableToken_UnauthorizedWithBearerChallengeAndEmptyBody(string? authorization)
    {
        // Arrange
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(TabApi.Prefix + "/me", UriKind.Relative));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        // Act
        using var response = await client.SendAsync(request);

        // Assert
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.AreEqual("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.AreEqual(string.Empty, await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task Me_UnsignedTokenAlgNone_Unauthorized()
    {
        // Arrange: a genuine token's header and claims with "alg":"none" and no signature.
        var genuine = entra.Token(TabUsers.HomeTenant, TabUsers.ApplicationIdUri).Split('.');
        var header = Base64UrlEncoder.Encode($$"""{"alg":"none","kid":"{{EntraStandIn.Kid}}","typ":"JWT"}""");

        // Act
        using var response = await GetMeAsync($"{header}.{genuine[1]}.");

        // Assert
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.AreEqual(string.Empty, await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task Me_GenuineTokenOfATenantNotAllowed_ForbiddenSayingWhyWithoutTheCallersData()
    {
        // Arrange: signed by the Entra keys, issued by its own tenant, for this app: only the tenant is not on the list.
        var token = entra.Token(TabUsers.OtherTenant, TabUsers.ApplicationIdUri, issuer: entra.V2Issuer(TabUsers.OtherTenant));

        // Act
        using var response = await GetMeAsync(token);
        var body = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.AreEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        StringAssert.Contains(body, "TabAuth:AllowedTenants");
        AssertNothingOfTheCaller(body, TabUsers.OtherTenant);
    }

    [TestMethod]
    [DataRow("User.Read")]
    [DataRow("access_as_admin openid")]
    [DataRow("")]
    public async Task Me_TokenWithoutTheAccessAsUserScope_ForbiddenSayingWhyWithoutTheCallersData(string scope)
    {
        // Arrange
        var token = entra.Token(TabUsers.HomeTenant, TabUsers.ApplicationIdUri, scope: scope);

        // Act
        using var response = await GetMeAsync(token);
        var body = await response.Content.ReadAsStringAsync();

        // Assert: a token with an scp claim passes Microsoft.Identity.Web; the policy's scope check refuses it.
        Assert.AreEqual(HttpStatusCode.Forbidden, response.StatusCode, body);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        StringAssert.Contains(body, TabAuth.Scope);
        AssertNothingOfTheCaller(body, TabUsers.HomeTenant);
    }

    [TestMethod]
    public async Task Me_LoopbackCallerWithoutTokenWhenClientIdIsSet_UnauthorizedLocalModeIsOff()
    {
        // Arrange: the same app, its requests arriving from 127.0.0.1 as the local mode's developer would.
        await using var loopback = new AppHost(Settings(entra), services: services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new RemoteAddress(IPAddress.Loopback)));
        using var loopbackClient = loopback.CreateClient();

        // Act
        using var response = await loopbackClient.GetAsync(new Uri(TabApi.Prefix + "/me", UriKind.Relative));

        // Assert
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.AreEqual(string.Empty, await response.Content.ReadAsStringAsync());
    }

    internal static void AssertNothingOfTheCaller(string body, string tenant)
    {
        Assert.DoesNotContain(TabUsers.UserName, body);
        Assert.DoesNotContain(TabUsers.UserId, body);
        Assert.DoesNotContain(tenant, body);
        Assert.DoesNotContain("\"teams\"", body, StringComparison.OrdinalIgnoreCase, "No list of teams (the /me answer's property).");
    }

    private static async Task<HttpResponseMessage> GetMeAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(TabApi.Prefix + "/me", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }
}

/// <summary>Local mode: a loopback caller is the configured developer; nobody else is anyone, and Production refuses it.</summary>
[TestClass]
public sealed class TabLocalModeTests
{
    private static Dictionary<string, string?> LocalSettings() => new()
    {
        ["Storage:ConnectionString"] = AzuriteAssembly.Azurite.ConnectionString,
        ["Storage:TablePrefix"] = "tabl" + Guid.NewGuid().ToString("N")[..10],
        ["TabAuth:LocalUserName"] = TabUsers.UserName,
        ["TabAuth:LocalUserId"] = TabUsers.UserId,
        ["TabAuth:LocalTenantId"] = TabUsers.HomeTenant,
    };

    [TestMethod]
    public async Task Me_LoopbackCaller_IsTheConfiguredDeveloper()
    {
        // Arrange
        await using var host = new AppHost(LocalSettings(), services: services => services.AddSingleton<IStartupFilter>(new RemoteAddress(IPAddress.Loopback)));
        using var client = host.CreateClient();

        // Act
        using var response = await client.GetAsync(new Uri(TabApi.Prefix + "/me", UriKind.Relative));

        // Assert
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(), TabUsers.UserName);
    }

    [TestMethod]
    [DataRow("203.0.113.7")]
    [DataRow("10.0.0.4")]
    [DataRow(null)]
    public async Task Me_NonLoopbackCaller_UnauthorizedAndNothingOfTheDeveloper(string? address)
    {
        // Arrange: another machine on the network (null: no address known, as behind some proxies).
        await using var host = new AppHost(LocalSettings(), services: services => services.AddSingleton<IStartupFilter>(new RemoteAddress(address is null ? null : IPAddress.Parse(address))));
        using var client = host.CreateClient();

        // Act
        using var response = await client.GetAsync(new Uri(TabApi.Prefix + "/me", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        TabAuthTests.AssertNothingOfTheCaller(body, TabUsers.HomeTenant);
    }

    [TestMethod]
    public async Task Startup_ProductionWithoutTabClientId_RefusesToStartNamingTheKey()
    {
        // Act: the real process, with every other Production setting in place.
        var (exitCode, output) = await AppProcess.RunAsync(
            new Dictionary<string, string>
            {
                ["Storage__ConnectionString"] = "UseDevelopmentStorage=true",
                ["Bot__AppId"] = "5c0ac9b5-7b2a-4f49-9d6c-3e1f0a4b8d21",
                ["Bot__ClientSecret"] = "x",
                ["SharePoint__SiteId"] = "contoso.sharepoint.com,2c1a5e9b-1f0d-4c3e-9a8b-7d6e5f4a3b2c,0e9d8c7b-6a5f-4e3d-2c1b-0a9f8e7d6c5b",
                ["Graph__UseManagedIdentity"] = "true",
            },
            environment: "Production");

        // Assert
        Assert.AreNotEqual(0, exitCode);
        StringAssert.Contains(output, "TabAuth:ClientId is required in Production");
    }

    [TestMethod]
    [DataRow(null, "TabAuth:ApplicationIdUri")]
    [DataRow("api://app-abc123.azurewebsites.net/0d1c2b3a-4f5e-4d6c-9b8a-7f6e5d4c3b2a", "TabAuth:ApplicationIdUri")]
    [DataRow("https://app-abc123.azurewebsites.net/" + TabUsers.ClientId, "TabAuth:ApplicationIdUri")]
    public void Startup_ClientIdWithoutItsApplicationIdUri_FailsNamingTheKey(string? applicationIdUri, string key)
    {
        // Arrange
        var settings = LocalSettings();
        settings["TabAuth:ClientId"] = TabUsers.ClientId;
        settings["TabAuth:TenantId"] = TabUsers.HomeTenant;
        settings["TabAuth:ApplicationIdUri"] = applicationIdUri;

        // Act
        var failure = StartupFailure(settings);

        // Assert
        StringAssert.Contains(failure.Message, key);
    }

    [TestMethod]
    public void Startup_ClientIdWithoutTenant_FailsNamingTheKey()
    {
        // Arrange
        var settings = LocalSettings();
        settings["TabAuth:ClientId"] = TabUsers.ClientId;
        settings["TabAuth:ApplicationIdUri"] = TabUsers.ApplicationIdUri;

        // Act
        var failure = StartupFailure(settings);

        // Assert
        StringAssert.Contains(failure.Message, "TabAuth:TenantId");
    }

    /// <summary>What the app's start-up check (ValidateOnStart) says about these TabAuth settings in Development.</summary>
    private static OptionsValidationException StartupFailure(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddTabAuthentication(configuration, new HostingEnvironment { EnvironmentName = Environments.Development });
        using var provider = services.BuildServiceProvider();
        return Assert.ThrowsExactly<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
    }
}

/// <summary>Makes every request come from the given address (TestServer has none), ahead of the app's middleware.</summary>
internal sealed class RemoteAddress(IPAddress? address) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = address;
            return nextMiddleware(context);
        });
        next(app);
    };
}
