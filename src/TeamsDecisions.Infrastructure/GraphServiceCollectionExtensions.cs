using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Kiota.Authentication.Azure;
using TeamsDecisions.Infrastructure.Graph;

namespace TeamsDecisions.Infrastructure;

public static class GraphServiceCollectionExtensions
{
    /// <summary>
    /// The one Microsoft Graph client, signed in as Graph:* says, shared by every feature that calls Graph (decision
    /// pages, calendars, people's working hours). Those features register no client of their own; each checks at start-up, when switched on,
    /// that Graph:* has an identity. Also the clock Graph throttling (Retry-After) is waited out on: the app's
    /// <see cref="TimeProvider"/> when it registered one, else the system clock.
    /// </summary>
    public static IServiceCollection AddGraph(this IServiceCollection services)
    {
        services.AddOptions<GraphOptions>().BindConfiguration(GraphOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => CreateClient(sp.GetRequiredService<IOptions<GraphOptions>>().Value));
        return services;
    }

    private static GraphServiceClient CreateClient(GraphOptions settings)
    {
        if (!settings.HasIdentity)
        {
            throw new InvalidOperationException($"Microsoft Graph was called, but it has no identity: set {GraphOptions.IdentityKeys}.");
        }

        TokenCredential credential = settings.UseManagedIdentity
            ? new ManagedIdentityCredential(string.IsNullOrWhiteSpace(settings.ManagedIdentityClientId)
                ? ManagedIdentityId.SystemAssigned
                : ManagedIdentityId.FromUserAssignedClientId(settings.ManagedIdentityClientId))
            : new ClientSecretCredential(settings.TenantId, settings.ClientId, settings.ClientSecret);

        // A Graph token goes to Graph only: any other base URL (the loopback stand-ins in tests) is called without one.
        var auth = new AzureIdentityAuthenticationProvider(credential, allowedHosts: [GraphOptions.GraphHost], scopes: [$"https://{GraphOptions.GraphHost}/.default"]);
        var http = GraphClientFactory.Create(finalHandler: new HttpClientHandler());
        http.Timeout = TimeSpan.FromSeconds(60);
        return new GraphServiceClient(http, auth, settings.BaseUrl.AbsoluteUri.TrimEnd('/'));
    }
}
