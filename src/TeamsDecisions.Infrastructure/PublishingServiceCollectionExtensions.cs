using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Kiota.Authentication.Azure;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Infrastructure.Publishing;

namespace TeamsDecisions.Infrastructure;

public static class PublishingServiceCollectionExtensions
{
    /// <summary>
    /// The decision publisher: SharePoint through Microsoft Graph when SharePoint:SiteId or SharePoint:SiteUrl is set
    /// (application permission Sites.ReadWrite.All, or Sites.Selected with a write grant on the site), otherwise the
    /// local folder served by the app.
    /// </summary>
    public static IServiceCollection AddDecisionPublishing(this IServiceCollection services)
    {
        services.AddOptions<SharePointOptions>().BindConfiguration(SharePointOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PublishingOptions>().BindConfiguration(PublishingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LocalDecisionPublisher>();
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<SharePointOptions>>().Value;
            TokenCredential credential = !string.IsNullOrWhiteSpace(settings.ClientSecret)
                ? new ClientSecretCredential(settings.TenantId, settings.ClientId, settings.ClientSecret)
                : new ManagedIdentityCredential(string.IsNullOrWhiteSpace(settings.ManagedIdentityClientId)
                    ? ManagedIdentityId.SystemAssigned
                    : ManagedIdentityId.FromUserAssignedClientId(settings.ManagedIdentityClientId));
            var auth = new AzureIdentityAuthenticationProvider(credential, scopes: ["https://graph.microsoft.com/.default"]);
            var http = GraphClientFactory.Create(finalHandler: new HttpClientHandler());
            http.Timeout = TimeSpan.FromSeconds(60);
            return new GraphServiceClient(http, auth, settings.GraphBaseUrl.AbsoluteUri.TrimEnd('/'));
        });
        services.AddSingleton<GraphDecisionPublisher>();
        services.AddSingleton<IDecisionPublisher>(sp => sp.GetRequiredService<IOptions<SharePointOptions>>().Value.IsConfigured
            ? sp.GetRequiredService<GraphDecisionPublisher>()
            : sp.GetRequiredService<LocalDecisionPublisher>());
        return services;
    }
}
