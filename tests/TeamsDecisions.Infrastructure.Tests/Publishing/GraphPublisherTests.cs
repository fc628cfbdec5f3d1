using Azure.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Infrastructure.Graph;
using TeamsDecisions.Infrastructure.Publishing;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Infrastructure.Tests.Publishing;

/// <summary>
/// The real Microsoft.Graph SDK against the loopback Graph stand-in; Retry-After is waited out on a fake clock the
/// test moves, so no test waits real seconds for it.
/// </summary>
[TestClass]
public sealed class GraphPublisherTests
{
    private const string Team = "Platform";
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    [TestMethod]
    public async Task PublishAsync_NewDecision_CreatesAndPublishesTheDecisionPageAndTheLogPage()
    {
        // Arrange
        await using var graph = await GraphStandIn.StartAsync();
        using var publisher = Publisher(graph);
        var decision = DecisionSamples.Plain(42, "Adopt Kafka for order events");

        // Act
        var pages = await publisher.PublishAsync(decision, [Entry(decision)], Team, CancellationToken.None);

        // Assert
        Assert.IsEmpty(graph.Violations, string.Join(Environment.NewLine, graph.Violations));
        var page = graph.PagesNamed("dec-0042-adopt-kafka-for-order-events.aspx").Single();
        Assert.IsTrue(page.IsPublished);
        Assert.AreEqual("DEC-0042: Adopt Kafka for order events", page.Title);
        Assert.AreEqual("article", page.PageLayout);
        Assert.IsGreaterThanOrEqualTo(10, page.InnerHtml.Count, "One text web part per section.");
        StringAssert.Contains(page.InnerHtml[1], "<h2>Context and problem</h2>");
        var log = graph.PagesNamed("decision-log.aspx").Single();
        Assert.IsTrue(log.IsPublished);
        Assert.HasCount(2, graph.Pages);
        Assert.AreEqual(new Uri("https://contoso.sharepoint.com/sites/eng/SitePages/dec-0042-adopt-kafka-for-order-events.aspx"), pages.Page);
        Assert.AreEqual(new Uri("https://contoso.sharepoint.com/sites/eng/SitePages/decision-log.aspx"), pages.Log);
    }

    [TestMethod]
    public async Task PublishAsync_EveryRequest_SendsTheSiteIdPercentEncodedAndTheSitePageType()
    {
        // Arrange
        await using var graph = await GraphStandIn.StartAsync();
        using var publisher = Publisher(graph);
        var decision = DecisionSamples.Plain(42, "Adopt Kafka for order events");

        // Act
        await publisher.PublishAsync(decision, [Entry(decision)], Team, CancellationToken.None);

        // Assert
        var requests = graph.Requests;
        Assert.IsFalse(requests.Any(r => r.Operation == GraphOperation.Unknown), string.Join(Environment.NewLine, requests.Select(r => $"{r.Method} {r.RawTarget}")));
        var encoded = "/v1.0/sites/" + GraphStandIn.SiteId.Replace(",", "%2C", StringComparison.Ordinal);
        foreach (var request in requests)
        {
            Assert.StartsWith(encoded, request.RawTarget, StringComparison.OrdinalIgnoreCase, $"{request.Method} {request.RawTarget}");
        }

        Assert.AreEqual(1, graph.Count(GraphOperation.GetSite), "The site is looked up once.");
        Assert.AreEqual(2, graph.Count(GraphOperation.ListPages), "Each page is looked up by name before it is created.");
        Assert.AreEqual(2, graph.Count(GraphOperation.CreatePage));
        Assert.AreEqual(2, graph.Count(GraphOperation.PublishPage));
        foreach (var create in requests.Where(r => r.Operation == GraphOperation.CreatePage))
        {
            StringAssert.Contains(create.Body, "\"@odata.type\":\"#microsoft.graph.sitePage\"");
            StringAssert.Contains(create.Body, "\"pageLayout\":\"article\"");
        }

        var lookup = requests.First(r => r.Operation == GraphOperation.ListPages);
        StringAssert.Contains(Uri.UnescapeDataString(lookup.RawTarget), "$filter=name eq 'dec-0042-adopt-kafka-for-order-events.aspx'");
    }

