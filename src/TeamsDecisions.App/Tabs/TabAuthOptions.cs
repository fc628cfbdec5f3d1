using System.ComponentModel.DataAnnotations;

namespace TeamsDecisions.App.Tabs;

/// <summary>
/// Tab API sign-in settings (section <c>TabAuth</c>): the Entra app registration whose access tokens Teams SSO
/// (<c>authentication.getAuthToken()</c>) hands the tab. Without a client id the tab API runs in local mode.
/// </summary>
public sealed class TabAuthOptions : IValidatableObject
{
    public const string SectionName = "TabAuth";
    public const string EntraInstance = "https://login.microsoftonline.com/";

    /// <summary>The Entra app (client) id in the manifest's <c>webApplicationInfo.id</c>; empty = local mode.</summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// The manifest's <c>webApplicationInfo.resource</c>, <c>api://&lt;host&gt;/&lt;client id&gt;</c>: the app
    /// registration's Application ID URI, and the audience of the (v1) tokens Teams gets for the tab.
    /// </summary>
    public string? ApplicationIdUri { get; set; }

    /// <summary>The app registration's home tenant: the authority whose metadata gives the signing keys.</summary>
    public string? TenantId { get; set; }

    /// <summary>Tenants whose users may call the tab API; empty = <see cref="TenantId"/> only. Others get 403.</summary>
    public IList<string> AllowedTenants { get; } = [];

    /// <summary>The Entra instance (cloud); https, or http on loopback for a test's metadata stand-in.</summary>
    [Required(ErrorMessage = "TabAuth:Instance is required.")]
    public Uri Instance { get; set; } = new(EntraInstance);

    /// <summary>Local mode only: the loopback developer's tenant (defaults, with the two below: the Playground's current user).</summary>
    public string LocalTenantId { get; set; } = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    /// <summary>Local mode only: the developer's Entra object id (the Playground's current user's aadObjectId).</summary>
    public string LocalUserId { get; set; } = "6b2d1a3e-0c1f-4a4e-9a57-1c1f0f8c0a01";

    /// <summary>Local mode only: the developer's display name.</summary>
    public string LocalUserName { get; set; } = "Zofia Wójcik";

    /// <summary>No client id: a loopback-only developer identity instead of Entra tokens (refused in Production).</summary>
    public bool IsLocalMode => string.IsNullOrWhiteSpace(ClientId);

    /// <summary>The tenants the policy accepts: the list, or the home tenant alone.</summary>
    public IReadOnlyCollection<string> EffectiveAllowedTenants =>
        AllowedTenants.Count > 0 ? [.. AllowedTenants.Select(t => t.Trim())] : [TenantId ?? string.Empty];

    /// <summary>With a client id: GUIDs where ids are due, an Application ID URI ending in the client id, an https instance.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsLocalMode)
        {
            yield break;
        }

        if (!Guid.TryParse(ClientId, out _))
        {
            yield return new ValidationResult("TabAuth:ClientId must be the app registration's client id (a GUID).", [nameof(ClientId)]);
        }

        if (!Guid.TryParse(TenantId, out _))
        {
            yield return new ValidationResult("With TabAuth:ClientId set, TabAuth:TenantId (the app registration's tenant id, a GUID) is required.", [nameof(TenantId)]);
        }

        if (string.IsNullOrWhiteSpace(ApplicationIdUri)
            || !Uri.TryCreate(ApplicationIdUri, UriKind.Absolute, out var uri) || uri.Scheme != "api"
            || !string.Equals(uri.AbsolutePath.Trim('/'), ClientId?.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult(
                $"TabAuth:ApplicationIdUri must be the manifest's webApplicationInfo.resource, api://<host>/{ClientId} (the app registration's Application ID URI).",
                [nameof(ApplicationIdUri)]);
        }

        if (AllowedTenants.Any(t => !Guid.TryParse(t, out _)))
        {
            yield return new ValidationResult("TabAuth:AllowedTenants must hold tenant ids (GUIDs).", [nameof(AllowedTenants)]);
        }

        if (Instance is { IsAbsoluteUri: true } instance && instance.Scheme != Uri.UriSchemeHttps && !instance.IsLoopback)
        {
            yield return new ValidationResult("TabAuth:Instance must be https (plain http is allowed on loopback only, for tests).", [nameof(Instance)]);
        }
    }
}
