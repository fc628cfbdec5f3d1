using System.ComponentModel.DataAnnotations;

namespace TeamsDecisions.Infrastructure.Publishing;

/// <summary>
/// Where decision pages go. With a SharePoint site set, SharePoint through Microsoft Graph (signed in as Graph:*);
/// otherwise a local folder served by the app.
/// </summary>
public sealed class SharePointOptions : IValidatableObject
{
    public const string SectionName = "SharePoint";

    /// <summary>The Graph site id ("contoso.sharepoint.com,{site-collection-guid},{web-guid}").</summary>
    public string? SiteId { get; set; }

    /// <summary>Or the site's URL (https://contoso.sharepoint.com/sites/eng), resolved to an id once at first use.</summary>
    public Uri? SiteUrl { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(SiteId) || SiteUrl is not null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(SiteId) && SiteUrl is not null)
        {
            yield return new ValidationResult("Set SharePoint:SiteId or SharePoint:SiteUrl, not both.", [nameof(SiteId), nameof(SiteUrl)]);
        }

        if (SiteUrl is { } url && (!url.IsAbsoluteUri || url.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult("SharePoint:SiteUrl must be an https URL such as https://contoso.sharepoint.com/sites/eng.", [nameof(SiteUrl)]);
        }
    }
}

/// <summary>The publisher's pace, and where the local publisher writes and links.</summary>
public sealed class PublishingOptions
{
    public const string SectionName = "Publishing";

    /// <summary>Folder for decision pages when no SharePoint site is configured (the local run).</summary>
    public string LocalFolder { get; set; } = Path.Combine(".local", "decisions");

    /// <summary>The app's public base URL, for links to locally served pages.</summary>
    public Uri PublicBaseUrl { get; set; } = new("http://127.0.0.1:3978");

    /// <summary>Between looks at the outbox.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Publishing:PollInterval must be between 1 second and 1 hour.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Between sweeps for outbox entries whose index row was lost.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "Publishing:SweepInterval must be between 1 minute and 1 day.")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>First retry delay after a failure; doubles per attempt up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Publishing:FirstRetryDelay must be between 1 second and 1 hour.")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ErrorMessage = "Publishing:MaxRetryDelay must be between 1 minute and 7 days.")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(6);
}
