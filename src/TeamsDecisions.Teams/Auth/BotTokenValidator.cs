using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using TeamsDecisions.Teams.Activities;

namespace TeamsDecisions.Teams.Auth;

/// <summary>The outcome of checking an inbound request: valid, or the status to answer and why (for the log only).</summary>
public sealed record BotAuthResult(bool IsValid, int Status, string Reason, ClaimsIdentity? Identity = null)
{
    public static BotAuthResult Valid(ClaimsIdentity? identity) => new(true, 200, "valid", identity);

    public static BotAuthResult Unauthorized(string reason) => new(false, 401, reason);
}

/// <summary>
/// Validates the Bot Connector's JWT as the Bot Framework requires: Bearer scheme; signed by a key from the OpenID
/// metadata's jwks_uri (RS256/384/512), refreshed once when a key is unknown; issuer https://api.botframework.com;
/// audience = Bot:AppId; lifetime with 5 minutes of clock skew; the "serviceurl" claim equal to the activity's
/// serviceUrl; and, when the key carries endorsements, the activity's channel among them. Every refusal is 401.
/// </summary>
public sealed class BotTokenValidator
{
    /// <summary>
    /// The one issuer accepted, for multi-tenant, single-tenant and user-assigned managed identity bots alike.
    /// Source: "Authenticate requests from the Bot Connector service to your bot", step 4, requirement 3
    /// (https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication#connector-to-bot):
    /// the issuer is https://api.botframework.com and the key comes from the Bot Framework OpenID metadata; the page
    /// makes no exception by app type, and tokens Teams sends single-tenant bots carry that issuer (seen in
    /// microsoft/Agents-for-net issue 502). Entra issuers of the bot's own tenant (https://sts.windows.net/{tenant}/,
    /// https://login.microsoftonline.com/{tenant}/v2.0) are what the Bot Framework SDK adds for skills (bot-to-bot
    /// calls) and the Teams / Agents SDKs for agent identities; those tokens are signed with Entra's keys, not the
    /// Bot Framework's, and carry no serviceurl. This bot takes neither, so they are refused: accepting them would let
    /// any app in the tenant that may get a token for the identity's client id speak as Teams.
    /// </summary>
    public const string Issuer = "https://api.botframework.com";
    public const string ServiceUrlClaim = "serviceurl";

