using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using TeamsDecisions.App.Publishing;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Infrastructure.Publishing;
using TeamsDecisions.Testing;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// The publishing outbox end to end: the real app on Azurite, the real Graph SDK against the loopback Graph stand-in,
/// the outbox worker driven round by round on a fake clock. In every run each decision ends with exactly one
/// published page and its record intact.
/// </summary>
[TestClass]
public sealed class PublishingOutboxTests
{
    private const string KafkaPage = "dec-0001-adopt-kafka-for-order-events.aspx";
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task ResolveAsync_RfcResolved_OutboxEntryIsPendingRightAway()
    {
        // Arrange
        await using var graph = await GraphStandIn.StartAsync();
        var clock = new FakeTimeProvider(Start);
        await using var app = OutboxApp.Start(graph, NewPrefix(), clock);
        var team = Sample.NewTeam();

        // Act
        var resolved = await ResolveAsync(app, team, "Adopt Kafka for order events");

        // Assert: written with the decision, before any publisher ran.
        var entry = await app.Outbox.FindAsync(resolved.Id, CancellationToken.None);
        Assert.IsNotNull(entry, "The outbox entry must be committed with the decision.");
        Assert.AreEqual(PublicationStatus.Pending, entry.Status);
        Assert.AreEqual(resolved.Decision!.Number, entry.Decision);
        Assert.AreEqual(0, entry.Attempts);
        Assert.IsNull(entry.PageUrl);
        Assert.AreEqual(resolved.LastSequence, entry.RequestedAtSequence);
        var due = await app.Outbox.ListDueAsync(clock.GetUtcNow(), 20, CancellationToken.None);
        Assert.IsTrue(due.Any(p => p.Rfc == resolved.Id), "The entry is due at once.");
        Assert.IsEmpty(graph.Requests, "Nothing is published until the outbox worker runs.");
    }

    [TestMethod]
    public async Task RunOnceAsync_GraphAvailable_PublishedWithPageUrlAndExactlyOnePage()
    {
        // Arrange
        await using var graph = await GraphStandIn.StartAsync();
        var clock = new FakeTimeProvider(Start);
        await using var app = OutboxApp.Start(graph, NewPrefix(), clock);
        var resolved = await ResolveAsync(app, Sample.NewTeam(), "Adopt Kafka for order events");

        // Act
        var published = await app.Publisher.RunOnceAsync(CancellationToken.None);
        var again = await app.Publisher.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.AreEqual(1, published);
        Assert.AreEqual(0, again, "A published entry is not published again.");
        var entry = (await app.Outbox.FindAsync(resolved.Id, CancellationToken.None))!;
        Assert.AreEqual(PublicationStatus.Published, entry.Status);
        Assert.AreEqual(new Uri($"{GraphStandIn.WebUrl}/SitePages/{KafkaPage}"), entry.PageUrl);
        Assert.AreEqual(new Uri($"{GraphStandIn.WebUrl}/SitePages/decision-log.aspx"), entry.LogUrl);
        Assert.IsNull(entry.LastError);
        await AssertExactlyOnePublishedPageAsync(graph, app, resolved);
    }

