using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TeamsDecisions.Teams.Auth;

namespace TeamsDecisions.Teams.Tests.Support;

/// <summary>An RSA signing key of our own, as the Bot Connector's token service would hold it.</summary>
internal sealed class TestKey : IDisposable
{
    private readonly RSA rsa;

    public TestKey(string kid)
    {
        rsa = RSA.Create(2048);
        Kid = kid;
        SecurityKey = new RsaSecurityKey(rsa) { KeyId = kid };
    }

    public string Kid { get; }

    public RsaSecurityKey SecurityKey { get; }

    /// <summary>The public key as a JWKS entry, with the Bot Framework's extra "endorsements" property.</summary>
    public JsonObject ToJwk(params string[] endorsements)
    {
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = Kid,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
        if (endorsements.Length > 0)
        {
            jwk["endorsements"] = new JsonArray([.. endorsements.Select(e => JsonValue.Create(e))]);
        }

        return jwk;
    }

    /// <summary>Public bytes an attacker can read off the JWKS, in the shapes used as HMAC secrets in algorithm-confusion attacks.</summary>
    public byte[] PublicBytes(string shape) => shape switch
    {
        "modulus" => rsa.ExportParameters(includePrivateParameters: false).Modulus!,
        "spki-der" => rsa.ExportSubjectPublicKeyInfo(),
        "spki-pem" => System.Text.Encoding.UTF8.GetBytes(rsa.ExportSubjectPublicKeyInfoPem()),
        "pkcs1-der" => rsa.ExportRSAPublicKey(),
        "jwk-json" => System.Text.Encoding.UTF8.GetBytes(ToJwk().ToJsonString()),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "unknown public key shape"),
    };

    /// <summary>
    /// A Bot Connector-style token signed with this key; every part can be overridden to build a bad one. Without
    /// times it is valid by the wall clock (from 30 minutes ago for an hour).
    /// </summary>
    public string CreateToken(
        string? audience,
        string? serviceUrl,
        string issuer = BotTokenValidator.Issuer,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? expires = null,
        bool withKeyId = true,
        IReadOnlyDictionary<string, object>? extraClaims = null)
    {
        var credentials = new SigningCredentials(withKeyId ? SecurityKey : new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256);
        return Sign(credentials, audience, serviceUrl, issuer, notBefore, expires, extraClaims);
    }

    /// <summary>A token with the given credentials, or unsigned ("alg": "none") without any.</summary>
    public static string Sign(
        SigningCredentials? credentials,
        string? audience,
        string? serviceUrl,
        string issuer = BotTokenValidator.Issuer,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? expires = null,
        IReadOnlyDictionary<string, object>? extraClaims = null)
    {
        var exp = expires ?? (notBefore ?? DateTimeOffset.UtcNow.AddMinutes(-30)).AddHours(1);
        var nbf = notBefore ?? exp.AddHours(-1);
        var claims = extraClaims?.ToDictionary() ?? [];
        if (serviceUrl is not null)
        {
            claims[BotTokenValidator.ServiceUrlClaim] = serviceUrl;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = nbf.UtcDateTime,
            NotBefore = nbf.UtcDateTime,
            Expires = exp.UtcDateTime,
            Claims = claims,
            SigningCredentials = credentials,
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    public void Dispose() => rsa.Dispose();
}