    /// <summary>The Bot Framework's allowance for clocks that disagree, both ways.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    private readonly BotOptions options;
    private readonly IConfigurationManager<OpenIdConnectConfiguration> metadata;
    private readonly ILogger<BotTokenValidator> logger;
    private readonly IHttpClientFactory httpClients;
    private readonly TimeProvider clock;
    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };
    private readonly Lock gate = new();
    private DateTimeOffset lastForcedRefresh = DateTimeOffset.MinValue;
    private FreshMetadata? fresher;

    public BotTokenValidator(IOptions<BotOptions> options, IConfigurationManager<OpenIdConnectConfiguration> metadata, IHttpClientFactory httpClients, TimeProvider clock, ILogger<BotTokenValidator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.metadata = metadata;
        this.httpClients = httpClients;
        this.clock = clock;
        this.logger = logger;
    }

    public async Task<BotAuthResult> ValidateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (string.IsNullOrWhiteSpace(authorizationHeader))
        {
            return BotAuthResult.Unauthorized("no Authorization header");
        }

        var parts = authorizationHeader.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !parts[0].Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return BotAuthResult.Unauthorized("not a Bearer token");
        }

        var token = parts[1];
        var cached = await ConfigurationAsync(cancellationToken).ConfigureAwait(false);
        var configuration = Newest(cached);
        var result = await ValidateTokenAsync(token, configuration, cancellationToken).ConfigureAwait(false);
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException && await FreshConfigurationAsync(cached, cancellationToken).ConfigureAwait(false) is { } fresh)
        {
            // The Connector rotated its keys since we last read the metadata: read it now (the cache refreshes
            // only every 12 hours), at most once a minute so unknown-key tokens cannot make us hammer it.
            configuration = fresh;
            result = await ValidateTokenAsync(token, configuration, cancellationToken).ConfigureAwait(false);
        }

        if (!result.IsValid)
        {
            Log.TokenRefused(logger, result.Exception?.GetType().Name ?? "invalid", result.Exception?.Message ?? string.Empty);
            return BotAuthResult.Unauthorized($"token refused: {result.Exception?.GetType().Name}");
        }

        var serviceUrl = result.ClaimsIdentity.FindFirst(ServiceUrlClaim)?.Value;
        if (string.IsNullOrWhiteSpace(serviceUrl) || !SameUrl(serviceUrl, activity.ServiceUrl))
        {
            return BotAuthResult.Unauthorized("serviceurl claim does not match the activity's serviceUrl");
        }

        if (!Endorsed(configuration, result.SecurityToken, activity.ChannelId))
        {
            // 401 like every other refusal (the Bot Framework SDK answers an endorsement failure the same way).
            return BotAuthResult.Unauthorized($"signing key is not endorsed for channel {activity.ChannelId}");
        }

        return BotAuthResult.Valid(result.ClaimsIdentity);
    }

    private async Task<OpenIdConnectConfiguration?> ConfigurationAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await metadata.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The metadata read on an unknown key, while it is newer than the cache's copy.</summary>
    private OpenIdConnectConfiguration? Newest(OpenIdConnectConfiguration? cached)
    {
        lock (gate)
        {
            if (fresher is { } fresh && ReferenceEquals(fresh.ReadOver, cached))
            {
                return fresh.Configuration;
            }

            // The cache has refreshed since: its copy is the newer one (a key removed since is gone from it).
            fresher = null;
            return cached;
        }
    }

    private async Task<OpenIdConnectConfiguration?> FreshConfigurationAsync(OpenIdConnectConfiguration? cached, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            if (now - lastForcedRefresh < TimeSpan.FromMinutes(1))
            {
                return null;
            }

            lastForcedRefresh = now;
        }

        OpenIdConnectConfiguration fresh;
        try
        {
            var http = httpClients.CreateClient(TeamsBotServiceCollectionExtensions.MetadataClient);
            var url = options.OpenIdMetadataUrl;
            fresh = await OpenIdConnectConfigurationRetriever.GetAsync(url.AbsoluteUri, new HttpDocumentRetriever(http) { RequireHttps = !url.IsLoopback }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or HttpRequestException or ArgumentException)
        {
            return null;
        }

        // Kept for the requests that follow: without it each of them would miss the new key again and wait for
        // the next forced read, a minute later.
        lock (gate)
        {
            fresher = new FreshMetadata(cached, fresh);
        }

        return fresh;
    }

    private async Task<TokenValidationResult> ValidateTokenAsync(string token, OpenIdConnectConfiguration? configuration, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        if (configuration is null)
        {
            return new TokenValidationResult { IsValid = false, Exception = new InvalidOperationException("The Bot Framework OpenID metadata could not be read.") };
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = options.AppId,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAlgorithms = Algorithms,
            ClockSkew = ClockSkew,
            LifetimeValidator = (notBefore, expires, _, _) => WithinLifetime(notBefore, expires),
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
        };
        return await handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
    }

    /// <summary>IdentityModel's own lifetime check reads the wall clock; this is the same rule on ours.</summary>
    private bool WithinLifetime(DateTime? notBefore, DateTime? expires)
    {
        if (expires is not { } until || (notBefore is { } from && from > until))
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        return now <= until.ToUniversalTime() + ClockSkew && (notBefore is not { } start || now >= start.ToUniversalTime() - ClockSkew);
    }

    private static bool Endorsed(OpenIdConnectConfiguration? configuration, SecurityToken? token, string? channelId)
    {
        // The key that verified the signature, not the token's kid header: a token without a kid is tried
        // against every published key, and must not skip the endorsement check that way. Every key the Bot
        // Framework publishes has a kid; a key we cannot name is refused rather than waved through.
        var kid = token?.SigningKey?.KeyId;
        if (configuration is null || string.IsNullOrEmpty(kid))
        {
            return false;
        }

        var key = configuration.JsonWebKeySet?.Keys.FirstOrDefault(k => k.Kid == kid);
        if (key is null || !key.AdditionalData.TryGetValue("endorsements", out var raw))
        {
            return true;
        }

        var endorsements = raw switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } array => array.EnumerateArray().Select(e => e.GetString()).ToList(),
            IEnumerable<object> list => list.Select(o => o?.ToString()).ToList(),
            _ => [],
        };
        return channelId is not null && endorsements.Contains(channelId, StringComparer.OrdinalIgnoreCase);
    }

    private static bool SameUrl(string a, string? b) =>
        b is not null && string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private sealed record FreshMetadata(OpenIdConnectConfiguration? ReadOver, OpenIdConnectConfiguration Configuration);
}
