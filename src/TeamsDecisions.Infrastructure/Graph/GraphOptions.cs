using System.ComponentModel.DataAnnotations;

namespace TeamsDecisions.Infrastructure.Graph;

/// <summary>
/// How the app signs in to Microsoft Graph, for every feature that calls it (SharePoint decision pages, calendar
/// prompts, people's own working hours for reminders). Nothing here is required until such a feature is switched on: that feature's start-up check names
/// these keys. The local run sets none of them.
/// </summary>
public sealed class GraphOptions : IValidatableObject
{
    public const string SectionName = "Graph";

    /// <summary>The only host Graph tokens are sent to (the token's audience, https://graph.microsoft.com/.default).</summary>
    public const string GraphHost = "graph.microsoft.com";

    /// <summary>What to set, for the message of a feature that needs Graph and finds no identity.</summary>
    public const string IdentityKeys =
        "Graph:UseManagedIdentity=true (with Graph:ManagedIdentityClientId for a user-assigned identity; without it, the system-assigned one), or Graph:TenantId, Graph:ClientId and Graph:ClientSecret for an app registration";

    /// <summary>Sign in with a managed identity: the user-assigned one named by <see cref="ManagedIdentityClientId"/>, else the system-assigned one.</summary>
    public bool UseManagedIdentity { get; set; }

    public string? ManagedIdentityClientId { get; set; }

    /// <summary>The app registration's tenant, with <see cref="ClientId"/> and <see cref="ClientSecret"/> (instead of a managed identity).</summary>
    public string? TenantId { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Microsoft Graph's base URL; tests point it at a loopback stand-in.</summary>
    [Required(ErrorMessage = "Graph:BaseUrl is required.")]
    public Uri BaseUrl { get; set; } = new("https://" + GraphHost + "/v1.0");

    /// <summary>
    /// How long a person's mailbox working hours (time zone, days, hours) are kept before Graph is asked again. They
    /// change rarely; a reminder scan every few minutes must not cost a Graph call per reviewer each time.
    /// </summary>
    public TimeSpan WorkingHoursCacheDuration { get; set; } = TimeSpan.FromHours(6);

    public bool HasIdentity => UseManagedIdentity || !string.IsNullOrWhiteSpace(ClientSecret);

    /// <summary>The start-up message of a feature switched on without a Graph identity: which feature, which keys.</summary>
    public static string IdentityRequiredBy(string feature) => $"{feature} needs a Microsoft Graph identity: set {IdentityKeys}.";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var hasSecret = !string.IsNullOrWhiteSpace(ClientSecret);
        if (UseManagedIdentity && hasSecret)
        {
            yield return new ValidationResult("Choose one Graph identity: Graph:UseManagedIdentity=true or Graph:ClientSecret, not both.", [nameof(UseManagedIdentity), nameof(ClientSecret)]);
        }

        if (!string.IsNullOrWhiteSpace(ManagedIdentityClientId) && !UseManagedIdentity)
        {
            yield return new ValidationResult("Graph:ManagedIdentityClientId needs Graph:UseManagedIdentity=true.", [nameof(ManagedIdentityClientId), nameof(UseManagedIdentity)]);
        }

        if (hasSecret && (string.IsNullOrWhiteSpace(ClientId) || string.IsNullOrWhiteSpace(TenantId)))
        {
            yield return new ValidationResult("Graph:ClientSecret needs Graph:ClientId and Graph:TenantId.", [nameof(ClientId), nameof(TenantId)]);
        }

        if (!hasSecret && !UseManagedIdentity && (!string.IsNullOrWhiteSpace(ClientId) || !string.IsNullOrWhiteSpace(TenantId)))
        {
            yield return new ValidationResult("Graph:TenantId and Graph:ClientId are an app registration and need Graph:ClientSecret (for a managed identity, set Graph:UseManagedIdentity=true instead).", [nameof(ClientSecret)]);
        }

        if (WorkingHoursCacheDuration <= TimeSpan.Zero || WorkingHoursCacheDuration > TimeSpan.FromDays(7))
        {
            yield return new ValidationResult("Graph:WorkingHoursCacheDuration must be a positive time span of at most 7 days, such as 06:00:00.", [nameof(WorkingHoursCacheDuration)]);
        }

        // Tokens are requested for graph.microsoft.com only, so any other https host would be called without one.
        if (BaseUrl is { } url && !(url.IsAbsoluteUri && (url.IsLoopback || (url.Scheme == Uri.UriSchemeHttps && url.Host.Equals(GraphHost, StringComparison.OrdinalIgnoreCase)))))
        {
            yield return new ValidationResult($"Graph:BaseUrl must be https://{GraphHost}/v1.0 (a loopback URL is allowed, for tests).", [nameof(BaseUrl)]);
        }
    }
}
