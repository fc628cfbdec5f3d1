using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TeamsDecisions.Bench;

/// <summary>
/// A Bot Connector that accepts everything on loopback and logs each activity update (PUT
/// v3/conversations/{conversation}/activities/{activity}): when it came and which message it replaced.
/// </summary>
internal sealed class ConnectorStub : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<(TimeSpan At, string Message)> updates = new();
    private readonly long origin = Stopwatch.GetTimestamp();

    private ConnectorStub(WebApplication app, Uri url)
    {
        this.app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Time since the stub started, on the clock <see cref="UpdatesBetween"/> uses.</summary>
    public TimeSpan Now => Stopwatch.GetElapsedTime(origin);

    public static async Task<ConnectorStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        ConnectorStub? stub = null;
        app.MapPut("/v3/conversations/{conversation}/activities/{activity}", (string conversation, string activity) =>
        {
            stub!.updates.Enqueue((stub.Now, conversation + "/" + activity));
            return Results.Json(new { id = activity });
        });
        app.MapMethods("/{**path}", ["POST", "PUT"], () => Results.Json(new { id = "1", activityId = "1" }));
        app.MapGet("/{**path}", () => Results.Json(Array.Empty<object>()));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        stub = new ConnectorStub(app, new Uri($"http://127.0.0.1:{address.Port}/"));
        return stub;
    }

    /// <summary>The updates between two instants of <see cref="Now"/>, grouped by the message (thread card) they replaced, each in time order.</summary>
    public IReadOnlyList<IReadOnlyList<TimeSpan>> UpdatesBetween(TimeSpan from, TimeSpan to) =>
        [.. updates.Where(u => u.At >= from && u.At <= to).GroupBy(u => u.Message, StringComparer.Ordinal).Select(g => (IReadOnlyList<TimeSpan>)[.. g.Select(u => u.At).Order()])];

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
