using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TeamsDecisions.Teams.Auth;
using TeamsDecisions.Teams.Tests.Support;

namespace TeamsDecisions.Teams.Tests;

/// <summary>The inbound token matrix, with our own keys behind a loopback OpenID metadata server.</summary>
[TestClass]
public sealed class BotTokenValidatorTests
{
    private static TestKey teamsKey = null!;
    private static TestKey skypeOnlyKey = null!;
    private static OpenIdMetadataServer metadata = null!;
    private static IHost host = null!;

    private static BotTokenValidator Validator => host.Services.GetRequiredService<BotTokenValidator>();

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        teamsKey = new TestKey("teams-key-1");
        skypeOnlyKey = new TestKey("skype-key-1");
        metadata = await OpenIdMetadataServer.StartAsync(teamsKey.ToJwk("msteams"), skypeOnlyKey.ToJwk("skype"));
        host = BotHost.Build(Settings(metadata));
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        host.Dispose();
        await metadata.DisposeAsync();
        teamsKey.Dispose();
        skypeOnlyKey.Dispose();
    }

    internal static Dictionary<string, string?> Settings(OpenIdMetadataServer server) => new()
    {
        ["Bot:AppId"] = Sample.AppId,
        ["Bot:ClientSecret"] = "not-used-by-inbound-validation",
        ["Bot:OpenIdMetadataUrl"] = server.MetadataUrl.AbsoluteUri,
    };

    [TestMethod]
    public async Task ValidateAsync_ValidToken_IsValid()
    {
        // Arrange
        var activity = Sample.Message();
        var token = teamsKey.CreateToken(Sample.AppId, activity.ServiceUrl);

        // Act
        var result = await Validator.ValidateAsync("Bearer " + token, activity, CancellationToken.None);

        // Assert
        Assert.IsTrue(result.IsValid, result.Reason);
        Assert.AreEqual(200, result.Status);
        Assert.AreEqual(BotTokenValidator.Issuer, result.Identity?.FindFirst("iss")?.Value);
    }

    [TestMethod]
    public async Task ValidateAsync_ServiceUrlClaimDiffersOnlyInCaseAndTrailingSlash_IsValid()
    {
        // Arrange
        var activity = Sample.Message(serviceUrl: "https://smba.trafficmanager.net/amer/");
        var token = teamsKey.CreateToken(Sample.AppId, "https://SMBA.trafficmanager.net/amer");

        // Act
        var result = await Validator.ValidateAsync("Bearer " + token, activity, CancellationToken.None);

        // Assert
        Assert.IsTrue(result.IsValid, result.Reason);
    }

    [TestMethod]
    public async Task ValidateAsync_ForgedSignatureWithKnownKid_Unauthorized()
    {
        // Arrange: same kid as a published key, but signed by a key nobody published.
        using var forger = new TestKey(teamsKey.Kid);
        var activity = Sample.Message();
        var token = forger.CreateToken(Sample.AppId, activity.ServiceUrl);

        // Act
        var result = await Validator.ValidateAsync("Bearer " + token, activity, CancellationToken.None);

        // Assert
        Assert.IsFalse(result.IsValid);
        Assert.AreEqual(401, result.Status);
    }

    [TestMethod]
    public async Task ValidateAsync_UnknownKeyAndKid_Unauthorized()
    {
        // Arrange
        using var stranger = new TestKey("never-published");
        var activity = Sample.Message();
        var token = stranger.CreateToken(Sample.AppId, activity.ServiceUrl);

        // Act
        var result = await Validator.ValidateAsync("Bearer " + token, activity, CancellationToken.None);

        // Assert
        Assert.AreEqual(401, result.Status);
    }

    [TestMethod]
    public async Task ValidateAsync_UnsignedToken_Unauthorized()
    {
        // Arrange: alg "none".
        var activity = Sample.Message();
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = BotTokenValidator.Issuer,
            Audience = Sample.AppId,
            Expires = DateTime.UtcNow.AddMinutes(30),
            Claims = new Dictionary<string, object> { [BotTokenValidator.ServiceUrlClaim] = activity.ServiceUrl! },
        });

        // Act
        var result = await Validator.ValidateAsync("Bearer " + token, activity, CancellationToken.None);

        // Assert
        Assert.AreEqual(401, result.Status);
    }

    [TestMethod]
    [DataRow("https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/")]
    [DataRow("https://api.botframework.com/")]
    [DataRow("https://evil.example.com")]
    public async Task ValidateAsync_WrongIssuer_Unauthorized(string issuer)
    {
        // Arrange
        var activity = Sample.Message();
        var token = teamsKey.CreateToken(Sample.AppId, activity.ServiceUrl, issuer: issuer);

        // Act
        var result = await Validator.ValidateAsync("Bearer " + token, activity, CancellationToken.None);

        // Assert
        Assert.AreEqual(401, result.Status);
    }

    [TestMethod]
    [DataRow("11111111-2222-3333-4444-555555555555")]
    [DataRow("https://api.botframework.com")]
    public async Task ValidateAsync_WrongAudience_Unauthorized(string audience)
    {
        // Arrange
        var activity = Sample.Message();
        var token = teamsKey.CreateToken(audience, activity.ServiceUrl);

        // Act
        var result = await Validator.ValidateAsync("Bearer " + token, activity, CancellationToken.None);

        // Assert
        Assert.AreEqual(401, result.Status);
    }

    [TestMethod]
    public async Task ValidateAsync_ExpiredBeyondFiveMinuteSkew_Unauthorized()
    {
        // Arrange
        var activity = Sample.Message();
        var token = teamsKey.CreateToken(Sample.AppId, activity.ServiceUrl, expires: DateTime.UtcNow.AddMinutes(-6));

        // Act
        var result = await Validator.ValidateAsync("Bearer " + token, activity, CancellationToken.None);

        // Assert
        Assert.AreEqual(401, result.Status);
    }

    [TestMethod]
    public async Task ValidateAsync_ExpiredWithinFiveMinuteSkew_IsValid()
    {
        // Arrange
        var activity = Sample.Message();
        var token = teamsKey.CreateToken(Sample.AppId, activity.ServiceUrl, expires: DateTime.UtcNow.AddMinutes(-3));

        // Act
        var result = await Validator.ValidateAsync("Bearer " + token, activity, CancellationToken.None);

        // Assert
        Assert.IsTrue(result.IsValid, result.Reason);
    }

    [TestMethod]
    public async Task ValidateAsync_ServiceUrlClaimMismatch_Unauthorized()
    {
        // Arrange: a token minted for another service URL, replayed with an activity pointing elsewhere.
        var activity = Sample.Message(serviceUrl: "https://attacker.example.com/");
        var token = teamsKey.CreateToken(Sample.AppId, Sample.TeamsServiceUrl);

        // Act
        var result = await Validator.ValidateAsync("Bearer " + token, activity, CancellationToken.None);

        // Assert
        Assert.AreEqual(401, result.Status);
    }

    [TestMethod]
    public async Task ValidateAsync_ServiceUrlClaimMissing_Unauthorized()
    {
        // Arrange
        var activity = Sample.Message();
        var token = teamsKey.CreateToken(Sample.AppId, serviceUrl: null);

        // Act
        var result = await Validator.ValidateAsync("Bearer " + token, activity, CancellationToken.None);

        // Assert
        Assert.AreEqual(401, result.Status);
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("   ")]
    [DataRow("Bearer")]
    [DataRow("Bearer ")]
    public async Task ValidateAsync_NoToken_Unauthorized(string? header)
    {
        // Arrange
        var activity = Sample.Message();

        // Act
        var result = await Validator.ValidateAsync(header, activity, CancellationToken.None);

        // Assert
        Assert.AreEqual(401, result.Status);
    }

    [TestMethod]
    [DataRow("Basic {0}")]
    [DataRow("{0}")]
    [DataRow("Token {0}")]
    public async Task ValidateAsync_NotBearerScheme_Unauthorized(string format)
    {
        // Arrange
        var activity = Sample.Message();
        var token = teamsKey.CreateToken(Sample.AppId, activity.ServiceUrl);

        // Act
        var result = await Validator.ValidateAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, token), activity, CancellationToken.None);

        // Assert
        Assert.AreEqual(401, result.Status);
    }

    [TestMethod]
    public async Task ValidateAsync_KeyEndorsedOnlyForAnotherChannel_Unauthorized()
    {
        // Arrange
        var activity = Sample.Message(channelId: "msteams");
        var token = skypeOnlyKey.CreateToken(Sample.AppId, activity.ServiceUrl);

        // Act
        var result = await Validator.ValidateAsync("Bearer " + token, activity, CancellationToken.None);

        // Assert
        Assert.AreEqual(401, result.Status);
    }

    [TestMethod]
    public async Task ValidateAsync_KeyEndorsedOnlyForAnotherChannelTokenWithoutKid_Unauthorized()
    {
        // Arrange: without a kid the token is tried against every published key; the endorsement check must
        // still apply to the key that verified it.
        var activity = Sample.Message(channelId: "msteams");
        var token = skypeOnlyKey.CreateToken(Sample.AppId, activity.ServiceUrl, withKeyId: false);

        // Act
        var result = await Validator.ValidateAsync("Bearer " + token, activity, CancellationToken.None);

        // Assert
        Assert.AreEqual(401, result.Status);
    }

    [TestMethod]
    public async Task ValidateAsync_TokenWithoutKidSignedByAKeyEndorsedForTheChannel_IsValid()
    {
        // Arrange: endorsements are looked up for the key that verified the signature, which needs no kid.
        var activity = Sample.Message();
        var token = teamsKey.CreateToken(Sample.AppId, activity.ServiceUrl, withKeyId: false);

        // Act
        var result = await Validator.ValidateAsync("Bearer " + token, activity, CancellationToken.None);

        // Assert
        Assert.IsTrue(result.IsValid, result.Reason);
    }

    [TestMethod]
    public async Task ValidateAsync_KeyEndorsedForTheActivitysChannel_IsValid()
    {
        // Arrange
        var activity = Sample.Message(channelId: "skype");
        var token = skypeOnlyKey.CreateToken(Sample.AppId, activity.ServiceUrl);

        // Act
        var result = await Validator.ValidateAsync("Bearer " + token, activity, CancellationToken.None);

        // Assert
        Assert.IsTrue(result.IsValid, result.Reason);
    }

    [TestMethod]
    public async Task ValidateAsync_KeyRotatedAfterStartup_AcceptsNewKeyOnFirstRequest()
    {
        // Arrange: the validator has read the JWKS (old key only); then the Connector publishes a new key.
        using var oldKey = new TestKey("rotation-old");
        using var newKey = new TestKey("rotation-new");
        await using var server = await OpenIdMetadataServer.StartAsync(oldKey.ToJwk("msteams"));
        using var rotationHost = BotHost.Build(Settings(server));
        var validator = rotationHost.Services.GetRequiredService<BotTokenValidator>();
        var activity = Sample.Message();
        var before = await validator.ValidateAsync("Bearer " + oldKey.CreateToken(Sample.AppId, activity.ServiceUrl), activity, CancellationToken.None);
        server.SetKeys(oldKey.ToJwk("msteams"), newKey.ToJwk("msteams"));

        // Act
        var after = await validator.ValidateAsync("Bearer " + newKey.CreateToken(Sample.AppId, activity.ServiceUrl), activity, CancellationToken.None);

        // Assert
        Assert.IsTrue(before.IsValid, before.Reason);
        Assert.IsTrue(after.IsValid, $"first request signed with the rotated-in key: {after.Status} {after.Reason}; JWKS fetched {server.KeyRequests} times");
    }

    [TestMethod]
    public async Task ValidateAsync_KeyRotatedAfterStartup_AcceptsNewKeyOnceRefreshed()
    {
        // Arrange
        using var oldKey = new TestKey("rotation-old");
        using var newKey = new TestKey("rotation-new");
        await using var server = await OpenIdMetadataServer.StartAsync(oldKey.ToJwk("msteams"));
        using var rotationHost = BotHost.Build(Settings(server));
        var validator = rotationHost.Services.GetRequiredService<BotTokenValidator>();
        var activity = Sample.Message();
        _ = await validator.ValidateAsync("Bearer " + oldKey.CreateToken(Sample.AppId, activity.ServiceUrl), activity, CancellationToken.None);
        server.SetKeys(oldKey.ToJwk("msteams"), newKey.ToJwk("msteams"));
        var token = "Bearer " + newKey.CreateToken(Sample.AppId, activity.ServiceUrl);

        // Act: the Connector retries a refused delivery; give the validator a few seconds of them.
        BotAuthResult result;
        var attempts = 0;
        do
        {
            attempts++;
            result = await validator.ValidateAsync(token, activity, CancellationToken.None);
            if (!result.IsValid)
            {
                await Task.Delay(200);
            }
        }
        while (!result.IsValid && attempts < 25);

        // Assert
        Assert.IsTrue(result.IsValid, $"after {attempts} attempts: {result.Status} {result.Reason}; JWKS fetched {server.KeyRequests} times");
    }
}
