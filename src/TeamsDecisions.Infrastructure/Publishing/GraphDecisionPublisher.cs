using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using TeamsDecisions.Infrastructure.Graph;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Infrastructure.Publishing;

/// <summary>
/// Publishes decision pages to SharePoint through Microsoft Graph: finds the page by its name (so a crash between
/// create and publish never makes a second page), creates it as a sitePage with an article layout, or replaces its
/// canvas, then publishes it; the same for the team's decision log page. Short throttling is waited out in place on
/// the injected clock (<see cref="GraphCalls"/>); longer outages surface as <see cref="RetryLaterException"/>, and
/// refusals and failures as <see cref="DependencyFailedException"/>, and the outbox retries later.
/// </summary>
public sealed class GraphDecisionPublisher(GraphServiceClient graph, IOptions<SharePointOptions> options, TimeProvider clock, ILogger<GraphDecisionPublisher> logger) : IDecisionPublisher, IDisposable
{
    private readonly SemaphoreSlim siteGate = new(1, 1);

    public string Where => options.Value.SiteUrl is { } url ? $"your SharePoint site ({url})" : "your SharePoint site";
    private (string Id, string WebUrl)? site;

    public async Task<PublishedPages> PublishAsync(DecisionRecord decision, IReadOnlyList<DecisionLogEntry> log, string teamName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(log);
        var (siteId, webUrl) = await SiteAsync(cancellationToken).ConfigureAwait(false);
        var titles = log.ToDictionary(e => e.Number, e => e.Title);
        titles[decision.Number] = decision.Title;
        Uri? PageOf(DecisionNumber n) => titles.TryGetValue(n, out var title) ? PageUrl(webUrl, DecisionPages.PageName(n, title)) : null;
        var logUrl = PageUrl(webUrl, DecisionPages.LogPageName);

        var page = DecisionPages.Build(decision, new PageLinks(decision.Thread?.WebUrl, PageOf, logUrl));
        await UpsertAndPublishAsync(siteId, page, cancellationToken).ConfigureAwait(false);
        var logPage = DecisionPages.BuildLog(teamName, log, PageOf);
        await UpsertAndPublishAsync(siteId, logPage, cancellationToken).ConfigureAwait(false);
        return new PublishedPages(PageUrl(webUrl, page.Name) ?? throw new DependencyFailedException(GraphCalls.Service, null, $"SharePoint gave the site no usable web URL ({webUrl})."), logUrl);
    }

    public void Dispose() => siteGate.Dispose();

    private async Task UpsertAndPublishAsync(string siteId, DecisionPage page, CancellationToken cancellationToken)
    {
        var existing = await GraphCalls.CallAsync(() => graph.Sites[siteId].Pages.GetAsync(
            r =>
            {
                r.QueryParameters.Filter = $"name eq '{page.Name.Replace("'", "''", StringComparison.Ordinal)}'";
                r.Options.Add(GraphCalls.NoSdkRetry);
            },
            cancellationToken), clock, cancellationToken).ConfigureAwait(false);
        var pageId = existing?.Value?.FirstOrDefault()?.Id;

        // Each attempt builds its own request: the SDK's models remember what they already serialised.
        if (pageId is null)
        {
            var created = await GraphCalls.CallAsync(() => graph.Sites[siteId].Pages.PostAsync(ToSitePage(page), r => r.Options.Add(GraphCalls.NoSdkRetry), cancellationToken), clock, cancellationToken).ConfigureAwait(false);
            pageId = created?.Id ?? throw new DependencyFailedException(GraphCalls.Service, null, "SharePoint created the page but returned no id.");
            Log.PageCreated(logger, page.Name, pageId);
        }
        else
        {
            // Replace the content of the page we (or a crashed earlier attempt) created.
            await GraphCalls.CallAsync(() => graph.RequestAdapter.SendNoContentAsync(PageRequest(Method.PATCH, siteId, pageId, string.Empty, ToSitePage(page)), ErrorMapping, cancellationToken), clock, cancellationToken).ConfigureAwait(false);
        }

        // No typed publish method in Microsoft.Graph 6.10: send the action as a raw request.
        await GraphCalls.CallAsync(() => graph.RequestAdapter.SendNoContentAsync(PageRequest(Method.POST, siteId, pageId, "/publish", null), ErrorMapping, cancellationToken), clock, cancellationToken).ConfigureAwait(false);
        Log.PagePublished(logger, page.Name);
    }

    private RequestInformation PageRequest(Method method, string siteId, string pageId, string action, SitePage? body)
    {
        var request = new RequestInformation(method, "{+baseurl}/sites/{site%2Did}/pages/{baseSitePage%2Did}/microsoft.graph.sitePage" + action, new Dictionary<string, object>
        {
            ["site%2Did"] = siteId,
            ["baseSitePage%2Did"] = pageId,
        });
        if (body is not null)
        {
            request.SetContentFromParsable(graph.RequestAdapter, "application/json", body);
        }

        request.AddRequestOptions([GraphCalls.NoSdkRetry]);
        return request;
    }

    private static SitePage ToSitePage(DecisionPage page) => new()
    {
        OdataType = "#microsoft.graph.sitePage",
        Name = page.Name,
        Title = page.Title,
        PageLayout = PageLayoutType.Article,
        CanvasLayout = new CanvasLayout
        {
            HorizontalSections = [.. page.Sections.Select((section, i) => new HorizontalSection
            {
                Id = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Layout = HorizontalSectionLayoutType.OneColumn,
                Emphasis = SectionEmphasisType.None,
                Columns =
                [
                    new HorizontalSectionColumn
                    {
                        Id = "1",
                        Width = 12,
                        Webparts =
                        [
                            new TextWebPart
                            {
                                OdataType = "#microsoft.graph.textWebPart",
                                Id = Guid.NewGuid().ToString(),
                                InnerHtml = (section.Heading.Length > 0 ? $"<h2>{System.Net.WebUtility.HtmlEncode(section.Heading)}</h2>" : string.Empty) + section.Html,
                            },
                        ],
                    },
                ],
            })],
        },
    };

    private async Task<(string Id, string WebUrl)> SiteAsync(CancellationToken cancellationToken)
    {
        if (site is { } known)
        {
            return known;
        }

        await siteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (site is { } again)
            {
                return again;
            }

            var settings = options.Value;
            var key = settings.SiteId ?? $"{settings.SiteUrl!.Host}:{settings.SiteUrl.AbsolutePath.TrimEnd('/')}";
            var found = await GraphCalls.CallAsync(() => graph.Sites[key].GetAsync(r => r.Options.Add(GraphCalls.NoSdkRetry), cancellationToken), clock, cancellationToken).ConfigureAwait(false)
                ?? throw new DependencyFailedException(GraphCalls.Service, null, $"SharePoint site {key} was not found.");
            site = (found.Id ?? key, found.WebUrl ?? settings.SiteUrl?.AbsoluteUri ?? string.Empty);
            return site.Value;
        }
        finally
        {
            siteGate.Release();
        }
    }

    private static Uri? PageUrl(string webUrl, string name) =>
        Uri.TryCreate($"{webUrl.TrimEnd('/')}/SitePages/{name}", UriKind.Absolute, out var url) ? url : null;

    private static readonly Dictionary<string, Microsoft.Kiota.Abstractions.Serialization.ParsableFactory<Microsoft.Kiota.Abstractions.Serialization.IParsable>> ErrorMapping = new()
    {
        ["XXX"] = ODataError.CreateFromDiscriminatorValue,
    };
}
