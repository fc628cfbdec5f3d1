using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Faults.Tests;

/// <summary>
/// A loopback Bot Connector, the team's serviceUrl: it accepts every post and card update (the channel card the app
/// keeps up to date) and lists one channel. These tests are about the invoke answers, not what Teams receives.
/// </summary>
internal sealed class StubConnector : IAsyncDisposable
{
    private WebApplication server = null!;
    private int requests;

    public Uri ServiceUrl { get; private set; } = null!;

    public int Requests => Volatile.Read(ref requests);

    public static async Task<StubConnector> StartAsync()
    {
        var connector = new StubConnector();
        (connector.server, connector.ServiceUrl) = await LoopbackHost.StartAsync(() => connector.AnswerAsync, "/_connector/");
        return connector;
    }

    public async ValueTask DisposeAsync()
    {
        await server.StopAsync();
        await server.DisposeAsync();
    }

    private Task AnswerAsync(HttpContext context)
    {
        Interlocked.Increment(ref requests);
        var path = context.Request.Path.Value ?? string.Empty;
        context.Response.ContentType = "application/json";
        if (HttpMethods.IsGet(context.Request.Method))
        {
            return path.Contains("/v3/teams/", StringComparison.Ordinal)
                ? context.Response.WriteAsync("{\"conversations\":[]}")
                : context.Response.WriteAsync("[]");
        }

        var id = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        return context.Response.WriteAsync($"{{\"id\":\"{id}\",\"activityId\":\"{id}\"}}");
    }
}
