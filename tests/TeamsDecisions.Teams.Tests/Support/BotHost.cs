using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace TeamsDecisions.Teams.Tests.Support;

/// <summary>A generic host with AddTeamsBot() and only the given configuration (no environment variables or files).</summary>
internal static class BotHost
{
    public static IHost Build(IDictionary<string, string?> settings, string environment = "Development", Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddTeamsBot();
        services?.Invoke(builder.Services);
        return builder.Build();
    }
}
