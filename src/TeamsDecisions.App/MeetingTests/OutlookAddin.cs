using System.Text.Json;
using Microsoft.Extensions.FileProviders;

namespace TeamsDecisions.App.MeetingTests;

/// <summary>
/// Serves the Outlook add-in's pages (src/TeamsDecisions.Outlook/addin, copied next to the app by Outlook.targets) at
/// <c>/addin/…</c>: the task pane and the send-time handler. They are static and hold no secrets; what they show comes
/// from <c>/api/meeting-test</c>, which needs a signed-in caller.
/// </summary>
internal static partial class OutlookAddin
{
    public const string Path = "/addin";

    /// <summary>The folder under the app's output that holds the pages.</summary>
    public const string Folder = "addin";

    public static IApplicationBuilder MapOutlookAddin(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var root = System.IO.Path.Combine(AppContext.BaseDirectory, Folder);
        if (!Directory.Exists(root))
        {
            return app;
        }

        // Classic Outlook on Windows runs the send handler in a JavaScript-only runtime with no page, so the script
        // cannot take the app's address from its own location: it is written in front of the script as it is served.
        var script = File.ReadAllText(System.IO.Path.Combine(root, "commands.js"));
        app.MapGet(Path + "/commands.js", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Text($"globalThis.TEAMSDECISIONS_API_BASE = {JsonSerializer.Serialize(Origin(http.Request))};\n{script}", "text/javascript; charset=utf-8");
        });

        return app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = Path,
            FileProvider = new PhysicalFileProvider(root),
            OnPrepareResponse = context =>
            {
                // Outlook loads the pages in a frame of its own origin; a stale send handler after a deployment would
                // ask with yesterday's rules, so clients revalidate.
                context.Context.Response.Headers.CacheControl = "no-cache";
                context.Context.Response.Headers.XContentTypeOptions = "nosniff";
            },
        });
    }

    /// <summary>
    /// The origin Outlook fetched the script from. App Service ends TLS in front of the app, so the scheme is https
    /// except on loopback (the local run); a Host header that is not a plain host name gives no origin at all.
    /// </summary>
    private static string Origin(HttpRequest request)
    {
        var host = request.Host.Host;
        if (string.IsNullOrEmpty(host) || !HostName().IsMatch(request.Host.Value ?? string.Empty))
        {
            return string.Empty;
        }

        var loopback = host is "localhost" || (System.Net.IPAddress.TryParse(host, out var ip) && System.Net.IPAddress.IsLoopback(ip));
        return $"{(loopback ? request.Scheme : "https")}://{request.Host.Value}";
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?$")]
    private static partial System.Text.RegularExpressions.Regex HostName();
}