    [TestMethod]
    public async Task PublishAsync_EveryUserFieldHostile_NoInnerHtmlCarriesScriptEventAttributeOrJavascriptUrl()
    {
        // Arrange
        await using var graph = await GraphStandIn.StartAsync();
        using var publisher = Publisher(graph);
        var decision = DecisionSamples.Hostile(42);
        var log = new List<DecisionLogEntry>
        {
            Entry(decision),
            Entry(DecisionSamples.Plain(7, "old " + DecisionSamples.Payload) with { SupersededBy = new DecisionNumber(42) }),
        };

        // Act
        await publisher.PublishAsync(decision, log, "team " + DecisionSamples.Payload, CancellationToken.None);

        // Assert
        Assert.IsEmpty(graph.Violations, string.Join(Environment.NewLine, graph.Violations));
        Assert.HasCount(2, graph.Pages);
        foreach (var html in graph.Pages.SelectMany(p => p.InnerHtml))
        {
            Assert.IsEmpty(SafeHtml.Problems(html), html);
        }

        var page = graph.Pages.Single(p => p.Name != DecisionPages.LogPageName);
        StringAssert.StartsWith(page.Name, "dec-0042-");
        Assert.IsTrue(page.IsPublished);
    }

    [TestMethod]
    public async Task PublishAsync_SameDecisionTwice_UpdatesTheExistingPageInsteadOfCreatingAnother()
    {
        // Arrange
        await using var graph = await GraphStandIn.StartAsync();
        using var publisher = Publisher(graph);
        var decision = DecisionSamples.Plain(42, "Adopt Kafka for order events");
        await publisher.PublishAsync(decision, [Entry(decision)], Team, CancellationToken.None);

        // Act: superseded later — the page is republished with the new status.
        var superseded = decision with { SupersededBy = new DecisionNumber(43) };
        await publisher.PublishAsync(superseded, [Entry(superseded)], Team, CancellationToken.None);

        // Assert
        Assert.IsEmpty(graph.Violations, string.Join(Environment.NewLine, graph.Violations));
        var page = graph.PagesNamed("dec-0042-adopt-kafka-for-order-events.aspx").Single();
        Assert.AreEqual(1, page.Updates);
        Assert.AreEqual(2, page.Publications);
        StringAssert.Contains(page.InnerHtml[0], "Superseded");
        Assert.HasCount(2, graph.Pages);
    }

    [TestMethod]
    public async Task PublishAsync_SiteConfiguredByUrl_ResolvesTheSiteOnceByHostAndPath()
    {
        // Arrange
        await using var graph = await GraphStandIn.StartAsync();
        using var publisher = Publisher(graph, new SharePointOptions { SiteUrl = new Uri(GraphStandIn.WebUrl) });
        var first = DecisionSamples.Plain(1, "First");
        var second = DecisionSamples.Plain(2, "Second");

        // Act
        await publisher.PublishAsync(first, [Entry(first)], Team, CancellationToken.None);
        await publisher.PublishAsync(second, [Entry(second), Entry(first)], Team, CancellationToken.None);

        // Assert
        Assert.AreEqual(1, graph.Count(GraphOperation.GetSite), string.Join(Environment.NewLine, graph.Requests.Select(r => $"{r.Method} {r.RawTarget}")));
        var lookup = graph.Requests.First(r => r.Operation == GraphOperation.GetSite);
        Assert.AreEqual(GraphStandIn.SiteHostPath, Uri.UnescapeDataString(lookup.RawTarget["/v1.0/sites/".Length..]));
        Assert.IsEmpty(graph.Violations, string.Join(Environment.NewLine, graph.Violations));
        Assert.HasCount(3, graph.Pages);
    }

    [TestMethod]
    public async Task PublishAsync_429WithRetryAfterOnce_RetriedOnlyOnceTheClockMovedOneSecondAndOnePageIsPublished()
    {
        // Arrange
        await using var graph = await GraphStandIn.StartAsync();
        var clock = new WaitingClock(Now);
        using var publisher = Publisher(graph, clock: clock);
        var decision = DecisionSamples.Plain(42, "Adopt Kafka for order events");
        graph.Fail(GraphOperation.CreatePage, new GraphFault(429, RetryAfterSeconds: 1));

        // Act: the clock moves to 1 ms short of the Retry-After, then to it.
        var publishing = publisher.PublishAsync(decision, [Entry(decision)], Team, CancellationToken.None);
        await clock.WaitStartedAsync(OneSecond);
        clock.Advance(OneSecond - TimeSpan.FromMilliseconds(1));
        var createsBeforeOneSecond = graph.Count(GraphOperation.CreatePage);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await publishing;

        // Assert
        Assert.AreEqual(1, createsBeforeOneSecond, "Retry-After: 1 must be honoured: no retry before the clock moved 1 s.");
        var creates = graph.Requests.Where(r => r.Operation == GraphOperation.CreatePage).ToList();
        Assert.HasCount(3, creates, "The decision page, refused and then retried once; then the log page.");
        Assert.AreEqual(429, creates[0].Status);
        Assert.AreEqual(201, creates[1].Status);
        var page = graph.PagesNamed("dec-0042-adopt-kafka-for-order-events.aspx").Single();
        Assert.IsTrue(page.IsPublished);
        Assert.IsEmpty(graph.Violations, string.Join(Environment.NewLine, graph.Violations));
    }

