using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Infrastructure.Storage;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Infrastructure.Tests;

/// <summary>The group-commit write path: answers are only given on the RFC as it is in the store.</summary>
[TestClass]
public sealed class RfcWriteLanesTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task ResolveConcernAsync_ConcernRaisedOnAnotherInstanceAfterThisOneCachedTheRfc_AppliedNotRefused()
    {
        // Arrange: instance A holds the RFC in memory (after a vote); instance B then raises concern #1.
        var clock = new FakeTimeProvider(Start);
        var a = await StoreHarness.CreateAsync();
        var b = a.AnotherInstance();
        var created = await a.Service(clock).ProposeAsync(new CommandContext(Sample.Alice), Sample.NewTeam(), Sample.Proposal(), asDraft: false, CancellationToken.None);
        var id = created.Rfc.Id;
        await a.Service(clock).CastVoteAsync(new CommandContext(Sample.Carol, "vote-carol"), id, VoteKind.Approve, null, CancellationToken.None);
        await b.Service(clock).RaiseConcernAsync(new CommandContext(Sample.Dana, "concern-dana"), id, "Retention too short", null, CancellationToken.None);

        // Act: A's copy has no concern #1, but the store does.
        var resolved = await a.Service(clock).ResolveConcernAsync(new CommandContext(Sample.Dana, "resolve-dana"), id, 1, "14 days agreed", CancellationToken.None);

        // Assert
        Assert.IsFalse(resolved.Rfc.Concerns.Single().IsOpen);
        Assert.IsFalse((await b.Store.FindAsync(id, CancellationToken.None))!.Concerns.Single().IsOpen);
    }

    [TestMethod]
    public async Task WithdrawAsync_SameActivityDeliveredAgain_AnsweredAsAppliedNotRefused()
    {
        // Arrange: Teams delivers the author's withdraw twice (a retry after a slow answer).
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync();
        var service = harness.Service(clock);
        var created = await service.ProposeAsync(new CommandContext(Sample.Alice), Sample.NewTeam(), Sample.Proposal(), asDraft: false, CancellationToken.None);
        var first = await service.WithdrawAsync(new CommandContext(Sample.Alice, "withdraw-1"), created.Rfc.Id, "No longer needed", CancellationToken.None);

        // Act: a second withdrawal would be refused ("already withdrawn"), but this one is the same activity.
        var again = await service.WithdrawAsync(new CommandContext(Sample.Alice, "withdraw-1"), created.Rfc.Id, "No longer needed", CancellationToken.None);

        // Assert
        Assert.IsFalse(first.AlreadyApplied);
        Assert.IsTrue(again.AlreadyApplied);
        Assert.AreEqual(RfcState.Withdrawn, again.Rfc.State);
        Assert.HasCount((int)first.Rfc.LastSequence, await harness.Store.ReadEventsAsync(created.Rfc.Id, CancellationToken.None));
    }

    [TestMethod]
    public async Task WithdrawAsync_DifferentActivityAfterWithdrawal_StillRefused()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync();
        var service = harness.Service(clock);
        var created = await service.ProposeAsync(new CommandContext(Sample.Alice), Sample.NewTeam(), Sample.Proposal(), asDraft: false, CancellationToken.None);
        await service.WithdrawAsync(new CommandContext(Sample.Alice, "withdraw-1"), created.Rfc.Id, "No longer needed", CancellationToken.None);

        // Act & Assert: a new click is a new request, refused as the rule says.
        await Assert.ThrowsExactlyAsync<DomainRuleException>(() => service.WithdrawAsync(new CommandContext(Sample.Alice, "withdraw-2"), created.Rfc.Id, "Again", CancellationToken.None));
    }

    [TestMethod]
    public async Task CastVoteAsync_VoteChangedOnAnotherInstance_RefusalOnlyFromTheStoredState()
    {
        // Arrange: A caches the RFC while it is open; B closes the window early; A is asked for a vote.
        var clock = new FakeTimeProvider(Start);
        var a = await StoreHarness.CreateAsync();
        var b = a.AnotherInstance();
        var created = await a.Service(clock).ProposeAsync(new CommandContext(Sample.Alice), Sample.NewTeam(), Sample.Proposal(), asDraft: false, CancellationToken.None);
        var id = created.Rfc.Id;
        await a.Service(clock).CastVoteAsync(new CommandContext(Sample.Carol, "vote-carol"), id, VoteKind.Approve, null, CancellationToken.None);
        await b.Service(clock).CloseEarlyAsync(new CommandContext(Sample.Bob, "close-bob"), id, "We have enough input", CancellationToken.None);

        // Act: on A's stale copy the vote would be taken; in the store the window is closed.
        var refusal = await Assert.ThrowsExactlyAsync<DomainRuleException>(() => a.Service(clock).CastVoteAsync(new CommandContext(Sample.Dana, "vote-dana"), id, VoteKind.Approve, null, CancellationToken.None));

        // Assert
        Assert.AreEqual(Rules.VoteOnlyWhileOpen, refusal.Rule);
        Assert.IsNull((await b.Store.FindAsync(id, CancellationToken.None))!.BallotOf(Sample.Dana));
    }
}
