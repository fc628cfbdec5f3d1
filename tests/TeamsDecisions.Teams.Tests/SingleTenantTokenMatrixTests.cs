using System.Net;
using Microsoft.Extensions.Time.Testing;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Teams.Auth;
using TeamsDecisions.Teams.Tests.Support;

namespace TeamsDecisions.Teams.Tests;

/// <summary>
/// The bot as azd deploys it: single-tenant, signed in with its user-assigned managed identity (Bot:TenantId,
/// Bot:UseManagedIdentity). Teams still sends Bot Connector tokens (issuer https://api.botframework.com, signed by a
/// key from the Bot Framework metadata); Entra tokens of the bot's own tenant are bot-to-bot (skills, agent
/// identities), which this bot does not take, and are refused even when signed by a published key.
/// </summary>
[TestClass]
public sealed class SingleTenantTokenMatrixTests
{
    private const string HomeTenant = Sample.TenantA;
    private static readonly FakeTimeProvider Clock = new(Sample.Now);
    private static TestKey teamsKey = null!;
    private static OpenIdMetadataServer metadata = null!;
    private static BotEndpointServer endpoint = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        teamsKey = new TestKey("single-tenant-teams-key");
        metadata = await OpenIdMetadataServer.StartAsync(teamsKey.ToJwk("msteams"));
        endpoint = await BotEndpointServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["Bot:AppId"] = Sample.AppId,
                ["Bot:TenantId"] = HomeTenant,
                ["Bot:UseManagedIdentity"] = "true",
                ["Bot:ManagedIdentityClientId"] = Sample.AppId,
                ["Bot:OpenIdMetadataUrl"] = metadata.MetadataUrl.AbsoluteUri,
            },
            Clock);
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await endpoint.DisposeAsync();
        await metadata.DisposeAsync();
        teamsKey.Dispose();
    }

    private static Activity NewMessage() => Sample.WithNewId(Sample.Message(serviceUrl: Sample.TeamsServiceUrl));

    private static string Mint(Activity activity, string issuer, IReadOnlyDictionary<string, object>? claims = null) =>
        teamsKey.CreateToken(Sample.AppId, activity.ServiceUrl, issuer, Clock.GetUtcNow().AddMinutes(-1), extraClaims: claims);

    [TestMethod]
    public async Task Post_BotConnectorIssuer_AcceptedAndProcessed()
    {
        // Arrange: what Teams sends a single-tenant or managed-identity bot (iss, aud = the identity's client id, serviceurl).
        var activity = NewMessage();

        // Act
        using var response = await endpoint.PostAsync(activity, "Bearer " + Mint(activity, BotTokenValidator.Issuer));

        // Assert
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.IsTrue(endpoint.Processed(activity.Id));
    }

    [TestMethod]
    public async Task Post_BotConnectorIssuerWithHomeTenantClaim_AcceptedAndProcessed()
    {
        // Arrange: a tid claim changes nothing; the tenant is checked on the activity (Bot:AllowedTenants).
        var activity = NewMessage();

        // Act
        using var response = await endpoint.PostAsync(activity, "Bearer " + Mint(activity, BotTokenValidator.Issuer, new Dictionary<string, object> { ["tid"] = HomeTenant }));

        // Assert
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.IsTrue(endpoint.Processed(activity.Id));
    }

    [TestMethod]
    [DataRow("https://sts.windows.net/" + HomeTenant + "/", DisplayName = "Entra v1, the bot's own tenant")]
    [DataRow("https://login.microsoftonline.com/" + HomeTenant + "/v2.0", DisplayName = "Entra v2, the bot's own tenant")]
    [DataRow("https://sts.windows.net/" + Sample.TenantB + "/", DisplayName = "Entra v1, another tenant")]
    [DataRow("https://login.microsoftonline.com/" + Sample.TenantB + "/v2.0", DisplayName = "Entra v2, another tenant")]
    [DataRow("https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/", DisplayName = "Bot Framework Emulator")]
    [DataRow("https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/", DisplayName = "Bot Framework skills (v3.2)")]
    [DataRow("https://api.botframework.us", DisplayName = "US Government cloud")]
    public async Task Post_EntraOrOtherIssuer_RefusedUnprocessed(string issuer)
    {
        // Arrange: signed by the published, msteams-endorsed key, with a matching serviceurl: only the issuer differs.
        var activity = NewMessage();
        var token = Mint(activity, issuer, new Dictionary<string, object> { ["tid"] = HomeTenant });

        // Act
        using var response = await endpoint.PostAsync(activity, "Bearer " + token);

        // Assert
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.IsFalse(endpoint.Processed(activity.Id), "the bot was handed an activity whose token was refused");
    }
}
