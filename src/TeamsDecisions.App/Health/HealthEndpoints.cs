using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TeamsDecisions.App.Health;

public static class HealthEndpoints
{
    public const string Path = "/healthz";

    /// <summary>
    /// /healthz: 200 while the app runs (Healthy, or Degraded when a dependency is in trouble: recycling the app would
    /// not help), 503 only when a check is Unhealthy; the JSON body says which dependency and why. Each adapter
    /// registers its own check (the store's comes with AddTableStorage).
    /// </summary>
    public static IEndpointRouteBuilder MapDecisionsHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(Path, new HealthCheckOptions { ResponseWriter = WriteAsync });
        return endpoints;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
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