    [TestMethod]
    public async Task PublishAsync_503LongerThanTheInlineRetries_ThrowsDeferredWithRetryAfter()
    {
        // Arrange
        await using var graph = await GraphStandIn.StartAsync();
        var clock = new WaitingClock(Now);
        using var publisher = Publisher(graph, clock: clock);
        var decision = DecisionSamples.Plain(42, "Adopt Kafka for order events");
        graph.Fail(GraphOperation.ListPages, new GraphFault(503, RetryAfterSeconds: 1), int.MaxValue);

        // Act
        var publishing = publisher.PublishAsync(decision, [Entry(decision)], Team, CancellationToken.None);
        await clock.ElapseWaitsAsync(OneSecond, GraphCalls.InlineRetries);
        var thrown = await Assert.ThrowsAsync<Exception>(() => publishing);

        // Assert
        Assert.AreEqual(4, graph.Count(GraphOperation.ListPages), "Tried 1 + 3 times.");
        CollectionAssert.AreEqual(new[] { OneSecond, OneSecond, OneSecond }, clock.Waits.ToArray(), "Each retry waits out Retry-After on the clock.");
        Assert.IsInstanceOfType<RetryLaterException>(thrown, $"A 503 that outlasts the SDK's retries must surface as RetryLaterException, not {thrown.GetType().FullName}: {thrown.Message}");
        Assert.AreEqual(TimeSpan.FromSeconds(1), ((RetryLaterException)thrown).RetryAfter);
        Assert.IsEmpty(graph.Pages);
    }

    [TestMethod]
    public async Task PublishAsync_503ForAWhileThenAvailable_LaterAttemptPublishesExactlyOnePage()
    {
        // Arrange
        await using var graph = await GraphStandIn.StartAsync();
        var clock = new WaitingClock(Now);
        using var publisher = Publisher(graph, clock: clock);
        var decision = DecisionSamples.Plain(42, "Adopt Kafka for order events");
        graph.Fail(GraphOperation.PublishPage, new GraphFault(503, RetryAfterSeconds: 1), int.MaxValue);
        var failing = publisher.PublishAsync(decision, [Entry(decision)], Team, CancellationToken.None);
        await clock.ElapseWaitsAsync(OneSecond, GraphCalls.InlineRetries);
        await Assert.ThrowsExactlyAsync<RetryLaterException>(() => failing);
        graph.ClearFaults();

        // Act
        var pages = await publisher.PublishAsync(decision, [Entry(decision)], Team, CancellationToken.None);

        // Assert
        var page = graph.PagesNamed("dec-0042-adopt-kafka-for-order-events.aspx").Single();
        Assert.IsTrue(page.IsPublished);
        Assert.AreEqual(2, graph.Count(GraphOperation.CreatePage), "The decision page and the log page, each created once.");
        Assert.HasCount(2, graph.Pages);
        Assert.EndsWith(page.Name, pages.Page.AbsoluteUri);
        Assert.IsEmpty(graph.Violations, string.Join(Environment.NewLine, graph.Violations));
    }

