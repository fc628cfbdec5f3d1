using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TeamsDecisions.App.Bot;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// The real app on Kestrel at a free 127.0.0.1 port in local mode (no Bot:AppId, as the Agents Playground talks to
/// it), on Azurite with its own table prefix; activities are posted as JSON to /api/messages. Subclasses add settings
/// and replace services (the Connector, the clock, Graph).
/// </summary>
internal abstract class LocalModeApp : WebApplicationFactory<Program>
{
    private readonly string tablePrefix;
    private HttpClient? client;

    protected LocalModeApp(string tablePrefixStem)
    {
        tablePrefix = tablePrefixStem + Guid.NewGuid().ToString("N")[..10];
        UseKestrel();
    }

    /// <summary>Posts an activity to the bot endpoint, as Teams or the Playground would.</summary>
    public async Task<HttpResponseMessage> PostActivityAsync(JsonObject activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        using var content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json");
        return await Client().PostAsync(new Uri(BotEndpoint.Path, UriKind.Relative), content);
    }

    public override async ValueTask DisposeAsync()
    {
        client?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>Settings beyond storage (Calendar:…, and so on).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings() => [];

    protected abstract void ReplaceServices(IServiceCollection services);

    protected sealed override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseUrls("http://127.0.0.1:0");
        var settings = new Dictionary<string, string?>(Settings())
        {
            ["Storage:ConnectionString"] = AzuriteAssembly.Azurite.ConnectionString,
            ["Storage:TablePrefix"] = tablePrefix,
        };
        builder.ConfigureAppConfiguration((_, config) =>
        {
            config.Sources.Clear();
            config.AddInMemoryCollection(settings);
        });
        builder.ConfigureTestServices(ReplaceServices);
    }

    /// <summary>A client of the app's loopback address (the tab API in local mode takes loopback callers only).</summary>
    public HttpClient Http => Client();

    private HttpClient Client()
    {
        if (client is null)
        {
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            client = new HttpClient { BaseAddress = new Uri(address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal)) };
        }

        return client;
    }
}
