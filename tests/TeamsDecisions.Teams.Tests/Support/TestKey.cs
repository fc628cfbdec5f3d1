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

    /// <summary>A Bot Connector-style token; every part can be overridden to build a bad one.</summary>
    public string CreateToken(
        string? audience,
        string? serviceUrl,
        string issuer = BotTokenValidator.Issuer,
        DateTime? expires = null)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>();
        if (serviceUrl is not null)
        {
            claims[BotTokenValidator.ServiceUrlClaim] = serviceUrl;
        }

        var exp = expires ?? now.AddMinutes(30);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = exp.AddHours(-1),
            NotBefore = exp.AddHours(-1),
            Expires = exp,
            Claims = claims,
            SigningCredentials = new SigningCredentials(SecurityKey, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    public void Dispose() => rsa.Dispose();
}
