using Microsoft.Extensions.Options;
using TeamsDecisions.Infrastructure;
using TeamsDecisions.Infrastructure.Publishing;

namespace TeamsDecisions.App.Publishing;

public static class PublishingEndpoints
{
    /// <summary>
    /// The publisher (SharePoint, or the local folder) and the outbox worker that drives it. In Production a
    /// SharePoint site is required: the app's own pages have no sign-in, so serving them there would publish every
    /// team's decisions to anyone with the link.
    /// </summary>
    public static IServiceCollection AddDecisionPages(this IServiceCollection services)
    {
        services.AddDecisionPublishing();
        services.AddSingleton<IValidateOptions<SharePointOptions>, SharePointInProductionValidator>();
        services.AddSingleton<DecisionPublishingService>();
        services.AddHostedService(sp => sp.GetRequiredService<DecisionPublishingService>());
        return services;
    }

    /// <summary>
    /// Without SharePoint (the local run) the app serves the decision pages it wrote: /decisions/{team}/{number} and
    /// the log at /decisions/{team}. Pages are static, sanitised HTML served with a policy that forbids any script.
    /// </summary>
    public static IEndpointRouteBuilder MapDecisionPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/decisions/{team}", (string team, LocalDecisionPublisher pages, IOptions<SharePointOptions> sharePoint, HttpContext context) =>
            Serve(pages.FindPage(team, null), sharePoint.Value, context));
        endpoints.MapGet("/decisions/{team}/{number}", (string team, string number, LocalDecisionPublisher pages, IOptions<SharePointOptions> sharePoint, HttpContext context) =>
            Serve(pages.FindPage(team, number), sharePoint.Value, context));
        return endpoints;
    }

    private static IResult Serve(string? path, SharePointOptions sharePoint, HttpContext context)
    {
        if (sharePoint.IsConfigured || path is null)
        {
            return Results.NotFound();
        }

        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.File(path, "text/html; charset=utf-8");
    }

    /// <summary>Pages served by the app are for the local run: refuse to start without SharePoint in Production.</summary>
    private sealed class SharePointInProductionValidator(IHostEnvironment environment) : IValidateOptions<SharePointOptions>
    {
        public ValidateOptionsResult Validate(string? name, SharePointOptions options) =>
            !options.IsConfigured && environment.IsProduction()
                ? ValidateOptionsResult.Fail(ProductionNeedsSharePoint)
                : ValidateOptionsResult.Success;
    }

    /// <summary>The start-up message in Production without a SharePoint site.</summary>
    public const string ProductionNeedsSharePoint =
        "SharePoint:SiteUrl or SharePoint:SiteId is required in Production. Without it the app would serve every team's decision pages itself, at /decisions/..., to anyone with the link and without sign-in (those pages are for the local run). With azd: azd env set SHAREPOINT_SITE_URL https://<tenant>.sharepoint.com/sites/<site>, then azd provision.";
}