    [TestMethod]
    public async Task RunOnceAsync_503ForAWhile_FailingWithReasonBackOffGrowsThenPublishedOnce()
    {
        // Arrange
        await using var graph = await GraphStandIn.StartAsync();
        var clock = new FakeTimeProvider(Start);
        await using var app = OutboxApp.Start(graph, NewPrefix(), clock);
        var resolved = await ResolveAsync(app, Sample.NewTeam(), "Adopt Kafka for order events");
        graph.Fail(GraphOperation.ListPages, new GraphFault(503, RetryAfterSeconds: 0), int.MaxValue);

        // Act 1: the first attempt fails.
        var first = await app.Publisher.RunOnceAsync(CancellationToken.None);

        // Assert 1
        Assert.AreEqual(0, first);
        var failing = (await app.Outbox.FindAsync(resolved.Id, CancellationToken.None))!;
        Assert.AreEqual(PublicationStatus.Failing, failing.Status);
        Assert.AreEqual(1, failing.Attempts);
        Assert.IsFalse(string.IsNullOrWhiteSpace(failing.LastError), "The entry says why it is failing.");
        var firstDelay = failing.NextAttemptAt - clock.GetUtcNow();
        Assert.IsGreaterThan(TimeSpan.Zero, firstDelay, "The next attempt is in the future.");

        // Act 2: not due yet — nothing is tried.
        var requestsBefore = graph.Requests.Count;
        clock.Advance(firstDelay / 2);
        var early = await app.Publisher.RunOnceAsync(CancellationToken.None);

        // Assert 2
        Assert.AreEqual(0, early);
        Assert.AreEqual(requestsBefore, graph.Requests.Count, "An entry that is not due is not attempted.");

        // Act 3: due again, still 503.
        clock.SetUtcNow(failing.NextAttemptAt);
        await app.Publisher.RunOnceAsync(CancellationToken.None);

        // Assert 3: the back-off grows.
        var second = (await app.Outbox.FindAsync(resolved.Id, CancellationToken.None))!;
        Assert.AreEqual(PublicationStatus.Failing, second.Status);
        Assert.AreEqual(2, second.Attempts);
        var secondDelay = second.NextAttemptAt - clock.GetUtcNow();
        Assert.IsGreaterThan(firstDelay, secondDelay, $"Back-off must grow: {firstDelay} then {secondDelay}.");

        // Act 4: SharePoint is back.
        graph.ClearFaults();
        clock.SetUtcNow(second.NextAttemptAt);
        var published = await app.Publisher.RunOnceAsync(CancellationToken.None);

        // Assert 4
        Assert.AreEqual(1, published);
        var done = (await app.Outbox.FindAsync(resolved.Id, CancellationToken.None))!;
        Assert.AreEqual(PublicationStatus.Published, done.Status);
        Assert.AreEqual(new Uri($"{GraphStandIn.WebUrl}/SitePages/{KafkaPage}"), done.PageUrl);
        Assert.IsNull(done.LastError);
        await AssertExactlyOnePublishedPageAsync(graph, app, resolved);
    }

    [TestMethod]
    public async Task RunOnceAsync_503WithRetryAfterOutlastingTheSdk_ReasonNamesTheStatusAndNextAttemptFollowsRetryAfter()
    {
        // Arrange: Graph says 503 with Retry-After: 1 on every try, longer than the 3 retries waited out in place.
        await using var graph = await GraphStandIn.StartAsync();
        var clock = new WaitingClock(Start);
        await using var app = OutboxApp.Start(graph, NewPrefix(), clock);
        var resolved = await ResolveAsync(app, Sample.NewTeam(), "Adopt Kafka for order events");
        graph.Fail(GraphOperation.ListPages, new GraphFault(503, RetryAfterSeconds: 1), int.MaxValue);

        // Act: the in-place retries wait on the app's clock, which the test moves.
        var round = app.Publisher.RunOnceAsync(CancellationToken.None);
        await clock.ElapseWaitsAsync(TimeSpan.FromSeconds(1), times: 3);
        await round;

        // Assert
        var failing = (await app.Outbox.FindAsync(resolved.Id, CancellationToken.None))!;
        Assert.AreEqual(PublicationStatus.Failing, failing.Status);
        StringAssert.Contains(failing.LastError, "503", $"The reason a person reads must say what SharePoint answered; it was: {failing.LastError}");
        Assert.AreEqual(clock.GetUtcNow() + TimeSpan.FromSeconds(1), failing.NextAttemptAt, "Graph's Retry-After sets the next attempt.");
    }

