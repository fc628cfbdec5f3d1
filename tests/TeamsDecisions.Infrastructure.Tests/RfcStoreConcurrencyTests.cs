using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Infrastructure.Tests;

[TestClass]
public sealed class RfcStoreConcurrencyTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task CastVoteAsync_200ConcurrentVotersAcrossFourInstances_AllCountedExactly()
    {
        // Arrange: four app instances on the same tables, 50 voters each, all at once.
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync(maxConflictRetries: 200);
        var instances = new[] { harness, harness.AnotherInstance(), harness.AnotherInstance(), harness.AnotherInstance() };
        var created = await harness.Service(clock).ProposeAsync(new CommandContext(Sample.Alice), Sample.NewTeam(), Sample.Proposal(), asDraft: false, CancellationToken.None);
        var voters = Enumerable.Range(0, 200).Select(Sample.Person).ToArray();
        var kinds = new[] { VoteKind.Approve, VoteKind.ApproveWithConcerns, VoteKind.Object, VoteKind.Abstain };

        // Act
        await Task.WhenAll(voters.Select((voter, i) => Task.Run(() =>
            instances[i % 4].Service(clock).CastVoteAsync(new CommandContext(voter, $"activity-{i}"), created.Rfc.Id, kinds[i % 4], "Because", CancellationToken.None))));

        // Assert
        var rfc = (await harness.Store.FindAsync(created.Rfc.Id, CancellationToken.None))!;
        Assert.AreEqual(200, rfc.Ballots.Count);
        Assert.AreEqual(new VoteTally(50, 50, 50, 50), rfc.Tally);
        CollectionAssert.AreEquivalent(voters.Select(v => v.Id.ToUpperInvariant()).ToArray(), rfc.Ballots.Select(b => b.Voter.Id.ToUpperInvariant()).ToArray());
        var events = await harness.Store.ReadEventsAsync(created.Rfc.Id, CancellationToken.None);
        Assert.AreEqual(202, events.Count);
        CollectionAssert.AreEqual(Enumerable.Range(1, 202).Select(i => (long)i).ToArray(), events.Select(e => e.Sequence).ToArray());
        Assert.IsGreaterThan(0L, instances.Sum(i => i.Store.ConflictRetries), "The instances should have raced on the RFC row's ETag.");
    }

    [TestMethod]
    public async Task CastVoteAsync_RacingTheDecidersEarlyResolution_IsCountedBeforeTheCloseOrRefused()
    {
        // Arrange: 12 RFCs; on each, a vote from one instance races the decider's resolution from another.
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync(maxConflictRetries: 100);
        var other = harness.AnotherInstance();
        var team = Sample.NewTeam();
        var rfcs = new List<RfcId>();
        for (var i = 0; i < 12; i++)
        {
            rfcs.Add((await harness.Service(clock).ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal($"RFC {i}"), asDraft: false, CancellationToken.None)).Rfc.Id);
        }

        // Act
        var outcomes = await Task.WhenAll(rfcs.Select(async id =>
        {
            var vote = Task.Run(() => other.Service(clock).CastVoteAsync(new CommandContext(Sample.Carol), id, VoteKind.Object, "Not yet", CancellationToken.None));
            var resolve = Task.Run(() => harness.Service(clock).ResolveAsync(new CommandContext(Sample.Bob), id, Sample.Accept("Urgent: the outage is ongoing"), CancellationToken.None));
            await resolve;
            try
            {
                await vote;
                return (Id: id, Voted: true, Refusal: (string?)null);
            }
            catch (DomainRuleException refused)
            {
                return (Id: id, Voted: false, Refusal: refused.Rule);
            }
        }));

        // Assert
        foreach (var (id, voted, refusal) in outcomes)
        {
            var rfc = (await harness.Store.FindAsync(id, CancellationToken.None))!;
            Assert.AreEqual(RfcState.Accepted, rfc.State);
            if (voted)
            {
                Assert.IsTrue(rfc.Decision!.Votes.Any(v => v.Voter.Is(Sample.Carol) && v.Kind == VoteKind.Object), $"{id}: the vote was accepted, so the decision record must count it.");
            }
            else
            {
                Assert.AreEqual("Vote.OnlyWhileOpen", refusal);
                Assert.IsNull(rfc.BallotOf(Sample.Carol));
            }
        }

        var decisions = await harness.Store.ListDecisionsAsync(team, CancellationToken.None);
        CollectionAssert.AreEquivalent(Enumerable.Range(1, 12).ToArray(), decisions.Select(d => d.Number.Value).ToArray());
    }

    [TestMethod]
    public async Task ProposeAsync_20ConcurrentProposalsInOneTeam_GetNumbersOneTo20WithoutGaps()
    {
        // Arrange
        var harness = await StoreHarness.CreateAsync(maxConflictRetries: 200);
        var team = Sample.NewTeam();
        var clock = new FakeTimeProvider(Start);

        // Act
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            (i % 2 == 0 ? harness : harness.AnotherInstance()).Service(clock).ProposeAsync(new CommandContext(Sample.Alice, $"create-{i}"), team, Sample.Proposal($"Proposal {i}"), asDraft: false, CancellationToken.None))));

        // Assert
        CollectionAssert.AreEquivalent(Enumerable.Range(1, 20).ToArray(), results.Select(r => r.Rfc.Number.Value).ToArray());
        Assert.AreEqual(20, (await harness.Store.ListAsync(team, null, CancellationToken.None)).Count);
    }

    [TestMethod]
    public async Task ExecuteAsync_ConflictsBeyondTheRetryBound_RefusesAsBusyAndSavesNothing()
    {
        // Arrange: a command that changes the RFC row behind the store's back every time it runs always loses the race.
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync(maxConflictRetries: 3);
        var created = await harness.Service(clock).ProposeAsync(new CommandContext(Sample.Alice), Sample.NewTeam(), Sample.Proposal(), asDraft: false, CancellationToken.None);
        var id = created.Rfc.Id;
        var runs = 0;

        // Act
        await Assert.ThrowsExactlyAsync<StoreBusyException>(() => harness.Store.ExecuteAsync(id, new CommandContext(Sample.Carol), rfc =>
        {
            runs++;
            var row = harness.Context.Rfcs.GetEntity<TableEntity>(Infrastructure.Storage.TableKeys.RfcPartition(id), "rfc").Value;
            harness.Context.Rfcs.UpdateEntity(row, row.ETag, TableUpdateMode.Replace);
            return rfc.CastVote(Sample.Carol, VoteKind.Approve, null, clock.GetUtcNow());
        }, CancellationToken.None));

        // Assert
        Assert.AreEqual(3, runs);
        var rfc = (await harness.Store.FindAsync(id, CancellationToken.None))!;
        Assert.IsNull(rfc.BallotOf(Sample.Carol));
        Assert.AreEqual(2, (await harness.Store.ReadEventsAsync(id, CancellationToken.None)).Count);
    }
}