    [TestMethod]
    public async Task PublishAsync_CreateAnsweredAfterTheClientTimedOut_RetryFindsThePageAndDoesNotCreateAnother()
    {
        // Arrange: SharePoint creates the page but answers after the client has given up.
        await using var graph = await GraphStandIn.StartAsync();
        using var publisher = Publisher(graph, timeout: TimeSpan.FromSeconds(2));
        var decision = DecisionSamples.Plain(42, "Adopt Kafka for order events");
        graph.Fail(GraphOperation.CreatePage, new GraphFault(DelayAfterHandling: TimeSpan.FromSeconds(10)));

        // Act
        var thrown = await Assert.ThrowsAsync<Exception>(() => publisher.PublishAsync(decision, [Entry(decision)], Team, CancellationToken.None));
        var pages = await publisher.PublishAsync(decision, [Entry(decision)], Team, CancellationToken.None);

        // Assert
        Assert.IsTrue(thrown is OperationCanceledException or TimeoutException || thrown.InnerException is TimeoutException, thrown.ToString());
        var page = graph.PagesNamed("dec-0042-adopt-kafka-for-order-events.aspx").Single();
        Assert.IsTrue(page.IsPublished);
        Assert.AreEqual(1, page.Updates, "The retry replaces the content of the page the timed-out call created.");
        Assert.HasCount(2, graph.Pages);
        Assert.IsNotNull(pages.Page);
        Assert.IsEmpty(graph.Violations, string.Join(Environment.NewLine, graph.Violations));
    }

    [TestMethod]
    public async Task PublishAsync_CrashBetweenCreateAndPublish_NextAttemptPublishesTheSamePage()
    {
        // Arrange: the publish call fails once, after the page was created.
        await using var graph = await GraphStandIn.StartAsync();
        var decision = DecisionSamples.Plain(42, "Adopt Kafka for order events");
        graph.Fail(GraphOperation.PublishPage, new GraphFault(500));
        using (var crashed = Publisher(graph))
        {
            await Assert.ThrowsAsync<Exception>(() => crashed.PublishAsync(decision, [Entry(decision)], Team, CancellationToken.None));
        }

        Assert.IsFalse(graph.PagesNamed("dec-0042-adopt-kafka-for-order-events.aspx").Single().IsPublished);

        // Act: a new process, as after a restart.
        using var restarted = Publisher(graph);
        await restarted.PublishAsync(decision, [Entry(decision)], Team, CancellationToken.None);

        // Assert
        var page = graph.PagesNamed("dec-0042-adopt-kafka-for-order-events.aspx").Single();
        Assert.IsTrue(page.IsPublished);
        Assert.AreEqual(1, page.Publications);
        Assert.AreEqual(2, graph.Count(GraphOperation.CreatePage), "One decision page and one log page, each created once.");
        Assert.HasCount(2, graph.Pages);
        Assert.IsEmpty(graph.Violations, string.Join(Environment.NewLine, graph.Violations));
    }

    [TestMethod]
    public async Task PublishAsync_502FromGraph_ThrowsDeferredSoTheOutboxRetriesLater()
    {
        // Arrange: 502 is not retried by the SDK.
        await using var graph = await GraphStandIn.StartAsync();
        using var publisher = Publisher(graph);
        var decision = DecisionSamples.Plain(42, "Adopt Kafka for order events");
        graph.Fail(GraphOperation.CreatePage, new GraphFault(502));

        // Act
        var thrown = await Assert.ThrowsExactlyAsync<RetryLaterException>(() => publisher.PublishAsync(decision, [Entry(decision)], Team, CancellationToken.None));

        // Assert
        StringAssert.Contains(thrown.Message, "502");
        Assert.AreEqual(1, graph.Count(GraphOperation.CreatePage));
        Assert.IsEmpty(graph.Pages);
    }

    [TestMethod]
    [DataRow(403)]
    [DataRow(500)]
    public async Task PublishAsync_GraphRefusesOrFails_SurfacesAsDependencyFailedWithTheStatusNotTheSdkException(int status)
    {
        // Arrange
        await using var graph = await GraphStandIn.StartAsync();
        using var publisher = Publisher(graph);
        var decision = DecisionSamples.Plain(42, "Adopt Kafka for order events");
        graph.Fail(GraphOperation.CreatePage, new GraphFault(status));

        // Act
        var thrown = await Assert.ThrowsExactlyAsync<DependencyFailedException>(() => publisher.PublishAsync(decision, [Entry(decision)], Team, CancellationToken.None));

        // Assert
        Assert.AreEqual(status, thrown.Status);
        Assert.AreEqual("Microsoft Graph", thrown.Service);
        StringAssert.Contains(thrown.Message, $"Microsoft Graph answered {status}");
        Assert.IsInstanceOfType<ApiException>(thrown.InnerException, "The SDK's exception is kept as the inner exception.");
        Assert.AreEqual(1, graph.Count(GraphOperation.CreatePage), "A refusal is not retried in place.");
        Assert.IsEmpty(graph.Pages);
    }

