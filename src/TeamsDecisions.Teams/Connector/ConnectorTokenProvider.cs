using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace TeamsDecisions.Teams.Connector;

/// <summary>The bearer token for outbound Connector calls, or null in local mode (the Playground's Connector takes none).</summary>
public interface IConnectorTokenProvider
{
    Task<string?> GetTokenAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Client-credentials tokens for https://api.botframework.com/.default through Azure.Identity: a secret, a
/// certificate, or the user-assigned managed identity; single-tenant authority when Bot:TenantId is set, else
/// botframework.com. Azure.Identity caches tokens until shortly before they expire.
/// </summary>
public sealed class AzureIdentityConnectorTokenProvider : IConnectorTokenProvider
{
    public const string Scope = "https://api.botframework.com/.default";
    private const string MultiTenantAuthority = "botframework.com";
    private static readonly TokenRequestContext Request = new([Scope]);
    private readonly TokenCredential credential;

    public AzureIdentityConnectorTokenProvider(IOptions<BotOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var bot = options.Value;
        var tenant = string.IsNullOrWhiteSpace(bot.TenantId) ? MultiTenantAuthority : bot.TenantId;
        credential = bot switch
        {
            { UseManagedIdentity: true } => new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(bot.ManagedIdentityClientId ?? bot.AppId!)),
            { CertificatePath.Length: > 0 } => new ClientCertificateCredential(tenant, bot.AppId, bot.CertificatePath),
            _ => new ClientSecretCredential(tenant, bot.AppId, bot.ClientSecret),
        };
    }

    public async Task<string?> GetTokenAsync(CancellationToken cancellationToken) =>
        (await credential.GetTokenAsync(Request, cancellationToken).ConfigureAwait(false)).Token;
}

/// <summary>Local mode: no token (the Agents Playground's Connector accepts calls without one).</summary>
public sealed class NoConnectorToken : IConnectorTokenProvider
{
    public Task<string?> GetTokenAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
