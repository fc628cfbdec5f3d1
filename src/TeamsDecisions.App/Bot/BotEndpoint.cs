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

            var response = await router.RouteAsync(request.Activity!, context.RequestAborted).ConfigureAwait(false);
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
