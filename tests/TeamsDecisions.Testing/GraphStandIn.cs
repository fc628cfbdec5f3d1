using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TeamsDecisions.Testing;

/// <summary>What the stand-in understood a request to be.</summary>
public enum GraphOperation
{
    Unknown,
    GetSite,
    ListPages,
    CreatePage,
    UpdatePage,
    PublishPage,
}

/// <summary>One request as the stand-in saw it: raw target (encoding intact), when, and what it answered.</summary>
public sealed record GraphRequest(GraphOperation Operation, string Method, string RawTarget, string? Body, DateTimeOffset At)
{
    public int Status { get; set; }
}

/// <summary>A scripted fault: answer <see cref="Status"/> (with Retry-After) instead of handling, or handle and then delay the answer.</summary>
public sealed record GraphFault(int Status = 0, int? RetryAfterSeconds = null, TimeSpan DelayAfterHandling = default);

/// <summary>A page in the stand-in's SharePoint site.</summary>
public sealed class StandInPage
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public string Title { get; set; } = string.Empty;

    public string PageLayout { get; set; } = string.Empty;

    public IReadOnlyList<string> InnerHtml { get; set; } = [];

    public int Publications { get; set; }

    public int Updates { get; set; }

    public bool IsPublished => Publications > 0;
}

/// <summary>
/// A loopback stand-in for the part of Microsoft Graph v1.0 that decision publishing uses (sites, site pages, publish).
/// It checks every request — method, raw path with the %2C-encoded site id, @odata.type, article layout, canvas
/// sections of text web parts, and that no innerHtml carries a script, an event attribute, a style or a javascript:
/// URL — and records what it finds in <see cref="Violations"/>. Faults are scripted per operation.
/// </summary>
public sealed class GraphStandIn : IAsyncDisposable
{
    public const string SiteId = "contoso.sharepoint.com,5a4d3f2e-1c0b-4a9e-8d7c-6b5a4f3e2d1c,0f1e2d3c-4b5a-4697-8877-665544332211";
    public const string SiteHostPath = "contoso.sharepoint.com:/sites/eng";
    public const string WebUrl = "https://contoso.sharepoint.com/sites/eng";

    private static readonly string EncodedSiteId = SiteId.Replace(",", "%2C", StringComparison.Ordinal);
    private readonly WebApplication app;
    private readonly object gate = new();
    private readonly List<StandInPage> pages = [];
    private readonly List<GraphRequest> requests = [];
    private readonly List<(GraphOperation Operation, Func<GraphRequest, bool>? When, GraphFault Fault, int Remaining)> faults = [];
    private readonly ConcurrentQueue<string> violations = new();

    private GraphStandIn(WebApplication app, Uri baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>"http://127.0.0.1:{port}/v1.0" — the Graph base URL to give the SDK.</summary>
    public Uri BaseUrl { get; }

    public IReadOnlyList<string> Violations => [.. violations];

    public IReadOnlyList<StandInPage> Pages
    {
        get
        {
            lock (gate)
            {
                return [.. pages];
            }
        }
    }

    public IReadOnlyList<GraphRequest> Requests
    {
        get
        {
            lock (gate)
            {
                return [.. requests];
            }
        }
    }

    public static async Task<GraphStandIn> StartAsync()
    {
        GraphStandIn? standIn = null;
        var (app, baseUrl) = await LoopbackHost.StartAsync(() => standIn!.HandleAsync, "/v1.0").ConfigureAwait(false);
        standIn = new GraphStandIn(app, baseUrl);
        return standIn;
    }

    /// <summary>The next <paramref name="times"/> requests of <paramref name="operation"/> (that match <paramref name="when"/>) get <paramref name="fault"/>.</summary>
    public void Fail(GraphOperation operation, GraphFault fault, int times = 1, Func<GraphRequest, bool>? when = null)
    {
        lock (gate)
        {
            faults.Add((operation, when, fault, times));
        }
    }

    public void ClearFaults()
    {
        lock (gate)
        {
            faults.Clear();
        }
    }

    public IReadOnlyList<StandInPage> PagesNamed(string name) => [.. Pages.Where(p => p.Name == name)];

    public int Count(GraphOperation operation) => Requests.Count(r => r.Operation == operation);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? string.Empty;
        string? body = null;
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(context.Request.Body);
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var (operation, pageId) = Classify(context.Request.Method, rawTarget);
        var request = new GraphRequest(operation, context.Request.Method, rawTarget, body, DateTimeOffset.UtcNow);
        GraphFault? fault;
        lock (gate)
        {
            requests.Add(request);
            fault = TakeFault(request);
        }

        if (fault is { Status: > 0 })
        {
            if (fault.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            await WriteAsync(context, request, fault.Status, Error(fault.Status));
            return;
        }

        var (status, response) = Handle(operation, pageId, context.Request, rawTarget, body);
        if (fault is { DelayAfterHandling: var delay } && delay > TimeSpan.Zero)
        {
            // The work is done; only the answer is late, as when a client times out on a call SharePoint completed.
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                request.Status = -1;
                return;
            }
        }

        await WriteAsync(context, request, status, response);
    }

