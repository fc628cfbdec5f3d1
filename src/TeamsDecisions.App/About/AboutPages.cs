namespace TeamsDecisions.App.About;

/// <summary>
/// The privacy statement and terms of use the Teams app manifest links to (developer.privacyUrl, termsOfUseUrl).
/// Public on purpose: Teams shows the links to anyone before they install the app. Static text, no script.
/// </summary>
public static class AboutPages
{
    public const string PrivacyPath = "/privacy";
    public const string TermsPath = "/terms";

    public static IEndpointRouteBuilder MapAboutPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(PrivacyPath, (HttpContext context) => Page(context, "Privacy", Privacy));
        endpoints.MapGet(TermsPath, (HttpContext context) => Page(context, "Terms of use", Terms));
        return endpoints;
    }

    private static IResult Page(HttpContext context, string title, string body)
    {
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        var html = $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>TeamsDecisions: {{title}}</title>
            <style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;line-height:1.5}</style>
            </head><body><h1>TeamsDecisions: {{title}}</h1>
            {{body}}
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private const string Privacy = """
        <p>TeamsDecisions is run by the organisation that deployed it, in that organisation's own Azure subscription.
        Its makers receive none of your data.</p>
        <h2>What it keeps</h2>
        <ul>
        <li>RFCs you propose, and the votes, concerns, comments and decisions on them, with the names and Microsoft Entra
        ids of the people who wrote them, in the organisation's Azure Table Storage.</li>
        <li>Decision pages, written to the SharePoint site the organisation's admin chose, readable by whoever may read
        that site.</li>
        <li>For each team or chat the app is added to: the ids Teams needs to post there. Replies in an RFC's thread
        become comments on that RFC; other channel messages are not stored.</li>
        <li>Your answers to the meeting test, and, only if your admin switched meeting prompts on and you (or your admin)
        opted in, the recurring meetings you organise: subject, times, attendees and their time zones, never the
        meeting's body. Say <em>stop checking my meetings</em> to opt out.</li>
        <li>Operational telemetry (requests, errors, timings) in the organisation's Application Insights.</li>
        </ul>
        <h2>Who to ask</h2>
        <p>The app's data belongs to your organisation: ask its IT or privacy contact to see, correct or delete it.</p>
        """;

    private const string Terms = """
        <p>TeamsDecisions is provided to you by the organisation that deployed it, under that organisation's policies
        for Microsoft Teams and its data. Use it for your work there.</p>
        <p>What you write in RFCs, votes, comments and decisions is kept as a durable record and may be read by your
        team and by whoever may read the SharePoint site the decision pages go to, now and later. Do not put secrets
        or personal data that does not belong in such a record into it.</p>
        <p>The software is provided as is, without warranty of any kind.</p>
        """;
}
