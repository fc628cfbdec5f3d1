using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TeamsDecisions.Testing;

[assembly: Parallelize(Scope = ExecutionScope.ClassLevel)]

namespace TeamsDecisions.App.Tests;

[TestClass]
public static class AzuriteAssembly
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

/// <summary>The real app, in memory, with the given configuration instead of the environment's (Development unless told).</summary>
internal sealed class AppHost(IDictionary<string, string?> settings, string environment = "Development", Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    public static AppHost WithAzurite() => new(new Dictionary<string, string?>
    {
        ["Storage:ConnectionString"] = AzuriteAssembly.Azurite.ConnectionString,
        ["Storage:TablePrefix"] = "app" + Guid.NewGuid().ToString("N")[..10],
    });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.ConfigureAppConfiguration((_, config) =>
        {
            config.Sources.Clear();
            config.AddInMemoryCollection(settings);
        });
        if (services is not null)
        {
            builder.ConfigureServices(services);
        }
    }
}
