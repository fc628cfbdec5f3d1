using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace TeamsDecisions.Teams.Tests.Support;

internal sealed record ScriptedResponse(int Status, string? Body = null, string? RetryAfter = null);

internal sealed record RecordedRequest(string Method, string RawTarget, string? Authorization, string? ContentType, string Body, TimeSpan At);

/// <summary>
/// A loopback Bot Connector that answers from a script (the last answer repeats) and records every request as it
/// arrived on the wire, and when by the given clock (the client's, when a test drives it).
/// </summary>
internal sealed class ScriptedConnectorServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private readonly Lock gate = new();
    private readonly TimeProvider clock;
    private readonly long started;
    private Queue<ScriptedResponse> script = new([new ScriptedResponse(200, "{\"id\":\"default-id\"}")]);
    private LoopbackServer server = null!;

    private ScriptedConnectorServer(TimeProvider clock)
    {
        this.clock = clock;
        started = clock.GetTimestamp();
    }

    /// <summary>A Teams-like service URL with a path: http://127.0.0.1:port/amer/.</summary>
    public Uri ServiceUrl => new(server.BaseAddress, "amer/");

    public IReadOnlyList<RecordedRequest> Requests => [.. requests];

    public static async Task<ScriptedConnectorServer> StartAsync(TimeProvider? clock = null)
    {
        var connector = new ScriptedConnectorServer(clock ?? TimeProvider.System);
        connector.server = await LoopbackServer.StartAsync(app => app.Run(connector.AnswerAsync));
        return connector;
    }

    public void Script(params ScriptedResponse[] responses)
    {
        lock (gate)
        {
            script = new Queue<ScriptedResponse>(responses);
        }
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var at = clock.GetElapsedTime(started);
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        requests.Enqueue(new RecordedRequest(
            context.Request.Method,
            context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
            context.Request.Headers.Authorization.Count == 0 ? null : context.Request.Headers.Authorization.ToString(),
            context.Request.ContentType,
            body,
            at));

        ScriptedResponse next;
        lock (gate)
        {
            next = script.Count > 1 ? script.Dequeue() : script.Peek();
        }

        context.Response.StatusCode = next.Status;
        if (next.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = next.RetryAfter;
        }

        if (next.Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(next.Body, context.RequestAborted);
        }
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
