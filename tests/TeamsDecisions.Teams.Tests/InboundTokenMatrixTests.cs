using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Teams.Auth;
using TeamsDecisions.Teams.Tests.Support;

namespace TeamsDecisions.Teams.Tests;

/// <summary>
/// Every way an inbound token must be refused, through POST /api/messages as the app wires it: each answers 401 and
/// the bot is never handed the activity. Our own keys sit behind a loopback OpenID metadata server; the host runs on
/// a fake clock that is not the wall clock, and tokens are minted by it.
/// </summary>
[TestClass]
public sealed class InboundTokenMatrixTests
{
    private static readonly FakeTimeProvider Clock = new(Sample.Now);
    private static TestKey teamsKey = null!;
    private static TestKey skypeOnlyKey = null!;
    private static OpenIdMetadataServer metadata = null!;
    private static BotEndpointServer endpoint = null!;

    private static DateTimeOffset Now => Clock.GetUtcNow();

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        teamsKey = new TestKey("matrix-teams-key");
        skypeOnlyKey = new TestKey("matrix-skype-key");
        metadata = await OpenIdMetadataServer.StartAsync(teamsKey.ToJwk("msteams"), skypeOnlyKey.ToJwk("skype"));
        endpoint = await BotEndpointServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["Bot:AppId"] = Sample.AppId,
                ["Bot:ClientSecret"] = "not-used-by-inbound-validation",
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
        skypeOnlyKey.Dispose();
    }

    private static Activity NewMessage(string serviceUrl = Sample.TeamsServiceUrl) => Sample.WithNewId(Sample.Message(serviceUrl: serviceUrl));

    /// <summary>A token valid by the fake clock (from a minute ago for an hour) unless a part is overridden.</summary>
    private static string Mint(
        TestKey key,
        Activity activity,
        string? audience = Sample.AppId,
        string issuer = BotTokenValidator.Issuer,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? expires = null,
        bool withKeyId = true) =>
        key.CreateToken(audience, activity.ServiceUrl, issuer, notBefore ?? (expires is null ? Now.AddMinutes(-1) : null), expires, withKeyId);

    private static void AssertRefusedUnprocessed(HttpResponseMessage response, Activity activity)
    {
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.IsFalse(endpoint.Processed(activity.Id), "the bot was handed an activity whose token was refused");
    }

    [TestMethod]
    public async Task Post_ValidToken_AcceptedAndProcessed()
    {
        // Arrange: the control; every refusal below changes one thing from this.
        var activity = NewMessage();

        // Act
        using var response = await endpoint.PostAsync(activity, "Bearer " + Mint(teamsKey, activity));

        // Assert
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.IsTrue(endpoint.Processed(activity.Id));
    }

    [TestMethod]
    public async Task Post_ExpiredBeyondFiveMinuteSkew_RefusedUnprocessed()
    {
        // Arrange
        var activity = NewMessage();
        var token = Mint(teamsKey, activity, expires: Now - BotTokenValidator.ClockSkew - TimeSpan.FromSeconds(1));

        // Act
        using var response = await endpoint.PostAsync(activity, "Bearer " + token);

        // Assert
        AssertRefusedUnprocessed(response, activity);
    }

    [TestMethod]
    public async Task Post_NotYetValidBeyondFiveMinuteSkew_RefusedUnprocessed()
    {
        // Arrange
        var activity = NewMessage();
        var token = Mint(teamsKey, activity, notBefore: Now + BotTokenValidator.ClockSkew + TimeSpan.FromSeconds(1));

        // Act
        using var response = await endpoint.PostAsync(activity, "Bearer " + token);

        // Assert
        AssertRefusedUnprocessed(response, activity);
    }

    [TestMethod]
    public async Task Post_NoExpiry_RefusedUnprocessed()
    {
        // Arrange: a token that would never expire.
        var activity = NewMessage();
        var token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = BotTokenValidator.Issuer,
            Audience = Sample.AppId,
            NotBefore = Now.AddMinutes(-1).UtcDateTime,
            Claims = new Dictionary<string, object> { [BotTokenValidator.ServiceUrlClaim] = activity.ServiceUrl! },
            SigningCredentials = new SigningCredentials(teamsKey.SecurityKey, SecurityAlgorithms.RsaSha256),
        });

        // Act
        using var response = await endpoint.PostAsync(activity, "Bearer " + token);

        // Assert
        AssertRefusedUnprocessed(response, activity);
    }

    [TestMethod]
    [DataRow("11111111-2222-3333-4444-555555555555")]
    [DataRow("https://api.botframework.com")]
    public async Task Post_WrongAudience_RefusedUnprocessed(string audience)
    {
        // Arrange
        var activity = NewMessage();
        var token = Mint(teamsKey, activity, audience: audience);

        // Act
        using var response = await endpoint.PostAsync(activity, "Bearer " + token);

        // Assert
        AssertRefusedUnprocessed(response, activity);
    }

    [TestMethod]
    [DataRow("https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/")]
    [DataRow("https://api.botframework.com/")]
    [DataRow("https://evil.example.com")]
    public async Task Post_WrongIssuer_RefusedUnprocessed(string issuer)
    {
        // Arrange
        var activity = NewMessage();
        var token = Mint(teamsKey, activity, issuer: issuer);

        // Act
        using var response = await endpoint.PostAsync(activity, "Bearer " + token);

        // Assert
        AssertRefusedUnprocessed(response, activity);
    }

    [TestMethod]
    public async Task Post_ServiceUrlClaimForAnotherServiceUrl_RefusedUnprocessed()
    {
        // Arrange: a genuine token minted for Teams' service URL, replayed with an activity pointing elsewhere.
        var activity = NewMessage(serviceUrl: "https://attacker.example.com/");
        var token = Mint(teamsKey, NewMessage(serviceUrl: Sample.TeamsServiceUrl));

        // Act
        using var response = await endpoint.PostAsync(activity, "Bearer " + token);

        // Assert
        AssertRefusedUnprocessed(response, activity);
    }

    [TestMethod]
    public async Task Post_ServiceUrlClaimMissing_RefusedUnprocessed()
    {
        // Arrange
        var activity = NewMessage();
        var token = teamsKey.CreateToken(Sample.AppId, serviceUrl: null, notBefore: Now.AddMinutes(-1));

        // Act
        using var response = await endpoint.PostAsync(activity, "Bearer " + token);

        // Assert
        AssertRefusedUnprocessed(response, activity);
    }

    [TestMethod]
    public async Task Post_KeyEndorsementsLackMsteams_RefusedUnprocessed()
    {
        // Arrange: a published key, but endorsed for another channel only.
        var activity = NewMessage();
        var token = Mint(skypeOnlyKey, activity);

        // Act
        using var response = await endpoint.PostAsync(activity, "Bearer " + token);

        // Assert
        AssertRefusedUnprocessed(response, activity);
    }

    [TestMethod]
    public async Task Post_KeyEndorsementsLackMsteamsAndTokenHasNoKid_RefusedUnprocessed()
    {
        // Arrange: without a kid the token is tried against every published key; the endorsement check must
        // still apply to the key that verified it.
        var activity = NewMessage();
        var token = Mint(skypeOnlyKey, activity, withKeyId: false);

        // Act
        using var response = await endpoint.PostAsync(activity, "Bearer " + token);

        // Assert
        AssertRefusedUnprocessed(response, activity);
    }

    [TestMethod]
    [DataRow("none")]
    [DataRow("None")]
    [DataRow("NONE")]
    public async Task Post_UnsignedToken_RefusedUnprocessed(string alg)
    {
        // Arrange: a genuine token's claims and kid, "alg" set to none and the signature dropped.
        var activity = NewMessage();
        var token = ForgedToken.Unsigned(Mint(teamsKey, activity), alg);

        // Act
        using var response = await endpoint.PostAsync(activity, "Bearer " + token);

        // Assert
        AssertRefusedUnprocessed(response, activity);
    }

    [TestMethod]
    public async Task Post_Hs256WithAnySecret_RefusedUnprocessed()
    {
        // Arrange
        var activity = NewMessage();
        var token = ForgedToken.Hs256(Mint(teamsKey, activity), RandomNumberGenerator.GetBytes(64));

        // Act
        using var response = await endpoint.PostAsync(activity, "Bearer " + token);

        // Assert
        AssertRefusedUnprocessed(response, activity);
    }

    [TestMethod]
    [DataRow("modulus")]
    [DataRow("spki-der")]
    [DataRow("spki-pem")]
    [DataRow("pkcs1-der")]
    [DataRow("jwk-json")]
    public async Task Post_Hs256WithSecretFromThePublishedRsaKey_RefusedUnprocessed(string shape)
    {
        // Arrange: algorithm confusion. Anyone can read the RSA public key off the JWKS; a validator that let the
        // token's "alg" pick HMAC would verify this with those bytes as the secret.
        var activity = NewMessage();
        var token = ForgedToken.Hs256(Mint(teamsKey, activity), teamsKey.PublicBytes(shape));

        // Act
        using var response = await endpoint.PostAsync(activity, "Bearer " + token);

        // Assert
        AssertRefusedUnprocessed(response, activity);
    }

    [TestMethod]
    public async Task Post_ForgedSignatureWithKnownKid_RefusedUnprocessed()
    {
        // Arrange: same kid as a published key, but signed by a key nobody published.
        using var forger = new TestKey(teamsKey.Kid);
        var activity = NewMessage();
        var token = Mint(forger, activity);

        // Act
        using var response = await endpoint.PostAsync(activity, "Bearer " + token);

        // Assert
        AssertRefusedUnprocessed(response, activity);
    }

    [TestMethod]
    public async Task Post_UnknownKeyAndKid_RefusedUnprocessed()
    {
        // Arrange
        using var stranger = new TestKey("never-published");
        var activity = NewMessage();
        var token = Mint(stranger, activity);

        // Act
        using var response = await endpoint.PostAsync(activity, "Bearer " + token);

        // Assert
        AssertRefusedUnprocessed(response, activity);
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("   ")]
    [DataRow("Bearer")]
    [DataRow("Bearer ")]
    public async Task Post_NoToken_RefusedUnprocessed(string? authorization)
    {
        // Arrange
        var activity = NewMessage();

        // Act
        using var response = await endpoint.PostAsync(activity, authorization);

        // Assert
        AssertRefusedUnprocessed(response, activity);
    }

    [TestMethod]
    [DataRow("Basic {0}")]
    [DataRow("{0}")]
    [DataRow("Token {0}")]
    public async Task Post_NotBearerScheme_RefusedUnprocessed(string format)
    {
        // Arrange
        var activity = NewMessage();
        var authorization = string.Format(CultureInfo.InvariantCulture, format, Mint(teamsKey, activity));

        // Act
        using var response = await endpoint.PostAsync(activity, authorization);

        // Assert
        AssertRefusedUnprocessed(response, activity);
    }
}
