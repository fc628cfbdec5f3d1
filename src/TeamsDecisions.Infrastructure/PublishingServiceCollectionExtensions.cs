using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Infrastructure.Graph;
using TeamsDecisions.Infrastructure.Publishing;

namespace TeamsDecisions.Infrastructure;

public static class PublishingServiceCollectionExtensions
{
    /// <summary>
    /// The decision publisher: SharePoint through Microsoft Graph (the client of <see cref="GraphServiceCollectionExtensions.AddGraph"/>)
    /// when SharePoint:SiteId or SharePoint:SiteUrl is set (application permission Sites.ReadWrite.All, or
    /// Sites.Selected with a write grant on the site), otherwise the local folder served by the app.
    /// </summary>
    public static IServiceCollection AddDecisionPublishing(this IServiceCollection services)
    {
        services.AddOptions<SharePointOptions>()
            .BindConfiguration(SharePointOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate<IOptions<GraphOptions>>(
                (sharePoint, graph) => !sharePoint.IsConfigured || graph.Value.HasIdentity,
                GraphOptions.IdentityRequiredBy("SharePoint:SiteId or SharePoint:SiteUrl (decision pages in SharePoint)"))
            .ValidateOnStart();
        services.AddOptions<PublishingOptions>().BindConfiguration(PublishingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LocalDecisionPublisher>();
        services.AddSingleton<GraphDecisionPublisher>();
        services.AddSingleton<IDecisionPublisher>(sp => sp.GetRequiredService<IOptions<SharePointOptions>>().Value.IsConfigured
            ? sp.GetRequiredService<GraphDecisionPublisher>()
            : sp.GetRequiredService<LocalDecisionPublisher>());
        return services;
    }
}
