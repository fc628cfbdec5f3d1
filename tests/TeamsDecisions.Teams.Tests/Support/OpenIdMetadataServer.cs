using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TeamsDecisions.Teams.Auth;

namespace TeamsDecisions.Teams.Tests.Support;

/// <summary>
/// A loopback stand-in for login.botframework.com: the OpenID metadata document and a JWKS whose keys the test
/// can change at any time (key rotation).
/// </summary>
internal sealed class OpenIdMetadataServer : IAsyncDisposable
{
    public const string MetadataPath = ".well-known/openidconfiguration";
    private LoopbackServer server = null!;
    private volatile JsonObject[] keys = [];
    private int keyRequests;

    public Uri MetadataUrl => new(server.BaseAddress, MetadataPath);

    /// <summary>How many times the JWKS was fetched.</summary>
    public int KeyRequests => Volatile.Read(ref keyRequests);

    public static async Task<OpenIdMetadataServer> StartAsync(params JsonObject[] keys)
    {
        var metadata = new OpenIdMetadataServer { keys = keys };
        metadata.server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/" + MetadataPath, (HttpContext context) => Results.Text(
                new JsonObject
                {
                    ["issuer"] = BotTokenValidator.Issuer,
                    ["authorization_endpoint"] = "https://invalid.botframework.com",
                    ["jwks_uri"] = new Uri(new Uri($"{context.Request.Scheme}://{context.Request.Host}/"), "keys").AbsoluteUri,
                    ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                    ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
                }.ToJsonString(),
                "application/json"));
            app.MapGet("/keys", () =>
            {
                Interlocked.Increment(ref metadata.keyRequests);
                var set = new JsonArray([.. metadata.keys.Select(k => k.DeepClone())]);
                return Results.Text(new JsonObject { ["keys"] = set }.ToJsonString(), "application/json");
            });
        });
        return metadata;
    }

    public void SetKeys(params JsonObject[] newKeys) => keys = newKeys;

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
