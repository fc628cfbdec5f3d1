using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Bench;

/// <summary>The real app in local mode (no bot app id: loopback, no tokens) on its own tables.</summary>
internal sealed class BenchApp(string connectionString) : WebApplicationFactory<global::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(Path.Combine(RepoPaths.Root, "src", "TeamsDecisions.App"));
        builder.UseEnvironment("Development");
        builder.UseUrls("http://127.0.0.1:0");
        // The report is stdout and ends with the ratio line; the app's log lines go to stderr with the progress.
        builder.ConfigureServices(services => services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        builder.ConfigureAppConfiguration((_, config) =>
        {
            config.Sources.Clear();
            config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = connectionString,
                ["Storage:TablePrefix"] = "bench" + Guid.NewGuid().ToString("N")[..8],
                ["Logging:LogLevel:Default"] = "Warning",
                ["Publishing:LocalFolder"] = Path.Combine(Path.GetTempPath(), "teamsdecisions-bench-pages"),

                // Pollers that are not caused by votes would otherwise add their Table requests to the per-vote count.
                ["Publishing:PollInterval"] = "01:00:00",
                ["Scheduler:WindowCheckInterval"] = "01:00:00",
                ["Search:CatchUpInterval"] = "01:00:00",
            });
        });
    }
}
