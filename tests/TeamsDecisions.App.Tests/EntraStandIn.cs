using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TeamsDecisions.App.Tabs;
using TeamsDecisions.Testing;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// A loopback stand-in for login.microsoftonline.com: any tenant's OpenID metadata
/// (<c>/{tenant}/v2.0/.well-known/openid-configuration</c>) and one JWKS with the test's own RSA key, which signs
/// Teams SSO-style access tokens for the tab API.
/// </summary>
internal sealed class EntraStandIn : IAsyncDisposable
{
    public const string Kid = "tab-test-key";
    private readonly RSA rsa = RSA.Create(2048);
    private WebApplication app = null!;

    /// <summary>http://127.0.0.1:port/ — the value for TabAuth:Instance.</summary>
    public Uri Instance { get; private set; } = null!;

    public RsaSecurityKey SigningKey => new(rsa) { KeyId = Kid };

    public static async Task<EntraStandIn> StartAsync()
    {
        var standIn = new EntraStandIn();
        (standIn.app, standIn.Instance) = await LoopbackHost.StartAsync(() => standIn.HandleAsync, "/");
        return standIn;
    }

    /// <summary>
    /// An access token as Entra issues it for the tab: by default v1 (issuer sts.windows.net, audience the Application
    /// ID URI) for the given user, with scp access_as_user, valid from 5 minutes ago for an hour. Null leaves a claim out.
    /// </summary>
    public string Token(
        string tenant,
        string audience,
        string? issuer = null,
        string? scope = TabAuth.Scope,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? expires = null,
        SecurityKey? key = null,
        string oid = TabUsers.UserId,
        string name = TabUsers.UserName)
    {
        var nbf = notBefore ?? DateTimeOffset.UtcNow.AddMinutes(-5);
        var claims = new Dictionary<string, object> { ["tid"] = tenant, ["oid"] = oid, ["name"] = name, ["azp"] = TabAuth.TeamsClientIds[0], ["ver"] = issuer?.EndsWith("/v2.0", StringComparison.Ordinal) == true ? "2.0" : "1.0" };
        if (scope is not null)
        {
            claims["scp"] = scope;
        }

        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? TabAuth.V1Issuer(tenant),
            Audience = audience,
            IssuedAt = nbf.UtcDateTime,
            NotBefore = nbf.UtcDateTime,
            Expires = (expires ?? nbf.AddHours(1)).UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key ?? SigningKey, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>The v2 issuer of a tenant under this stand-in.</summary>
    public string V2Issuer(string tenant) => TabAuth.V2Issuer(Instance, tenant);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        rsa.Dispose();
    }

    private Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (path.EndsWith("/.well-known/openid-configuration", StringComparison.Ordinal))
        {
            var tenant = path.Split('/', StringSplitOptions.RemoveEmptyEntries)[0];
            return Results.Text(
                new JsonObject
                {
                    ["issuer"] = V2Issuer(tenant),
                    ["authorization_endpoint"] = new Uri(Instance, $"{tenant}/oauth2/v2.0/authorize").AbsoluteUri,
                    ["token_endpoint"] = new Uri(Instance, $"{tenant}/oauth2/v2.0/token").AbsoluteUri,
                    ["jwks_uri"] = new Uri(Instance, "discovery/v2.0/keys").AbsoluteUri,
                    ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                }.ToJsonString(),
                "application/json").ExecuteAsync(context);
        }

        if (path == "/discovery/v2.0/keys")
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
            return Results.Text(new JsonObject { ["keys"] = new JsonArray(jwk) }.ToJsonString(), "application/json").ExecuteAsync(context);
        }

        return Results.NotFound().ExecuteAsync(context);
    }
}

/// <summary>The people and tenants of the tab sign-in tests.</summary>
internal static class TabUsers
{
    public const string HomeTenant = "3f1d2c4b-5a69-4788-9c0d-1e2f3a4b5c6d";
    public const string PartnerTenant = "8a7b6c5d-4e3f-4a1b-8c2d-9e0f1a2b3c4d";
    public const string OtherTenant = "d4c3b2a1-0f9e-4d8c-b7a6-5f4e3d2c1b0a";
    public const string ClientId = "9b1e6f2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
    public const string Host = "app-abc123.azurewebsites.net";
    public const string ApplicationIdUri = $"api://{Host}/{ClientId}";
    public const string UserId = "5e7a9c1b-2d4f-4a6b-8c0d-1e3f5a7b9c2d";
    public const string UserName = "Ngozi Adeyemi-Lindqvist";
}
