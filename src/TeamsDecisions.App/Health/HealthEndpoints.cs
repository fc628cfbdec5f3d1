using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TeamsDecisions.App.Health;

public static class HealthEndpoints
{
    public const string Path = "/healthz";

    /// <summary>
    /// /healthz: 200 while the app runs (Healthy, or Degraded when a dependency is in trouble: recycling the app would
    /// not help), 503 only when a check is Unhealthy. Anyone may call it (the platform's health check does, without
    /// credentials), so outside Development it answers the status word alone; which dependency and why (exception
    /// text, endpoints, how the app signs in) goes to the log. In Development the JSON body carries that detail.
    /// Each adapter registers its own check (the store's comes with AddTableStorage).
    /// </summary>
    public static IEndpointRouteBuilder MapDecisionsHealth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var detailed = endpoints.ServiceProvider.GetRequiredService<IHostEnvironment>().IsDevelopment();
        var logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HealthEndpoints).FullName!);
        endpoints.MapHealthChecks(Path, new HealthCheckOptions
        {
            ResponseWriter = (context, report) =>
            {
                LogTrouble(logger, report);
                return detailed ? WriteDetailAsync(context, report) : WriteStatusAsync(context, report);
            },
        });
        return endpoints;
    }

    private static void LogTrouble(ILogger logger, HealthReport report)
    {
        foreach (var (name, entry) in report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy))
        {
            Log.CheckNotHealthy(logger, entry.Exception, name, entry.Status, entry.Description ?? string.Empty, string.Join(", ", entry.Data.Select(d => $"{d.Key}={d.Value}")));
        }
    }

    private static Task WriteStatusAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(report.Status.ToString(), context.RequestAborted);
    }

    private static Task WriteDetailAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, durationMs = Math.Round(e.Value.Duration.TotalMilliseconds), data = e.Value.Data }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, JsonOptions, context.RequestAborted);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
