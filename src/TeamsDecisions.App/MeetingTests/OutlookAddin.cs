using Microsoft.Extensions.FileProviders;

namespace TeamsDecisions.App.MeetingTests;

/// <summary>
/// Serves the Outlook add-in's pages (src/TeamsDecisions.Outlook/addin, copied next to the app by Outlook.targets) at
/// <c>/addin/…</c>: the task pane and the send-time handler. They are static and hold no secrets; what they show comes
/// from <c>/api/meeting-test</c>, which needs a signed-in caller.
/// </summary>
internal static class OutlookAddin
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
}