    private GraphFault? TakeFault(GraphRequest request)
    {
        for (var i = 0; i < faults.Count; i++)
        {
            if (faults[i].Operation == request.Operation && (faults[i].When is null || faults[i].When!(request)))
            {
                var (op, when, fault, remaining) = faults[i];
                if (remaining <= 1)
                {
                    faults.RemoveAt(i);
                }
                else
                {
                    faults[i] = (op, when, fault, remaining == int.MaxValue ? remaining : remaining - 1);
                }

                return fault;
            }
        }

        return null;
    }

    private static (GraphOperation Operation, string? PageId) Classify(string method, string rawTarget)
    {
        var path = rawTarget.Split('?')[0];
        const string prefix = "/v1.0/sites/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return (GraphOperation.Unknown, null);
        }

        var rest = path[prefix.Length..];
        if (Uri.UnescapeDataString(rest) == SiteHostPath && method == "GET")
        {
            return (GraphOperation.GetSite, null);
        }

        var segments = rest.Split('/');
        return (method, segments.Length) switch
        {
            ("GET", 1) => (GraphOperation.GetSite, null),
            ("GET", 2) when segments[1] == "pages" => (GraphOperation.ListPages, null),
            ("POST", 2) when segments[1] == "pages" => (GraphOperation.CreatePage, null),
            ("PATCH", 4) when segments[1] == "pages" && segments[3] == "microsoft.graph.sitePage" => (GraphOperation.UpdatePage, segments[2]),
            ("POST", 5) when segments[1] == "pages" && segments[3] == "microsoft.graph.sitePage" && segments[4] == "publish" => (GraphOperation.PublishPage, segments[2]),
            _ => (GraphOperation.Unknown, null),
        };
    }

    private (int Status, JsonNode? Body) Handle(GraphOperation operation, string? pageId, HttpRequest http, string rawTarget, string? body)
    {
        if (operation == GraphOperation.Unknown)
        {
            Violation($"Unexpected request {http.Method} {rawTarget}.");
            return (400, Error(400));
        }

        if (operation == GraphOperation.GetSite)
        {
            var key = Uri.UnescapeDataString(rawTarget.Split('?')[0]["/v1.0/sites/".Length..]);
            if (key != SiteId && key != SiteHostPath)
            {
                return (404, Error(404));
            }

            if (key == SiteId)
            {
                CheckSiteSegment(rawTarget);
            }

            return (200, new JsonObject { ["id"] = SiteId, ["webUrl"] = WebUrl, ["displayName"] = "Engineering" });
        }

        CheckSiteSegment(rawTarget);
        switch (operation)
        {
            case GraphOperation.ListPages:
            {
                var filter = http.Query["$filter"].ToString();
                IEnumerable<StandInPage> found;
                lock (gate)
                {
                    found = [.. pages];
                }

                if (filter.Length > 0)
                {
                    if (!filter.StartsWith("name eq '", StringComparison.Ordinal) || !filter.EndsWith('\''))
                    {
                        Violation($"Unsupported $filter: {filter}");
                        return (400, Error(400));
                    }

                    var name = filter["name eq '".Length..^1].Replace("''", "'", StringComparison.Ordinal);
                    found = found.Where(p => p.Name == name);
                }

                return (200, new JsonObject { ["value"] = new JsonArray([.. found.Select(ToJson)]) });
            }

            case GraphOperation.CreatePage:
            {
                var content = CheckSitePage(body, requireName: true);
                if (content is null)
                {
                    return (400, Error(400));
                }

                var page = new StandInPage { Id = Guid.NewGuid().ToString(), Name = content.Value.Name!, Title = content.Value.Title, PageLayout = content.Value.Layout, InnerHtml = content.Value.Html };
                lock (gate)
                {
                    pages.Add(page);
                }

                return (201, ToJson(page));
            }

            case GraphOperation.UpdatePage:
            {
                var page = Find(pageId);
                if (page is null)
                {
                    return (404, Error(404));
                }

                var content = CheckSitePage(body, requireName: false);
                if (content is null)
                {
                    return (400, Error(400));
                }

                if (content.Value.Name is { } name && name != page.Name)
                {
                    Violation($"PATCH renames page {page.Name} to {name}.");
                }

                lock (gate)
                {
                    page.Title = content.Value.Title;
                    page.PageLayout = content.Value.Layout;
                    page.InnerHtml = content.Value.Html;
                    page.Updates++;
                }

                return (200, ToJson(page));
            }

            case GraphOperation.PublishPage:
            {
                var page = Find(pageId);
                if (page is null)
                {
                    return (404, Error(404));
                }

                if (!string.IsNullOrEmpty(body) && body.Trim() is not ("{}" or ""))
                {
                    Violation($"publish carries a body: {body}");
                }

                lock (gate)
                {
                    page.Publications++;
                }

                return (204, null);
            }

            default:
                return (400, Error(400));
        }
    }

    private StandInPage? Find(string? rawPageId)
    {
        var id = rawPageId is null ? null : Uri.UnescapeDataString(rawPageId);
        lock (gate)
        {
            return pages.FirstOrDefault(p => p.Id == id);
        }
    }

    private void CheckSiteSegment(string rawTarget)
    {
        if (!rawTarget.StartsWith("/v1.0/sites/" + EncodedSiteId, StringComparison.OrdinalIgnoreCase))
        {
            Violation($"Site id is not sent %2C-encoded: {rawTarget}");
        }
    }

    private (string? Name, string Title, string Layout, IReadOnlyList<string> Html)? CheckSitePage(string? body, bool requireName)
    {
        if (string.IsNullOrEmpty(body))
        {
            Violation("A sitePage request without a body.");
            return null;
        }

        JsonObject json;
        try
        {
            json = JsonNode.Parse(body)!.AsObject();
        }
        catch (JsonException ex)
        {
            Violation($"Body is not JSON: {ex.Message}");
            return null;
        }

        if ((string?)json["@odata.type"] != "#microsoft.graph.sitePage")
        {
            Violation($"@odata.type is {(string?)json["@odata.type"] ?? "missing"}, not #microsoft.graph.sitePage.");
        }

        var name = (string?)json["name"];
        if (requireName && (name is null || !name.EndsWith(".aspx", StringComparison.Ordinal)))
        {
            Violation($"Page name {name ?? "missing"} does not end in .aspx.");
        }

        var title = (string?)json["title"] ?? string.Empty;
        if (title.Length == 0)
        {
            Violation("Page title is missing.");
        }

        var layout = (string?)json["pageLayout"] ?? string.Empty;
        if (layout != "article")
        {
            Violation($"pageLayout is {layout}, not article.");
        }

        var html = new List<string>();
        if (json["canvasLayout"]?["horizontalSections"] is not JsonArray sections || sections.Count == 0)
        {
            Violation("canvasLayout.horizontalSections is missing or empty.");
            return (name, title, layout, html);
        }

        foreach (var section in sections)
        {
            if (section?["columns"] is not JsonArray columns || columns.Count == 0)
            {
                Violation("A horizontal section without columns.");
                continue;
            }

            foreach (var column in columns)
            {
                if (column?["webparts"] is not JsonArray webparts || webparts.Count == 0)
                {
                    Violation("A column without web parts.");
                    continue;
                }

                foreach (var webpart in webparts)
                {
                    if ((string?)webpart?["@odata.type"] != "#microsoft.graph.textWebPart")
                    {
                        Violation($"Web part type {(string?)webpart?["@odata.type"] ?? "missing"}, not #microsoft.graph.textWebPart.");
                    }

                    var inner = (string?)webpart?["innerHtml"];
                    if (string.IsNullOrEmpty(inner))
                    {
                        Violation("A text web part without innerHtml.");
                        continue;
                    }

                    foreach (var problem in SafeHtml.Problems(inner))
                    {
                        Violation(problem);
                    }

                    html.Add(inner);
                }
            }
        }

        return (name, title, layout, html);
    }

    private void Violation(string message) => violations.Enqueue(message);

    private static JsonObject ToJson(StandInPage page) => new()
    {
        ["@odata.type"] = "#microsoft.graph.sitePage",
        ["id"] = page.Id,
        ["name"] = page.Name,
        ["title"] = page.Title,
        ["pageLayout"] = page.PageLayout,
        ["webUrl"] = $"SitePages/{page.Name}",
        ["publishingState"] = new JsonObject { ["level"] = page.IsPublished ? "published" : "checkout", ["versionId"] = page.IsPublished ? "1.0" : "0.1" },
    };

    private static JsonObject Error(int status) => new()
    {
        ["error"] = new JsonObject
        {
            ["code"] = status switch { 429 => "tooManyRequests", 503 => "serviceNotAvailable", 404 => "itemNotFound", 400 => "invalidRequest", _ => "generalException" },
            ["message"] = status switch { 429 => "Too many requests.", 503 => "The service is temporarily unavailable.", 404 => "Not found.", 400 => "Invalid request.", _ => "General failure." },
        },
    };

    private static async Task WriteAsync(HttpContext context, GraphRequest request, int status, JsonNode? body)
    {
        request.Status = status;
        context.Response.StatusCode = status;
        if (body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
        }
    }
}

/// <summary>Parses HTML and lists what a decision page must never contain.</summary>
public static class SafeHtml
{
    public static readonly IReadOnlySet<string> AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "p", "br", "strong", "em", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "h2", "h3",
    };

    public static IReadOnlyList<string> Problems(string html)
    {
        var problems = new List<string>();
        if (html.Contains("<script", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"'<script' in HTML: {html}");
        }

        var document = new HtmlParser().ParseDocument(html);
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            if (!AllowedTags.Contains(element.LocalName))
            {
                problems.Add($"Element <{element.LocalName}> is not allowed.");
            }

            foreach (var attribute in element.Attributes)
            {
                if (attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"Event attribute {attribute.Name} on <{element.LocalName}>.");
                }
                else if (attribute.Name != "href")
                {
                    problems.Add($"Attribute {attribute.Name} on <{element.LocalName}> is not allowed.");
                }

                if (attribute.Value.Contains("javascript:", StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"javascript: in {attribute.Name} on <{element.LocalName}>.");
                }
            }

            if (element.LocalName == "a" && element.GetAttribute("href") is { } href
                && (!Uri.TryCreate(href, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
            {
                problems.Add($"Link to a non-http(s) URL: {href}");
            }
        }

        return problems;
    }
}
