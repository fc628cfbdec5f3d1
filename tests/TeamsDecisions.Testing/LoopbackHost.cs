using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TeamsDecisions.Testing;

/// <summary>A Kestrel server on a free 127.0.0.1 port that sends every request to one handler (for the Graph stand-ins).</summary>
public static class LoopbackHost
{
    /// <summary>Starts the server; the handler is resolved on each request, so it may be set after start.</summary>
    public static async Task<(WebApplication App, Uri BaseUrl)> StartAsync(Func<RequestDelegate> handler, string basePath)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(context => handler()(context));
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var port = new Uri(address).Port.ToString(CultureInfo.InvariantCulture);
        return (app, new Uri($"http://127.0.0.1:{port}{basePath}"));
    }
}
