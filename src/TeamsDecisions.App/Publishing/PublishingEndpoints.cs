using Microsoft.Extensions.Options;
using TeamsDecisions.Infrastructure;
using TeamsDecisions.Infrastructure.Publishing;

namespace TeamsDecisions.App.Publishing;

public static class PublishingEndpoints
{
    /// <summary>The publisher (SharePoint, or the local folder) and the outbox worker that drives it.</summary>
    public static IServiceCollection AddDecisionPages(this IServiceCollection services)
    {
        services.AddDecisionPublishing();
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
}
