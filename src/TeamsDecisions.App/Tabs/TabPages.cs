using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace TeamsDecisions.App.Tabs;

/// <summary>
/// The tab's pages and the libraries the build copied into wwwroot/lib (no CDN: a tab must load without one). Every
/// file goes out with a policy that allows only this origin's scripts, styles and API, and framing by Teams only.
/// </summary>
internal static class TabPages
{
    public const string IndexPath = "/tab/index.html";

    /// <summary>
    /// The hosts that frame tabs: Teams on the web and desktop, and Microsoft 365 (Outlook, the Microsoft 365 app).
    /// </summary>
    public const string FrameAncestors = "'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.teams.microsoft.us https://*.office.com https://*.office365.com https://*.microsoft365.com https://*.cloud.microsoft";

    /// <summary>
    /// No inline script and no other origin's script or style (styles are this origin's files and the constructed sheets
    /// Fluent adopts). The one other origin is connect-src res.cdn.office.net: TeamsJS fetches Teams' list of valid
    /// host origins from there when it loads (it falls back to its built-in list when it cannot).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self' https://res.cdn.office.net; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors " + FrameAncestors;

    public static IApplicationBuilder UseTabPages(this WebApplication app)
    {
        app.MapGet("/tab", () => Results.Redirect(IndexPath));
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".mjs"] = "text/javascript";
        return app.UseStaticFiles(new StaticFileOptions
        {
            ContentTypeProvider = types,
            OnPrepareResponse = file =>
            {
                var headers = file.Context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.Append("Referrer-Policy", "no-referrer");

                // Pages change with each deployment; the libraries' names carry no hash, so both are revalidated.
                headers[HeaderNames.CacheControl] = "no-cache";
            },
        });
    }
}
