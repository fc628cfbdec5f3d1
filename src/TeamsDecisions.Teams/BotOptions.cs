using System.ComponentModel.DataAnnotations;

namespace TeamsDecisions.Teams;

/// <summary>
/// The bot's identity and how it talks to the Bot Connector. With no <see cref="AppId"/> the bot runs in local
/// mode: unauthenticated activities from loopback only (the Agents Playground), never in Production.
/// </summary>
public sealed class BotOptions : IValidatableObject
{
    public const string SectionName = "Bot";
    public const string BotFrameworkMetadata = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>The Entra app (client) id of the bot; the audience of inbound tokens.</summary>
    public string? AppId { get; set; }

    /// <summary>The bot's home tenant: single-tenant token authority and, if AllowedTenants is empty, nothing else.</summary>
    public string? TenantId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Path to a PFX/PEM certificate for the bot's app registration (instead of a secret).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Use the user-assigned managed identity (Azure Bot with msaAppType UserAssignedMSI): no secrets.</summary>
    public bool UseManagedIdentity { get; set; }

    /// <summary>The managed identity's client id; defaults to <see cref="AppId"/>.</summary>
    public string? ManagedIdentityClientId { get; set; }

    [Required(ErrorMessage = "Bot:OpenIdMetadataUrl is required.")]
    public Uri OpenIdMetadataUrl { get; set; } = new(BotFrameworkMetadata);

    /// <summary>When set, activities from other tenants are refused with 403.</summary>
    public IList<string> AllowedTenants { get; } = [];

    /// <summary>Retries of a Connector call on 429/412/502/504 before giving up.</summary>
    [Range(0, 10, ErrorMessage = "Bot:ConnectorRetries must be between 0 and 10.")]
    public int ConnectorRetries { get; set; } = 4;

    /// <summary>First back-off of a Connector retry (doubled each time, with jitter) when the answer has no Retry-After.</summary>
    public TimeSpan ConnectorRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest a Connector call may take, retries and Retry-After waits included.</summary>
    public TimeSpan ConnectorTotalTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// How long a card action or command may take before its answer says the change was not saved. Teams shows
    /// "Something went wrong" when an invoke answer is slow, and the Bot Service gives up after 10–15 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:00:10", ErrorMessage = "Bot:InvokeBudget must be between 0.5 and 10 seconds.")]
    public TimeSpan InvokeBudget { get; set; } = TimeSpan.FromSeconds(4);

    public bool IsLocalMode => string.IsNullOrWhiteSpace(AppId);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsLocalMode)
        {
            yield break;
        }

        var ways = (string.IsNullOrWhiteSpace(ClientSecret) ? 0 : 1) + (string.IsNullOrWhiteSpace(CertificatePath) ? 0 : 1) + (UseManagedIdentity ? 1 : 0);
        if (ways != 1)
        {
            yield return new ValidationResult(
                "With Bot:AppId set, choose exactly one way to sign in to the Bot Connector: Bot:ClientSecret, Bot:CertificatePath or Bot:UseManagedIdentity=true.",
                [nameof(ClientSecret), nameof(CertificatePath), nameof(UseManagedIdentity)]);
        }

        if (OpenIdMetadataUrl is { IsAbsoluteUri: true } url && url.Scheme != Uri.UriSchemeHttps && !url.IsLoopback)
        {
            yield return new ValidationResult("Bot:OpenIdMetadataUrl must be https (plain http is allowed on loopback only, for tests).", [nameof(OpenIdMetadataUrl)]);
        }
    }
}
