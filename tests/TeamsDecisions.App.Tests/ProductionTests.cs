using System.Net;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using TeamsDecisions.App.Publishing;
using TeamsDecisions.Infrastructure.Storage;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// The app as Azure runs it (ASPNETCORE_ENVIRONMENT=Production, a bot identity, SharePoint): nothing an anonymous
/// caller asks for gives away a decision, the store's endpoint or an exception; the pages Teams links to are public.
/// </summary>
[TestClass]
public sealed class ProductionTests
{
    private const string AppId = "5c0ac9b5-7b2a-4f49-9d6c-3e1f0a4b8d21";

    private static Dictionary<string, string?> ProductionSettings() => new()
    {
        ["Storage:ConnectionString"] = AzuriteAssembly.Azurite.ConnectionString,
        ["Storage:TablePrefix"] = "prod" + Guid.NewGuid().ToString("N")[..10],
        ["Bot:AppId"] = AppId,
        ["Bot:ClientSecret"] = "not-used-without-outbound-calls",
        ["SharePoint:SiteId"] = "contoso.sharepoint.com,2c1a5e9b-1f0d-4c3e-9a8b-7d6e5f4a3b2c,0e9d8c7b-6a5f-4e3d-2c1b-0a9f8e7d6c5b",
        ["Graph:UseManagedIdentity"] = "true",
        ["Publishing:LocalFolder"] = Path.Combine(Path.GetTempPath(), "td-prod-" + Guid.NewGuid().ToString("N")[..8]),
        ["TabAuth:ClientId"] = TabUsers.ClientId,
        ["TabAuth:ApplicationIdUri"] = TabUsers.ApplicationIdUri,
        ["TabAuth:TenantId"] = TabUsers.HomeTenant,
    };

    [TestMethod]
    [DataRow("/decisions/19:team@thread.tacv2")]
    [DataRow("/decisions/19:team@thread.tacv2/DEC-0001")]
    public async Task DecisionPages_AnonymousInProduction_NotFoundAndNoContent(string path)
    {
        // Arrange
        await using var host = new AppHost(ProductionSettings(), "Production");
        using var client = host.CreateClient();

        // Act
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        // Assert: pages live in SharePoint, behind its sign-in; the app serves none.
        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode);
        Assert.AreEqual(string.Empty, await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task Startup_ProductionWithoutSharePoint_RefusesToStartSayingWhy()
    {
        // Act: the real process, as App Service starts it, with everything but a SharePoint site.
        var (exitCode, output) = await AppProcess.RunAsync(
            new Dictionary<string, string>
            {
                ["Storage__ConnectionString"] = "UseDevelopmentStorage=true",
                ["Bot__AppId"] = AppId,
                ["Bot__ClientSecret"] = "x",
                ["TabAuth__ClientId"] = TabUsers.ClientId,
                ["TabAuth__ApplicationIdUri"] = TabUsers.ApplicationIdUri,
                ["TabAuth__TenantId"] = TabUsers.HomeTenant,
            },
            environment: "Production");

        // Assert
        Assert.AreNotEqual(0, exitCode);
        StringAssert.Contains(output, "SharePoint:SiteUrl or SharePoint:SiteId is required in Production");
        StringAssert.Contains(output, "without sign-in");
        StringAssert.Contains(PublishingEndpoints.ProductionNeedsSharePoint, "azd env set SHAREPOINT_SITE_URL");
    }

    [TestMethod]
    public async Task Healthz_AnonymousInProduction_StatusWordOnly()
    {
        // Arrange
        await using var host = new AppHost(ProductionSettings(), "Production");
        using var client = host.CreateClient();

        // Act
        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("Healthy", body);
        Assert.AreEqual("text/plain", response.Content.Headers.ContentType?.MediaType);
    }

    [TestMethod]
    public async Task Startup_StoreSignInFails_HostStartsAndHealthzSaysDegradedWithoutDetail()
    {
        // Arrange: the managed identity gets no token (AuthenticationFailedException at the first store call, which
        // the table initializer makes before the host takes requests).
        var settings = ProductionSettings();
        settings.Remove("Storage:ConnectionString");
        settings["Storage:TableServiceUri"] = "https://127.0.0.1:9/";
        settings["Storage:ManagedIdentityClientId"] = "0f5c3a4e-2b1d-4c8e-9f7a-6d5e4c3b2a19";
        await using var host = new AppHost(settings, "Production", services => services.AddSingleton(new StorageCredential(new FailingCredential())));

        // Act
        using var client = host.CreateClient();
        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        // Assert: the app is up (recycling it would not help); the why goes to the log, not to the caller.
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("Degraded", body);
        Assert.DoesNotContain("127.0.0.1", body);
        Assert.DoesNotContain("Authentication", body);
    }

    [TestMethod]
    public async Task Messages_NoTokenInProduction_Unauthorized()
    {
        // Arrange
        await using var host = new AppHost(ProductionSettings(), "Production");
        using var client = host.CreateClient();
        using var content = new StringContent("""{"type":"message","id":"1","channelId":"msteams","serviceUrl":"https://smba.trafficmanager.net/amer/","text":"help","from":{"id":"29:x"},"conversation":{"id":"a:1"},"recipient":{"id":"28:bot"}}""", System.Text.Encoding.UTF8, "application/json");

        // Act
        using var response = await client.PostAsync(new Uri("/api/messages", UriKind.Relative), content);

        // Assert
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.AreEqual(string.Empty, await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    [DataRow("/privacy", "Privacy")]
    [DataRow("/terms", "Terms of use")]
    public async Task AboutPages_AnonymousInProduction_ServedAsScriptFreeHtml(string path, string title)
    {
        // Arrange
        await using var host = new AppHost(ProductionSettings(), "Production");
        using var client = host.CreateClient();

        // Act
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        // Assert: the manifest's privacyUrl and termsOfUseUrl lead somewhere true.
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("text/html", response.Content.Headers.ContentType?.MediaType);
        StringAssert.Contains(body, $"<h1>TeamsDecisions: {title}</h1>");
        Assert.DoesNotContain("<script", body);
        StringAssert.Contains(string.Join(";", response.Headers.GetValues("Content-Security-Policy")), "default-src 'none'");
    }

    private sealed class FailingCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new AuthenticationFailedException("ManagedIdentityCredential authentication failed: the identity is not assigned to this resource.");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new AuthenticationFailedException("ManagedIdentityCredential authentication failed: the identity is not assigned to this resource.");
    }
}
