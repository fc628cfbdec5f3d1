using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TeamsDecisions.Testing;

[assembly: Parallelize(Scope = ExecutionScope.ClassLevel)]

namespace TeamsDecisions.EndToEnd.Tests;

[TestClass]
public static class EndToEndAssembly
{
    public static Azurite Azurite { get; private set; } = null!;

    [AssemblyInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        Azurite = await Azurite.StartAsync();
    }

    [AssemblyCleanup]
    public static async Task StopAsync() => await Azurite.DisposeAsync();
}

/// <summary>
/// The real app on a real loopback port (Kestrel), in local mode (the Playground sends no tokens), against Azurite,
/// with a clock the test moves so that a comment window can close during the test.
/// </summary>
internal sealed class AppUnderTest : WebApplicationFactory<Program>
{
    public AppUnderTest()
    {
        UseKestrel();
        Clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
    }

    public FakeTimeProvider Clock { get; }

    public string TablePrefix { get; } = "e2e" + Guid.NewGuid().ToString("N")[..10];

    public string PagesFolder { get; } = Path.Combine(Path.GetTempPath(), "teamsdecisions-pages-" + Guid.NewGuid().ToString("N")[..8]);

    public Uri BaseAddress => new(BotEndpoint, "/");

    public Uri BotEndpoint
    {
        get
        {
            var address = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
            return new Uri(new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal)), "/api/messages");
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(PagesFolder))
        {
            Directory.Delete(PagesFolder, recursive: true);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseUrls("http://127.0.0.1:0");
        builder.ConfigureAppConfiguration((_, config) =>
        {
            config.Sources.Clear();
            config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = EndToEndAssembly.Azurite.ConnectionString,
                ["Storage:TablePrefix"] = TablePrefix,
                ["Bot:ConnectorRetryDelay"] = "00:00:00.200",
                ["Publishing:LocalFolder"] = PagesFolder,
                ["Publishing:PollInterval"] = "00:00:05",

                // On the test's clock: moving it past a deadline wakes the window closer.
                ["Scheduler:WindowCheckInterval"] = "00:01:00",
            });
        });
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
