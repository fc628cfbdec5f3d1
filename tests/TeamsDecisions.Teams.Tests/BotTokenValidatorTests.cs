using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using TeamsDecisions.Teams.Auth;
using TeamsDecisions.Teams.Tests.Support;

namespace TeamsDecisions.Teams.Tests;

/// <summary>
/// What the validator accepts, where the lifetime edges lie on the injected clock, and how it follows key rotation.
/// Every refusal, end to end, is in <see cref="InboundTokenMatrixTests"/>.
/// </summary>
[TestClass]
public sealed class BotTokenValidatorTests
{
    private static readonly FakeTimeProvider Clock = new(Sample.Now);
    private static TestKey teamsKey = null!;
    private static TestKey skypeOnlyKey = null!;
    private static OpenIdMetadataServer metadata = null!;
    private static IHost host = null!;

    private static BotTokenValidator Validator => host.Services.GetRequiredService<BotTokenValidator>();

    private static DateTimeOffset Now => Clock.GetUtcNow();

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        teamsKey = new TestKey("teams-key-1");
        skypeOnlyKey = new TestKey("skype-key-1");
        metadata = await OpenIdMetadataServer.StartAsync(teamsKey.ToJwk("msteams"), skypeOnlyKey.ToJwk("skype"));
        host = BuildHost(metadata, Clock);
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        host.Dispose();
        await metadata.DisposeAsync();
        teamsKey.Dispose();
        skypeOnlyKey.Dispose();
    }

    private static IHost BuildHost(OpenIdMetadataServer server, TimeProvider clock) => BotHost.Build(
        new Dictionary<string, string?>
        {
            ["Bot:AppId"] = Sample.AppId,
            ["Bot:ClientSecret"] = "not-used-by-inbound-validation",
            ["Bot:OpenIdMetadataUrl"] = server.MetadataUrl.AbsoluteUri,
        },
        services: s => s.AddSingleton(clock));

    /// <summary>"Bearer " and a token valid by <paramref name="clock"/>'s now (from a minute ago for an hour).</summary>
    private static string Bearer(TestKey key, string? serviceUrl, TimeProvider clock) =>
        "Bearer " + key.CreateToken(Sample.AppId, serviceUrl, notBefore: clock.GetUtcNow().AddMinutes(-1));

    [TestMethod]
    public async Task ValidateAsync_ValidToken_IsValid()
    {
        // Arrange
        var activity = Sample.Message();

        // Act
        var result = await Validator.ValidateAsync(Bearer(teamsKey, activity.ServiceUrl, Clock), activity, CancellationToken.None);

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

        // Act
        var result = await Validator.ValidateAsync(Bearer(teamsKey, "https://SMBA.trafficmanager.net/amer", Clock), activity, CancellationToken.None);

        // Assert
        Assert.IsTrue(result.IsValid, result.Reason);
    }

    [TestMethod]
    public async Task ValidateAsync_KeyEndorsedForTheActivitysChannel_IsValid()
    {
        // Arrange
        var activity = Sample.Message(channelId: "skype");

        // Act
        var result = await Validator.ValidateAsync(Bearer(skypeOnlyKey, activity.ServiceUrl, Clock), activity, CancellationToken.None);

        // Assert
        Assert.IsTrue(result.IsValid, result.Reason);
    }

    [TestMethod]
    public async Task ValidateAsync_TokenWithoutKidSignedByAKeyEndorsedForTheChannel_IsValid()
    {
        // Arrange: endorsements are looked up for the key that verified the signature, which needs no kid.
        var activity = Sample.Message();
        var token = teamsKey.CreateToken(Sample.AppId, activity.ServiceUrl, notBefore: Now.AddMinutes(-1), withKeyId: false);

        // Act
        var result = await Validator.ValidateAsync("Bearer " + token, activity, CancellationToken.None);

        // Assert
        Assert.IsTrue(result.IsValid, result.Reason);
    }

    [TestMethod]
    public async Task ValidateAsync_ExpiredWithinFiveMinuteSkew_IsValid()
    {
        // Arrange
        var activity = Sample.Message();
        var token = teamsKey.CreateToken(Sample.AppId, activity.ServiceUrl, expires: Now - BotTokenValidator.ClockSkew + TimeSpan.FromSeconds(1));

        // Act
        var result = await Validator.ValidateAsync("Bearer " + token, activity, CancellationToken.None);

        // Assert
        Assert.IsTrue(result.IsValid, result.Reason);
    }

    [TestMethod]
    public async Task ValidateAsync_NotYetValidWithinFiveMinuteSkew_IsValid()
    {
        // Arrange
        var activity = Sample.Message();
        var token = teamsKey.CreateToken(Sample.AppId, activity.ServiceUrl, notBefore: Now + BotTokenValidator.ClockSkew - TimeSpan.FromSeconds(1));

        // Act
        var result = await Validator.ValidateAsync("Bearer " + token, activity, CancellationToken.None);

        // Assert
        Assert.IsTrue(result.IsValid, result.Reason);
    }

    [TestMethod]
    public async Task ValidateAsync_ClockMovesPastExpiryAndSkew_SameTokenRefused()
    {
        // Arrange: a token that expires in a minute, accepted now.
        var clock = new FakeTimeProvider(Sample.Now);
        using var clockHost = BuildHost(metadata, clock);
        var validator = clockHost.Services.GetRequiredService<BotTokenValidator>();
        var activity = Sample.Message();
        var token = "Bearer " + teamsKey.CreateToken(Sample.AppId, activity.ServiceUrl, expires: clock.GetUtcNow().AddMinutes(1));
        var before = await validator.ValidateAsync(token, activity, CancellationToken.None);

        // Act
        clock.Advance(TimeSpan.FromMinutes(1) + BotTokenValidator.ClockSkew + TimeSpan.FromSeconds(1));
        var after = await validator.ValidateAsync(token, activity, CancellationToken.None);

        // Assert
        Assert.IsTrue(before.IsValid, before.Reason);
        Assert.AreEqual(401, after.Status);
    }

    [TestMethod]
    public async Task ValidateAsync_KeyRotatedAfterStartup_AcceptsNewKeyOnFirstRequest()
    {
        // Arrange: the validator has read the JWKS (old key only); then the Connector publishes a new key.
        using var oldKey = new TestKey("rotation-old");
        using var newKey = new TestKey("rotation-new");
        await using var server = await OpenIdMetadataServer.StartAsync(oldKey.ToJwk("msteams"));
        var clock = new FakeTimeProvider(Sample.Now);
        using var rotationHost = BuildHost(server, clock);
        var validator = rotationHost.Services.GetRequiredService<BotTokenValidator>();
        var activity = Sample.Message();
        var before = await validator.ValidateAsync(Bearer(oldKey, activity.ServiceUrl, clock), activity, CancellationToken.None);
        server.SetKeys(oldKey.ToJwk("msteams"), newKey.ToJwk("msteams"));

        // Act
        var after = await validator.ValidateAsync(Bearer(newKey, activity.ServiceUrl, clock), activity, CancellationToken.None);

        // Assert
        Assert.IsTrue(before.IsValid, before.Reason);
        Assert.IsTrue(after.IsValid, $"first request signed with the rotated-in key: {after.Status} {after.Reason}; JWKS fetched {server.KeyRequests} times");
    }

    [TestMethod]
    public async Task ValidateAsync_KeyRotatedAfterStartup_LaterRequestsWithNewKeyAcceptedWithoutRereading()
    {
        // Arrange: the first request with the new key made the validator re-read the metadata.
        using var oldKey = new TestKey("rotation-old");
        using var newKey = new TestKey("rotation-new");
        await using var server = await OpenIdMetadataServer.StartAsync(oldKey.ToJwk("msteams"));
        var clock = new FakeTimeProvider(Sample.Now);
        using var rotationHost = BuildHost(server, clock);
        var validator = rotationHost.Services.GetRequiredService<BotTokenValidator>();
        var activity = Sample.Message();
        _ = await validator.ValidateAsync(Bearer(oldKey, activity.ServiceUrl, clock), activity, CancellationToken.None);
        server.SetKeys(oldKey.ToJwk("msteams"), newKey.ToJwk("msteams"));
        var first = await validator.ValidateAsync(Bearer(newKey, activity.ServiceUrl, clock), activity, CancellationToken.None);
        var readsAfterFirst = server.KeyRequests;

        // Act: the Connector's next deliveries, within the minute in which no further re-read is allowed.
        var results = new List<BotAuthResult>();
        for (var i = 0; i < 3; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            results.Add(await validator.ValidateAsync(Bearer(newKey, activity.ServiceUrl, clock), activity, CancellationToken.None));
        }

        // Assert
        Assert.IsTrue(first.IsValid, first.Reason);
        Assert.IsTrue(results.All(r => r.IsValid), string.Join("; ", results.Select(r => $"{r.Status} {r.Reason}")));
        Assert.AreEqual(readsAfterFirst, server.KeyRequests, "the JWKS read for the first request serves the next ones");
    }

    [TestMethod]
    public async Task ValidateAsync_UnknownKeys_MetadataReReadAtMostOnceAMinuteByTheClock()
    {
        // Arrange: one forced re-read has just happened for an unknown key.
        using var knownKey = new TestKey("gate-known");
        using var stranger = new TestKey("gate-stranger");
        await using var server = await OpenIdMetadataServer.StartAsync(knownKey.ToJwk("msteams"));
        var clock = new FakeTimeProvider(Sample.Now);
        using var gateHost = BuildHost(server, clock);
        var validator = gateHost.Services.GetRequiredService<BotTokenValidator>();
        var activity = Sample.Message();
        _ = await validator.ValidateAsync(Bearer(knownKey, activity.ServiceUrl, clock), activity, CancellationToken.None);
        var readsAtStart = server.KeyRequests;
        _ = await validator.ValidateAsync(Bearer(stranger, activity.ServiceUrl, clock), activity, CancellationToken.None);
        var readsAfterFirstUnknown = server.KeyRequests;
        server.SetKeys(knownKey.ToJwk("msteams"), stranger.ToJwk("msteams"));

        // Act: the stranger's key is published now; tokens signed with it keep coming.
        clock.Advance(TimeSpan.FromSeconds(59));
        var withinTheMinute = await validator.ValidateAsync(Bearer(stranger, activity.ServiceUrl, clock), activity, CancellationToken.None);
        var readsWithinTheMinute = server.KeyRequests;
        clock.Advance(TimeSpan.FromSeconds(1));
        var aMinuteLater = await validator.ValidateAsync(Bearer(stranger, activity.ServiceUrl, clock), activity, CancellationToken.None);

        // Assert
        Assert.AreEqual(readsAtStart + 1, readsAfterFirstUnknown, "an unknown key forces one re-read");
        Assert.AreEqual(401, withinTheMinute.Status);
        Assert.AreEqual(readsAfterFirstUnknown, readsWithinTheMinute, "no second re-read within the minute");
        Assert.IsTrue(aMinuteLater.IsValid, $"{aMinuteLater.Status} {aMinuteLater.Reason}");
        Assert.AreEqual(readsAfterFirstUnknown + 1, server.KeyRequests, "one re-read once the minute has passed");
    }
}