    [TestMethod]
    public async Task PublishAsync_IdentityGetsNoToken_SurfacesAsDependencyFailedAndNothingIsSent()
    {
        // Arrange: what AzureIdentityAuthenticationProvider throws when the managed identity is not there.
        await using var graph = await GraphStandIn.StartAsync();
        var http = GraphClientFactory.Create(finalHandler: new HttpClientHandler());
        var client = new GraphServiceClient(http, new NoToken(), graph.BaseUrl.AbsoluteUri.TrimEnd('/'));
        using var publisher = new GraphDecisionPublisher(client, Options.Create(new SharePointOptions { SiteId = GraphStandIn.SiteId }), TimeProvider.System, NullLogger<GraphDecisionPublisher>.Instance);
        var decision = DecisionSamples.Plain(42, "Adopt Kafka for order events");

        // Act
        var thrown = await Assert.ThrowsExactlyAsync<DependencyFailedException>(() => publisher.PublishAsync(decision, [Entry(decision)], Team, CancellationToken.None));

        // Assert
        Assert.IsNull(thrown.Status, "Graph was never asked.");
        StringAssert.Contains(thrown.Message, "Microsoft Graph");
        Assert.IsInstanceOfType<CredentialUnavailableException>(thrown.InnerException);
        Assert.IsEmpty(graph.Requests);
    }

    [TestMethod]
    public async Task StandIn_CreateWithoutSitePageTypeAndWithScript_IsFlagged()
    {
        // Arrange: the checks themselves must bite, or the tests above prove nothing.
        await using var graph = await GraphStandIn.StartAsync();
        using var http = new HttpClient();
        const string body = """
            {"@odata.type":"#microsoft.graph.baseSitePage","name":"x.aspx","title":"X","pageLayout":"home",
             "canvasLayout":{"horizontalSections":[{"columns":[{"webparts":[{"@odata.type":"#microsoft.graph.textWebPart",
             "innerHtml":"<p onclick=\"a()\" style=\"x\">t</p><script>b()</script><a href=\"javascript:c()\">l</a>"}]}]}]}}
            """;
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        // Act
        using var response = await http.PostAsync(new Uri($"{graph.BaseUrl}/sites/{GraphStandIn.SiteId}/pages"), content);

        // Assert
        var violations = string.Join(Environment.NewLine, graph.Violations);
        StringAssert.Contains(violations, "not #microsoft.graph.sitePage");
        StringAssert.Contains(violations, "not article");
        StringAssert.Contains(violations, "'<script'");
        StringAssert.Contains(violations, "Event attribute onclick");
        StringAssert.Contains(violations, "Attribute style");
        StringAssert.Contains(violations, "javascript: in href");
        StringAssert.Contains(violations, "not sent %2C-encoded");
    }

    /// <summary>A publisher on a fake clock (no Retry-After wait ends unless the test moves it), unless one is given.</summary>
    private static GraphDecisionPublisher Publisher(GraphStandIn graph, SharePointOptions? options = null, TimeSpan? timeout = null, TimeProvider? clock = null)
    {
        var http = GraphClientFactory.Create(finalHandler: new HttpClientHandler());
        http.Timeout = timeout ?? TimeSpan.FromSeconds(30);
        var client = new GraphServiceClient(http, new AnonymousAuthenticationProvider(), graph.BaseUrl.AbsoluteUri.TrimEnd('/'));
        return new GraphDecisionPublisher(client, Options.Create(options ?? new SharePointOptions { SiteId = GraphStandIn.SiteId }), clock ?? new WaitingClock(Now), NullLogger<GraphDecisionPublisher>.Instance);
    }

    private static DecisionLogEntry Entry(DecisionRecord d) =>
        new(d.Number, new RfcId(d.Team, d.Rfc), d.Title, d.Status, d.DecidedAt, d.Decider, d.Supersedes, d.SupersededBy);

    /// <summary>An identity that gets no token, as a missing managed identity does.</summary>
    private sealed class NoToken : IAuthenticationProvider
    {
        public Task AuthenticateRequestAsync(RequestInformation request, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            throw new CredentialUnavailableException("ManagedIdentityCredential authentication unavailable. No response received from the managed identity endpoint.");
    }
}
