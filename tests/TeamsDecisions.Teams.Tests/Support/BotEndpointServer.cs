using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Teams.Auth;

namespace TeamsDecisions.Teams.Tests.Support;

/// <summary>
/// POST /api/messages on loopback as the app wires it: BotRequestReader decides, and only an accepted activity is
/// handed to the bot, which here records it. Answers 200 + the activity id, or the status the reader decided.
/// </summary>
internal sealed class BotEndpointServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<Activity> processed = new();
    private readonly HttpClient http = new();
    private LoopbackServer server = null!;

    /// <summary>http://127.0.0.1:port/ (with the trailing slash).</summary>
    public Uri BaseAddress => server.BaseAddress;

    /// <summary>Whether the bot was handed an activity with this id.</summary>
    public bool Processed(string? activityId) => processed.Any(a => a.Id == activityId);

    /// <param name="clock">The host's clock; the system clock when null.</param>
    public static async Task<BotEndpointServer> StartAsync(IDictionary<string, string?> settings, TimeProvider? clock = null)
    {
        var endpoint = new BotEndpointServer();
        endpoint.server = await LoopbackServer.StartAsync(
            app => app.MapPost("/api/messages", async (HttpContext context, BotRequestReader reader) =>
            {
                var request = await reader.ReadAsync(context, context.RequestAborted);
                if (!request.IsAccepted)
                {
                    return Results.StatusCode(request.Status);
                }

                endpoint.processed.Enqueue(request.Activity!);
                return Results.Text(request.Activity!.Id ?? string.Empty);
            }),
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);
                builder.Services.AddTeamsBot();
                if (clock is not null)
                {
                    builder.Services.AddSingleton(clock);
                }
            });
        return endpoint;
    }

    /// <summary>POSTs the activity as Teams would, with the Authorization header exactly as given (none when null).</summary>
    public async Task<HttpResponseMessage> PostAsync(Activity activity, string? authorization = null)
    {
        using var content = new StringContent(JsonSerializer.Serialize(activity, ActivityJson.Options), Encoding.UTF8, "application/json");
        return await PostAsync(content, authorization);
    }

    public async Task<HttpResponseMessage> PostAsync(HttpContent content, string? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseAddress, "api/messages")) { Content = content };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await server.DisposeAsync();
    }
}
