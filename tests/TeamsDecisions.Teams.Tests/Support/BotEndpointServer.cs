using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using TeamsDecisions.Teams.Auth;

namespace TeamsDecisions.Teams.Tests.Support;

/// <summary>POST /api/messages on loopback, answering with the status BotRequestReader decides (200 + activity id when accepted).</summary>
internal static class BotEndpointServer
{
    public static Task<LoopbackServer> StartAsync(IDictionary<string, string?> settings) =>
        LoopbackServer.StartAsync(
            app => app.MapPost("/api/messages", async (HttpContext context, BotRequestReader reader) =>
            {
                var request = await reader.ReadAsync(context, context.RequestAborted);
                return request.IsAccepted ? Results.Text(request.Activity!.Id ?? string.Empty) : Results.StatusCode(request.Status);
            }),
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);
                builder.Services.AddTeamsBot();
            });
}
