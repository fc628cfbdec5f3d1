using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Polly;
using TeamsDecisions.Teams.Auth;
using TeamsDecisions.Teams.Connector;

namespace TeamsDecisions.Teams;

public static class TeamsBotServiceCollectionExtensions
{
    public const string MetadataClient = "bot-openid-metadata";

    /// <summary>Bot options (validated at start-up), inbound authentication, and the Connector client with its retries.</summary>
    public static IServiceCollection AddTeamsBot(this IServiceCollection services)
    {
        services.AddOptions<BotOptions>()
            .BindConfiguration(BotOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<BotOptions>, LocalModeValidator>();

        // The host may already have its clock (tests a fake one): token lifetimes and Connector waits read it.
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(MetadataClient);
        services.AddSingleton<IConfigurationManager<OpenIdConnectConfiguration>>(sp =>
        {
            var url = sp.GetRequiredService<IOptions<BotOptions>>().Value.OpenIdMetadataUrl;
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(MetadataClient);
            return new ConfigurationManager<OpenIdConnectConfiguration>(url.AbsoluteUri, new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever(http) { RequireHttps = !url.IsLoopback })
            {
                // The Bot Framework asks bots to refresh the keys at least daily.
                AutomaticRefreshInterval = TimeSpan.FromHours(12),
            };
        });
        services.AddSingleton<BotTokenValidator>();
        services.AddHostedService<LocalModeAnnouncer>();
        services.AddSingleton<BotRequestReader>();
        services.AddSingleton<IConnectorTokenProvider>(sp => sp.GetRequiredService<IOptions<BotOptions>>().Value.IsLocalMode
            ? new NoConnectorToken()
            : new AzureIdentityConnectorTokenProvider(sp.GetRequiredService<IOptions<BotOptions>>()));

        services.AddHttpClient<IConnectorClient, ConnectorClient>()
            .AddResilienceHandler("connector", (pipeline, context) =>
            {
                var bot = context.ServiceProvider.GetRequiredService<IOptions<BotOptions>>().Value;
                pipeline.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
                pipeline.AddTimeout(bot.ConnectorTotalTimeout);
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    // Teams: back off on 429 with jitter, and retry 412, 502 and 504 too.
                    MaxRetryAttempts = Math.Max(1, bot.ConnectorRetries),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = bot.ConnectorRetryDelay,
                    MaxDelay = TimeSpan.FromSeconds(30),
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ValueTask.FromResult(bot.ConnectorRetries > 0 && (args.Outcome.Exception is HttpRequestException
                        || args.Outcome.Result?.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout)),
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(20));
            });
        return services;
    }

    /// <summary>Says loudly, at start-up, that the bot accepts unauthenticated loopback activities.</summary>
    private sealed class LocalModeAnnouncer(IOptions<BotOptions> options, Microsoft.Extensions.Logging.ILogger<BotOptions> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (options.Value.IsLocalMode)
            {
                Log.LocalMode(logger);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Local mode (no Bot:AppId) is for developer machines: refuse to start that way in Production.</summary>
    private sealed class LocalModeValidator(IHostEnvironment environment) : IValidateOptions<BotOptions>
    {
        public ValidateOptionsResult Validate(string? name, BotOptions options) =>
            options.IsLocalMode && environment.IsProduction()
                ? ValidateOptionsResult.Fail("Bot:AppId is required in Production. Without it the bot would accept unauthenticated activities (local mode is for the Agents Playground on a developer machine).")
                : ValidateOptionsResult.Success;
    }
}
