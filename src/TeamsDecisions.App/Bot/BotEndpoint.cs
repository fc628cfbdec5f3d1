using System.Text.Json;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Teams.Auth;

namespace TeamsDecisions.App.Bot;

public static class BotEndpoint
{
    public const string Path = "/api/messages";

    /// <summary>POST /api/messages: authenticate, then hand the activity to the router; invokes get their response in the HTTP reply.</summary>
    public static IEndpointRouteBuilder MapBotEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, async (HttpContext context, BotRequestReader reader, ActivityRouter router) =>
        {
            var request = await reader.ReadAsync(context, context.RequestAborted).ConfigureAwait(false);
            if (!request.IsAccepted)
            {
                context.Response.StatusCode = request.Status;
                return;
            }

            InvokeResponse? response;
            try
            {
                response = await router.RouteAsync(request.Activity!, context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
            {
                // Handlers answer with cards; this is the last resort, and it never shows a stack trace (not even in
                // Development, where the developer exception page would).
                Log.ActivityFailed(context.RequestServices.GetRequiredService<ILogger<ActivityRouter>>(), ex, request.Activity!.Type ?? "-");
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await context.Response.WriteAsJsonAsync(new { type = "about:blank", title = "The activity could not be handled.", status = 500 }, context.RequestAborted).ConfigureAwait(false);
                return;
            }

            context.Response.StatusCode = response?.Status ?? StatusCodes.Status200OK;
            if (response?.Body is { } body)
            {
                context.Response.ContentType = "application/json; charset=utf-8";
                await JsonSerializer.SerializeAsync(context.Response.Body, body, body.GetType(), ActivityJson.Options, context.RequestAborted).ConfigureAwait(false);
            }
        });
        return endpoints;
    }
}