    [TestMethod]
    public async Task RunOnceAsync_AppRestartedAfterACrashBetweenCreateAndPublish_NewInstanceFinishesWithOnePage()
    {
        // Arrange: the first instance creates the page, then the publish call fails and the app stops.
        await using var graph = await GraphStandIn.StartAsync();
        var clock = new FakeTimeProvider(Start);
        var prefix = NewPrefix();
        var team = Sample.NewTeam();
        Rfc resolved;
        graph.Fail(GraphOperation.PublishPage, new GraphFault(500));
        await using (var before = OutboxApp.Start(graph, prefix, clock))
        {
            resolved = await ResolveAsync(before, team, "Adopt Kafka for order events");
            Assert.AreEqual(0, await before.Publisher.RunOnceAsync(CancellationToken.None));
            Assert.AreEqual(PublicationStatus.Failing, (await before.Outbox.FindAsync(resolved.Id, CancellationToken.None))!.Status);
        }

        Assert.IsFalse(graph.PagesNamed(KafkaPage).Single().IsPublished, "The crash left a created, unpublished page.");

        // Act: a new instance on the same tables, once the entry is due.
        await using var after = OutboxApp.Start(graph, prefix, clock);
        clock.Advance(TimeSpan.FromHours(1));
        var published = await after.Publisher.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.AreEqual(1, published);
        Assert.AreEqual(PublicationStatus.Published, (await after.Outbox.FindAsync(resolved.Id, CancellationToken.None))!.Status);
        Assert.AreEqual(1, graph.Requests.Count(r => r.Operation == GraphOperation.CreatePage && Creates(r, KafkaPage)), "The page is created once.");
        await AssertExactlyOnePublishedPageAsync(graph, after, resolved);
    }

