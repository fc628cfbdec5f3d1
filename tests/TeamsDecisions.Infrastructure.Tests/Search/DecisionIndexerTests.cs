using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Core.Search;
using TeamsDecisions.Infrastructure.Search;
using TeamsDecisions.Infrastructure.Storage;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Infrastructure.Tests.Search;

[TestClass]
public sealed class DecisionIndexerTests
{
    private const string Tenant = "tenant-a";
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(2);

    [TestMethod]
    public async Task RebuildAsync_DecisionsAndOpenRfcsInTheStore_AreFoundInTheirTenantOnly()
    {
        // Arrange
        var (harness, team, service) = await TeamAsync();
        var decided = await service.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("Adopt Kafka for order events"), asDraft: false, CancellationToken.None);
        await service.ResolveAsync(new CommandContext(Sample.Bob), decided.Rfc.Id, Sample.Accept("Agreed in review"), CancellationToken.None);
        await service.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("Retire the legacy scheduler"), asDraft: false, CancellationToken.None);
        // The index reads "awaiting decision" off the clock: the store's clock, when the RFC was proposed.
        using var index = new DecisionIndex(new FakeTimeProvider(Start));
        var indexer = Indexer(harness, index);

        // Act
        var count = await indexer.RebuildAsync(CancellationToken.None);

        // Assert
        Assert.AreEqual(2, count);
        var kafka = await index.SearchAsync("kafka replay", new SearchScope(Tenant, [team]), 10, CancellationToken.None);
        Assert.AreEqual(new DecisionNumber(1), kafka[0].Decision);
        Assert.Contains("replay", kafka[0].BestLine!.Text);
        Assert.AreEqual(RfcState.Open, (await index.SearchAsync("legacy scheduler", new SearchScope(Tenant, [team]), 10, CancellationToken.None)).Single().Status);
        Assert.IsEmpty(await index.SearchAsync("kafka", new SearchScope("tenant-b", [team]), 10, CancellationToken.None));
    }

    [TestMethod]
    public async Task Running_DecisionResolvedThroughThisStore_IsFoundWithinTwoSeconds()
    {
        // Arrange
        var (harness, team, service) = await TeamAsync();
        var rfc = await service.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("Adopt Kafka for order events"), asDraft: false, CancellationToken.None);
        using var index = new DecisionIndex(TimeProvider.System);
        var indexer = Indexer(harness, index);
        await indexer.StartAsync(CancellationToken.None);
        await WaitForAsync(index, "kafka", team, hits => hits.Count == 1, TimeSpan.FromSeconds(10));

        // Act
        await service.ResolveAsync(new CommandContext(Sample.Bob), rfc.Rfc.Id, Sample.Accept("Agreed in review"), CancellationToken.None);
        var took = await WaitForAsync(index, "kafka", team, hits => hits.SingleOrDefault()?.Decision == new DecisionNumber(1), Fresh);

        // Assert
        await indexer.StopAsync(CancellationToken.None);
        Assert.IsLessThan(Fresh, took);
    }

    [TestMethod]
    public async Task Running_DecisionSupersededThroughThisStore_OldOneCarriesSupersededByWithinTwoSeconds()
    {
        // Arrange
        var (harness, team, service) = await TeamAsync();
        var first = await service.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("Adopt Kafka for order events"), asDraft: false, CancellationToken.None);
        await service.ResolveAsync(new CommandContext(Sample.Bob), first.Rfc.Id, Sample.Accept("Agreed in review"), CancellationToken.None);
        var second = await service.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("Move order events to Event Hubs"), asDraft: false, CancellationToken.None);
        using var index = new DecisionIndex(TimeProvider.System);
        var indexer = Indexer(harness, index);
        await indexer.StartAsync(CancellationToken.None);
        await WaitForAsync(index, "order events", team, hits => hits.Count == 2, TimeSpan.FromSeconds(10));

        // Act
        await service.ResolveAsync(new CommandContext(Sample.Bob), second.Rfc.Id, Sample.Accept("Agreed in review", supersedes: new DecisionNumber(1)), CancellationToken.None);
        var took = await WaitForAsync(index, "kafka", team, hits => hits.Any(h => h.SupersededBy == new DecisionNumber(2)), Fresh);

        // Assert
        await indexer.StopAsync(CancellationToken.None);
        Assert.IsLessThan(Fresh, took);
        var hits = await index.SearchAsync("kafka", new SearchScope(Tenant, [team]), 10, CancellationToken.None);
        Assert.AreEqual(new DecisionNumber(2), hits[0].Decision, "the replacement ranks above the decision it superseded");
    }

    [TestMethod]
    public async Task CatchUpAsync_DecisionResolvedThroughAnotherInstance_IsFoundAfterOneRound()
    {
        // Arrange
        var (harness, team, _) = await TeamAsync();
        var other = harness.AnotherInstance();
        var otherService = other.Service(new FakeTimeProvider(Start));
        using var index = new DecisionIndex(TimeProvider.System);
        var indexer = Indexer(harness, index);
        await indexer.RebuildAsync(CancellationToken.None);
        var rfc = await otherService.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("Adopt Kafka for order events"), asDraft: false, CancellationToken.None);
        await otherService.ResolveAsync(new CommandContext(Sample.Bob), rfc.Rfc.Id, Sample.Accept("Agreed in review"), CancellationToken.None);
        var before = await index.SearchAsync("kafka", new SearchScope(Tenant, [team]), 10, CancellationToken.None);

        // Act
        var reindexed = await indexer.CatchUpAsync(CancellationToken.None);

        // Assert
        Assert.IsEmpty(before, "the other instance's change reaches this index only through the change log");
        Assert.AreEqual(1, reindexed);
        var hit = (await index.SearchAsync("kafka", new SearchScope(Tenant, [team]), 10, CancellationToken.None)).Single();
        Assert.AreEqual(new DecisionNumber(1), hit.Decision);
        Assert.AreEqual(0, await indexer.CatchUpAsync(CancellationToken.None), "a round re-reads only what changed since it was indexed");
    }

    [TestMethod]
    public async Task ChangeSignal_VoteThenComment_OnlyTheCommentIsSignalled()
    {
        // Arrange: a vote changes nothing the index holds, and must not cost the indexer a read of the RFC.
        var (harness, team, service) = await TeamAsync();
        var rfc = await service.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal(), asDraft: false, CancellationToken.None);
        var signals = harness.Changes.Subscribe();

        // Act
        await service.CastVoteAsync(new CommandContext(Sample.Carol), rfc.Rfc.Id, VoteKind.Approve, null, CancellationToken.None);
        var afterVote = signals.TryRead(out _);
        await service.AddCommentAsync(new CommandContext(Sample.Dana), rfc.Rfc.Id, "What about replay?", CommentSource.Card, CancellationToken.None);

        // Assert
        Assert.IsFalse(afterVote);
        Assert.IsTrue(signals.TryRead(out var id));
        Assert.AreEqual(rfc.Rfc.Id, id);
    }

    private static async Task<(StoreHarness Harness, TeamId Team, Core.Application.RfcService Service)> TeamAsync()
    {
        var harness = await StoreHarness.CreateAsync();
        var team = Sample.NewTeam();
        await harness.Conversations.SaveTeamAsync(new TeamConversation(team, Tenant, "Search", new Uri("https://smba.example/"), team.Value), CancellationToken.None);
        return (harness, team, harness.Service(new FakeTimeProvider(Start)));
    }

    private static DecisionIndexer Indexer(StoreHarness harness, DecisionIndex index) => new(
        index,
        harness.Store,
        harness.Conversations,
        new RfcChangeLog(harness.Context, TimeProvider.System),
        harness.Changes,
        Options.Create(new SearchOptions()),
        TimeProvider.System,
        NullLogger<DecisionIndexer>.Instance);

    /// <summary>How long until the search for <paramref name="words"/> satisfies <paramref name="done"/>; fails past <paramref name="limit"/>.</summary>
    private static async Task<TimeSpan> WaitForAsync(DecisionIndex index, string words, TeamId team, Func<IReadOnlyList<SearchHit>, bool> done, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (!done(await index.SearchAsync(words, new SearchScope(Tenant, [team]), 10, CancellationToken.None)))
        {
            if (watch.Elapsed > limit)
            {
                Assert.Fail($"The index did not show the change within {limit}.");
            }

            await Task.Delay(20);
        }

        return watch.Elapsed;
    }
}
