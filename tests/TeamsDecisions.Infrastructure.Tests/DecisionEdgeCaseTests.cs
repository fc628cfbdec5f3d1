using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Options;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Infrastructure.Storage;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Infrastructure.Tests;

/// <summary>Crash windows, races and size limits around decisions.</summary>
[TestClass]
public sealed class DecisionEdgeCaseTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task ResolveAsync_RfcWithdrawnBetweenCheckAndCommit_ReleasesTheNumberForTheNextDecision()
    {
        // Arrange: the author withdraws from another instance while the decider's resolution is in flight.
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync();
        var other = harness.AnotherInstance();
        var team = Sample.NewTeam();
        var first = await harness.Service(clock).ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("Withdrawn mid-flight"), asDraft: false, CancellationToken.None);
        var second = await harness.Service(clock).ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("Decided next"), asDraft: false, CancellationToken.None);
        var runs = 0;

        // Act
        var refusal = await Assert.ThrowsExactlyAsync<DomainRuleException>(() => harness.Store.ResolveAsync(first.Rfc.Id, new CommandContext(Sample.Bob), (rfc, number) =>
        {
            if (++runs == 2)
            {
                other.Service(clock).WithdrawAsync(new CommandContext(Sample.Alice), first.Rfc.Id, "Superseded by a broader RFC", CancellationToken.None).GetAwaiter().GetResult();
            }

            return rfc.Resolve(Sample.Bob, Sample.Accept("Deciding now"), number, clock.GetUtcNow());
        }, CancellationToken.None));
        var next = await harness.Service(clock).ResolveAsync(new CommandContext(Sample.Bob), second.Rfc.Id, Sample.Accept("Deciding now"), CancellationToken.None);

        // Assert
        Assert.AreEqual("Resolve.OnlyWhenOpenOrAwaiting", refusal.Rule);
        Assert.AreEqual(RfcState.Withdrawn, (await harness.Store.FindAsync(first.Rfc.Id, CancellationToken.None))!.State);
        Assert.AreEqual(1, next.Rfc.Decision!.Number.Value, "The released number goes to the next decision, so the log has no gap.");
        var log = await harness.Store.ListDecisionsAsync(team, CancellationToken.None);
        Assert.AreEqual(second.Rfc.Id, log.Single().Rfc);
    }

    [TestMethod]
    public async Task ListDecisionsAsync_NumberReservedForAnRfcThatWasThenWithdrawn_IsHandedToTheNextDecision()
    {
        // Arrange: a reservation left behind by a crash, for an RFC the author later withdrew.
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync();
        var service = harness.Service(clock);
        var team = Sample.NewTeam();
        var abandoned = await service.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("Abandoned"), asDraft: false, CancellationToken.None);
        var log = new DecisionLog(harness.Context, Options.Create(new StorageOptions { ConnectionString = "unused", MaxConflictRetries = 10 }));
        Assert.AreEqual(1, (await log.ReserveAsync(abandoned.Rfc.Id, CancellationToken.None)).Value);
        await service.WithdrawAsync(new CommandContext(Sample.Alice), abandoned.Rfc.Id, "No longer needed", CancellationToken.None);
        var next = await service.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("Next"), asDraft: false, CancellationToken.None);

        // Act
        Assert.IsEmpty(await harness.Store.ListDecisionsAsync(team, CancellationToken.None));
        var decided = await service.ResolveAsync(new CommandContext(Sample.Bob), next.Rfc.Id, Sample.Accept("Now"), CancellationToken.None);

        // Assert
        Assert.AreEqual(1, decided.Rfc.Decision!.Number.Value);
    }

    [TestMethod]
    public async Task ResolveAsync_TwoDecisionsSupersedeTheSameOneAtOnce_BothAreSavedAndNeitherUserSeesAnError()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync();
        var other = harness.AnotherInstance();
        var team = Sample.NewTeam();
        var old = await harness.Service(clock).ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("Old"), asDraft: false, CancellationToken.None);
        await harness.Service(clock).ResolveAsync(new CommandContext(Sample.Bob), old.Rfc.Id, Sample.Accept("First"), CancellationToken.None);
        var a = await harness.Service(clock).ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("Option A"), asDraft: false, CancellationToken.None);
        var b = await harness.Service(clock).ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("Option B"), asDraft: false, CancellationToken.None);

        // Act
        var results = await Task.WhenAll(
            Task.Run(() => harness.Service(clock).ResolveAsync(new CommandContext(Sample.Bob), a.Rfc.Id, Sample.Accept("Now", supersedes: new DecisionNumber(1)), CancellationToken.None)),
            Task.Run(() => other.Service(clock).ResolveAsync(new CommandContext(Sample.Bob), b.Rfc.Id, Sample.Accept("Now", supersedes: new DecisionNumber(1)), CancellationToken.None)));

        // Assert
        Assert.IsTrue(results.All(r => r.Rfc.State == RfcState.Accepted));
        var oldNow = (await harness.Store.FindAsync(old.Rfc.Id, CancellationToken.None))!;
        Assert.AreEqual(RfcState.Superseded, oldNow.State);
        CollectionAssert.Contains(results.Select(r => r.Rfc.Decision!.Number).ToArray(), oldNow.Decision!.SupersededBy!.Value);
    }

    [TestMethod]
    public async Task ResolveAsync_ReplayedAfterACrashBeforeTheSupersede_FinishesTheSupersede()
    {
        // Arrange: the resolution committed, then the process stopped before marking the old decision.
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync();
        var service = harness.Service(clock);
        var team = Sample.NewTeam();
        var old = await service.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("Old"), asDraft: false, CancellationToken.None);
        await service.ResolveAsync(new CommandContext(Sample.Bob), old.Rfc.Id, Sample.Accept("First"), CancellationToken.None);
        var replacement = await service.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("New"), asDraft: false, CancellationToken.None);
        var context = new CommandContext(Sample.Bob, "f:resolve-new");
        var request = Sample.Accept("Now", supersedes: new DecisionNumber(1));
        await harness.Store.ResolveAsync(replacement.Rfc.Id, context, (rfc, n) => rfc.Resolve(Sample.Bob, request, n, clock.GetUtcNow()), CancellationToken.None);

        // Act
        var replay = await service.ResolveAsync(context, replacement.Rfc.Id, request, CancellationToken.None);

        // Assert
        Assert.IsTrue(replay.AlreadyApplied);
        Assert.AreEqual(RfcState.Superseded, (await harness.Store.FindAsync(old.Rfc.Id, CancellationToken.None))!.State);
        var again = await service.ResolveAsync(context, replacement.Rfc.Id, request, CancellationToken.None);
        Assert.IsTrue(again.AlreadyApplied, "A second replay, after the supersede, is still answered as a replay.");
    }

    [TestMethod]
    public async Task ResolveAsync_1100LongNonLatinReasons_StoresTheRecordAcrossRowsAndReadsItBack()
    {
        // Arrange: 1,100 voters each give a 495-character reason in Chinese (the limit is 500): beyond one 1 MiB entity.
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync();
        var service = harness.Service(clock);
        var created = await service.ProposeAsync(new CommandContext(Sample.Alice), Sample.NewTeam(), Sample.Proposal(), asDraft: false, CancellationToken.None);
        var reason = string.Concat(Enumerable.Repeat("我们需要可重放的事件流", 45));
        await Parallel.ForEachAsync(Enumerable.Range(0, 1_100), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await service.CastVoteAsync(new CommandContext(Sample.Person(i)), created.Rfc.Id, VoteKind.Object, reason, ct));

        // Act
        await service.ResolveAsync(new CommandContext(Sample.Bob), created.Rfc.Id, Sample.Accept("All in") with { Outcome = DecisionOutcome.Rejected, ChosenOption = null, AlternativesNotChosen = [new("Kafka", "Too many objections."), new("Service Bus", "Not evaluated."), new("Status quo", "Loses events.")] }, CancellationToken.None);
        var loaded = await harness.AnotherInstance().Store.FindAsync(created.Rfc.Id, CancellationToken.None);

        // Assert
        Assert.AreEqual(1_100, loaded!.Decision!.Votes.Count);
        Assert.IsTrue(loaded.Decision.Votes.All(v => v.Reason == reason));
        var rows = new List<string>();
        await foreach (var row in harness.Context.Rfcs.QueryAsync<TableEntity>(TableKeys.PrefixFilter(TableKeys.RfcPartition(created.Rfc.Id), "decision")))
        {
            rows.Add(row.RowKey);
        }

        Assert.IsGreaterThan(1, rows.Count, "The record should span several rows.");
    }

    [TestMethod]
    public async Task CastVoteAsync_SixtyChanges_BallotKeepsTheLast50AndTheTrailKeepsAll()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync();
        var service = harness.Service(clock);
        var created = await service.ProposeAsync(new CommandContext(Sample.Alice), Sample.NewTeam(), Sample.Proposal(), asDraft: false, CancellationToken.None);

        // Act
        for (var i = 0; i < 60; i++)
        {
            await service.CastVoteAsync(new CommandContext(Sample.Carol), created.Rfc.Id, i % 2 == 0 ? VoteKind.Approve : VoteKind.Object, $"Change {i}", CancellationToken.None);
        }

        // Assert
        var ballot = (await harness.Store.FindAsync(created.Rfc.Id, CancellationToken.None))!.BallotOf(Sample.Carol)!;
        Assert.HasCount(RfcLimits.BallotHistoryMax, ballot.History);
        Assert.AreEqual("Change 59", ballot.Current.Reason);
        Assert.AreEqual("Change 10", ballot.History[0].Reason);
        var votes = (await harness.Store.ReadEventsAsync(created.Rfc.Id, CancellationToken.None)).OfType<VoteCast>().ToList();
        Assert.HasCount(60, votes);
    }

    [TestMethod]
    public async Task ProposeAsync_ReplayAfterTheIndexWriteWasLost_RepairsTheTeamIndex()
    {
        // Arrange: the RFC committed but its team index row never got written (process stopped in between).
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync();
        var team = Sample.NewTeam();
        var context = new CommandContext(Sample.Alice, "f:create");
        var created = await harness.Service(clock).ProposeAsync(context, team, Sample.Proposal(), asDraft: false, CancellationToken.None);
        await harness.Context.TeamIndex.DeleteEntityAsync(TableKeys.TeamPartition(team), TableKeys.RfcSummary(created.Rfc.Id));
        Assert.IsEmpty(await harness.Store.ListAsync(team, null, CancellationToken.None));

        // Act
        await harness.Service(clock).ProposeAsync(context, team, Sample.Proposal(), asDraft: false, CancellationToken.None);

        // Assert
        Assert.AreEqual(created.Rfc.Id, (await harness.Store.ListAsync(team, null, CancellationToken.None)).Single().Id);
    }
}