    [TestMethod]
    public async Task RunOnceAsync_AppRestartedWhileGraphWasDown_NewInstanceFinishesWithOnePage()
    {
        // Arrange: the first instance fails on a 503 and stops; SharePoint recovers while it is down.
        await using var graph = await GraphStandIn.StartAsync();
        var clock = new FakeTimeProvider(Start);
        var prefix = NewPrefix();
        Rfc resolved;
        graph.Fail(GraphOperation.ListPages, new GraphFault(503, RetryAfterSeconds: 0), int.MaxValue);
        await using (var before = OutboxApp.Start(graph, prefix, clock))
        {
            resolved = await ResolveAsync(before, Sample.NewTeam(), "Adopt Kafka for order events");
            await before.Publisher.RunOnceAsync(CancellationToken.None);
        }

        graph.ClearFaults();

        // Act
        await using var after = OutboxApp.Start(graph, prefix, clock);
        var notYet = await after.Publisher.RunOnceAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(6));
        var published = await after.Publisher.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.AreEqual(0, notYet, "The restarted instance keeps the back-off stored before the restart.");
        Assert.AreEqual(1, published);
        await AssertExactlyOnePublishedPageAsync(graph, after, resolved);
    }

    [TestMethod]
    public async Task RunOnceAsync_TwoInstancesRacingForOneDecision_OnlyOnePublishesAndOnePageExists()
    {
        // Arrange
        await using var graph = await GraphStandIn.StartAsync();
        var clock = new FakeTimeProvider(Start);
        var prefix = NewPrefix();
        await using var first = OutboxApp.Start(graph, prefix, clock);
        await using var second = OutboxApp.Start(graph, prefix, clock);
        var resolved = await ResolveAsync(first, Sample.NewTeam(), "Adopt Kafka for order events");

        // Act
        var counts = await Task.WhenAll(
            Task.Run(() => first.Publisher.RunOnceAsync(CancellationToken.None)),
            Task.Run(() => second.Publisher.RunOnceAsync(CancellationToken.None)));

        // Assert
        Assert.AreEqual(1, counts.Sum(), $"Published by the instances: {counts[0]} and {counts[1]}.");
        Assert.AreEqual(1, graph.Requests.Count(r => r.Operation == GraphOperation.CreatePage && Creates(r, KafkaPage)));
        await AssertExactlyOnePublishedPageAsync(graph, second, resolved);
    }

    [TestMethod]
    public async Task RunOnceAsync_TwoInstancesRacingOverSeveralDecisions_EveryDecisionHasExactlyOnePage()
    {
        // Arrange
        await using var graph = await GraphStandIn.StartAsync();
        var clock = new FakeTimeProvider(Start);
        var prefix = NewPrefix();
        await using var first = OutboxApp.Start(graph, prefix, clock);
        await using var second = OutboxApp.Start(graph, prefix, clock);
        var team = Sample.NewTeam();
        var decisions = new List<Rfc>();
        foreach (var title in new[] { "Adopt Kafka for order events", "Retire the legacy billing API", "Move CI to GitHub Actions", "Use OpenTelemetry everywhere" })
        {
            decisions.Add(await ResolveAsync(first, team, title));
        }

        // Act: both instances work the outbox until it is empty.
        var total = 0;
        for (var round = 0; round < 5 && total < decisions.Count; round++)
        {
            var counts = await Task.WhenAll(
                Task.Run(() => first.Publisher.RunOnceAsync(CancellationToken.None)),
                Task.Run(() => second.Publisher.RunOnceAsync(CancellationToken.None)));
            total += counts.Sum();
            clock.Advance(TimeSpan.FromHours(7));
        }

        // Assert
        Assert.AreEqual(decisions.Count, total);
        foreach (var decision in decisions)
        {
            await AssertExactlyOnePublishedPageAsync(graph, first, decision);
            Assert.AreEqual(PublicationStatus.Published, (await first.Outbox.FindAsync(decision.Id, CancellationToken.None))!.Status);
        }
    }

    [TestMethod]
    public async Task RunOnceAsync_TwoInstancesPublishingDifferentDecisionsAtOnce_OneLogPage()
    {
        // Arrange: two decisions due; each instance claims one; both look the log page up before either creates it
        // (the stand-in answers the two log look-ups a little late, as a slow SharePoint would).
        await using var graph = await GraphStandIn.StartAsync();
        var clock = new FakeTimeProvider(Start);
        var prefix = NewPrefix();
        await using var first = OutboxApp.Start(graph, prefix, clock);
        await using var second = OutboxApp.Start(graph, prefix, clock);
        var team = Sample.NewTeam();
        var one = await ResolveAsync(first, team, "Adopt Kafka for order events");
        var two = await ResolveAsync(first, team, "Retire the legacy billing API");
        graph.Fail(GraphOperation.ListPages, new GraphFault(DelayAfterHandling: TimeSpan.FromSeconds(2)), times: 2, when: r => r.RawTarget.Contains("decision-log.aspx", StringComparison.Ordinal));

        // Act
        var total = 0;
        for (var round = 0; round < 5 && total < 2; round++)
        {
            var counts = await Task.WhenAll(
                Task.Run(() => first.Publisher.RunOnceAsync(CancellationToken.None)),
                Task.Run(() => second.Publisher.RunOnceAsync(CancellationToken.None)));
            total += counts.Sum();
            clock.Advance(TimeSpan.FromHours(7));
        }

        // Assert
        Assert.AreEqual(2, total);
        await AssertExactlyOnePublishedPageAsync(graph, first, one);
        await AssertExactlyOnePublishedPageAsync(graph, first, two);
        Assert.HasCount(1, graph.PagesNamed(DecisionPages.LogPageName), $"Two instances made {graph.PagesNamed(DecisionPages.LogPageName).Count} pages named {DecisionPages.LogPageName}.");
    }

    private static bool Creates(GraphRequest request, string pageName) =>
        request.Operation == GraphOperation.CreatePage && System.Text.Json.Nodes.JsonNode.Parse(request.Body!)?["name"]?.GetValue<string>() == pageName;

    private static string NewPrefix() => "pub" + Guid.NewGuid().ToString("N")[..10];

    private static async Task<Rfc> ResolveAsync(OutboxApp app, TeamId team, string title)
    {
        var service = app.Services.GetRequiredService<RfcService>();
        var proposed = await service.ProposeAsync(new CommandContext(Sample.Alice, $"propose-{Guid.NewGuid():N}"), team, Sample.Proposal(title), asDraft: false, CancellationToken.None);
        var resolved = await service.ResolveAsync(new CommandContext(Sample.Bob, $"resolve-{Guid.NewGuid():N}"), proposed.Rfc.Id, Sample.Accept("Agreed in the architecture review"), CancellationToken.None);
        Assert.IsNotNull(resolved.Rfc.Decision);
        return resolved.Rfc;
    }

    /// <summary>One page with the decision's name, published, and the decision record in Azurite as it was resolved.</summary>
    private static async Task AssertExactlyOnePublishedPageAsync(GraphStandIn graph, OutboxApp app, Rfc resolved)
    {
        var name = DecisionPages.PageName(resolved.Decision!);
        var pages = graph.PagesNamed(name);
        Assert.HasCount(1, pages, $"Exactly one page named {name}; pages: {string.Join(", ", graph.Pages.Select(p => p.Name))}");
        Assert.IsTrue(pages[0].IsPublished, $"{name} is published.");
        Assert.IsEmpty(graph.Violations, string.Join(Environment.NewLine, graph.Violations));
        var stored = await app.Services.GetRequiredService<IRfcStore>().FindAsync(resolved.Id, CancellationToken.None);
        Assert.IsNotNull(stored?.Decision, "The decision record is still in the store.");
        Assert.AreEqual(resolved.Decision!.Number, stored.Decision.Number);
        Assert.AreEqual(resolved.Decision.Title, stored.Decision.Title);
        Assert.AreEqual(resolved.Decision.Rationale, stored.Decision.Rationale);
        Assert.AreEqual(resolved.Decision.Outcome, stored.Decision.Outcome);
        Assert.AreEqual(RfcState.Accepted, stored.State);
        Assert.AreEqual(resolved.LastSequence, stored.LastSequence, "Publishing does not change the RFC.");
    }

    /// <summary>
    /// The real app on the given tables, with SharePoint configured and the app's own Graph client pointed at the
    /// stand-in (a Graph token goes to graph.microsoft.com only, none to loopback), the fake clock, and the outbox
    /// worker's own loop switched off so that the test drives each round.
    /// </summary>
    private sealed class OutboxApp : IAsyncDisposable
    {
        private readonly AppHost host;

        private OutboxApp(AppHost host, WebApplicationFactory<Program> factory)
        {
            this.host = host;
            Services = factory.Services;
            Publisher = Services.GetRequiredService<DecisionPublishingService>();
            Outbox = Services.GetRequiredService<IPublicationOutbox>();
        }

        public IServiceProvider Services { get; }

        public DecisionPublishingService Publisher { get; }

        public IPublicationOutbox Outbox { get; }

        public static OutboxApp Start(GraphStandIn graph, string tablePrefix, FakeTimeProvider clock)
        {
            var host = new AppHost(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = AzuriteAssembly.Azurite.ConnectionString,
                ["Storage:TablePrefix"] = tablePrefix,
                ["SharePoint:SiteId"] = GraphStandIn.SiteId,
                ["Graph:UseManagedIdentity"] = "true",
                ["Graph:BaseUrl"] = graph.BaseUrl.AbsoluteUri,
            });
            var factory = host.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(clock);
                for (var i = 0; i < services.Count; i++)
                {
                    if (services[i].ServiceType == typeof(IHostedService) && services[i].ImplementationFactory is { } create)
                    {
                        services[i] = ServiceDescriptor.Singleton<IHostedService>(sp => create(sp) is var hosted && hosted is DecisionPublishingService ? new Idle() : (IHostedService)hosted);
                    }
                }
            }));
            return new OutboxApp(host, factory);
        }

        public async ValueTask DisposeAsync() => await host.DisposeAsync();

        private sealed class Idle : IHostedService
        {
            public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }
    }
}
