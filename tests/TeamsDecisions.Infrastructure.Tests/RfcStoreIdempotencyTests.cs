using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Infrastructure.Storage;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Infrastructure.Tests;

[TestClass]
public sealed class RfcStoreIdempotencyTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task CastVoteAsync_SameActivityReplayed_AppliedOnce()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync();
        var service = harness.Service(clock);
        var created = await service.ProposeAsync(new CommandContext(Sample.Alice), Sample.NewTeam(), Sample.Proposal(), asDraft: false, CancellationToken.None);
        var context = new CommandContext(Sample.Carol, "f:1234567890");

        // Act
        var first = await service.CastVoteAsync(context, created.Rfc.Id, VoteKind.Approve, null, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(1));
        var replay = await service.CastVoteAsync(context, created.Rfc.Id, VoteKind.Approve, null, CancellationToken.None);

        // Assert
        Assert.IsFalse(first.AlreadyApplied);
        Assert.IsTrue(replay.AlreadyApplied);
        Assert.IsEmpty(replay.Events);
        Assert.HasCount(1, replay.Rfc.BallotOf(Sample.Carol)!.History);
        Assert.AreEqual(3, (await harness.Store.ReadEventsAsync(created.Rfc.Id, CancellationToken.None)).Count);
    }

    [TestMethod]
    public async Task AddCommentAsync_SameActivityReplayedConcurrentlyFromTwoInstances_AppliedOnce()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync();
        var created = await harness.Service(clock).ProposeAsync(new CommandContext(Sample.Alice), Sample.NewTeam(), Sample.Proposal(), asDraft: false, CancellationToken.None);
        var context = new CommandContext(Sample.Carol, "f:replayed");

        // Act
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            (i % 2 == 0 ? harness : harness.AnotherInstance()).Service(clock).AddCommentAsync(context, created.Rfc.Id, "Looks good", CommentSource.Card, CancellationToken.None))));

        // Assert
        Assert.AreEqual(1, results.Count(r => !r.AlreadyApplied));
        var rfc = (await harness.Store.FindAsync(created.Rfc.Id, CancellationToken.None))!;
        Assert.HasCount(1, rfc.Comments);
    }

    [TestMethod]
    public async Task CastVoteAsync_SameActivityIdFromAnotherUser_IsADifferentAction()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync();
        var service = harness.Service(clock);
        var created = await service.ProposeAsync(new CommandContext(Sample.Alice), Sample.NewTeam(), Sample.Proposal(), asDraft: false, CancellationToken.None);

        // Act
        await service.CastVoteAsync(new CommandContext(Sample.Carol, "same-id"), created.Rfc.Id, VoteKind.Approve, null, CancellationToken.None);
        var dana = await service.CastVoteAsync(new CommandContext(Sample.Dana, "same-id"), created.Rfc.Id, VoteKind.Abstain, null, CancellationToken.None);

        // Assert
        Assert.IsFalse(dana.AlreadyApplied);
        Assert.AreEqual(2, dana.Rfc.Ballots.Count);
    }

    [TestMethod]
    public async Task ProposeAsync_SameActivityReplayed_CreatesOneRfcAndKeepsTheNumber()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync();
        var service = harness.Service(clock);
        var team = Sample.NewTeam();
        var context = new CommandContext(Sample.Alice, "f:submit-form");

        // Act
        var first = await service.ProposeAsync(context, team, Sample.Proposal(), asDraft: false, CancellationToken.None);
        var replay = await service.ProposeAsync(context, team, Sample.Proposal(), asDraft: false, CancellationToken.None);
        var next = await service.ProposeAsync(new CommandContext(Sample.Alice, "f:another"), team, Sample.Proposal("Another"), asDraft: false, CancellationToken.None);

        // Assert
        Assert.IsTrue(replay.AlreadyApplied);
        Assert.AreEqual(first.Rfc.Number, replay.Rfc.Number);
        Assert.AreEqual(2, next.Rfc.Number.Value);
        Assert.AreEqual(2, (await harness.Store.ListAsync(team, null, CancellationToken.None)).Count);
    }

    [TestMethod]
    public async Task ProposeAsync_ReplayAfterACrashBetweenNumberAndRfc_WritesTheRfcUnderTheSameNumber()
    {
        // Arrange: the number was taken (counter + claim row) but the process died before writing the RFC.
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync();
        var team = Sample.NewTeam();
        var context = new CommandContext(Sample.Alice, "f:crashed");
        var teamKey = TableKeys.TeamPartition(team);
        await TableRfcStore.TakeNumberAsync(harness.Context.TeamIndex, teamKey, null, 1, TableKeys.Create(Sample.Alice.Id, "f:crashed"), CancellationToken.None);

        // Act
        var replay = await harness.Service(clock).ProposeAsync(context, team, Sample.Proposal(), asDraft: false, CancellationToken.None);
        var next = await harness.Service(clock).ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("Next"), asDraft: false, CancellationToken.None);

        // Assert
        Assert.AreEqual(1, replay.Rfc.Number.Value);
        Assert.AreEqual(RfcState.Open, replay.Rfc.State);
        Assert.AreEqual(2, next.Rfc.Number.Value);
    }

    [TestMethod]
    public async Task ResolveAsync_SameActivityReplayed_OneDecisionNumberUsed()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync();
        var service = harness.Service(clock);
        var team = Sample.NewTeam();
        var created = await service.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal(), asDraft: false, CancellationToken.None);
        var context = new CommandContext(Sample.Bob, "f:resolve");

        // Act
        var first = await service.ResolveAsync(context, created.Rfc.Id, Sample.Accept("Decided in the incident review"), CancellationToken.None);
        var replay = await service.ResolveAsync(context, created.Rfc.Id, Sample.Accept("Decided in the incident review"), CancellationToken.None);
        var second = await service.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("Second"), asDraft: false, CancellationToken.None);
        var secondDecision = await service.ResolveAsync(new CommandContext(Sample.Bob), second.Rfc.Id, Sample.Accept("Same reasons apply here too"), CancellationToken.None);

        // Assert
        Assert.IsTrue(replay.AlreadyApplied);
        Assert.AreEqual(first.Rfc.Decision!.Number, replay.Rfc.Decision!.Number);
        Assert.AreEqual(2, secondDecision.Rfc.Decision!.Number.Value);
    }
}

[TestClass]
public sealed class RfcStoreTransactionTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task AddCommentAsync_TransactionFailsPartWay_LeavesNothingHalfWritten()
    {
        // Arrange: a stray row where this command's events go makes the transaction fail (409) after the comment
        // row and the RFC row were already part of it.
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync();
        var service = harness.Service(clock);
        var created = await service.ProposeAsync(new CommandContext(Sample.Alice), Sample.NewTeam(), Sample.Proposal(), asDraft: false, CancellationToken.None);
        var id = created.Rfc.Id;
        var pk = TableKeys.RfcPartition(id);
        await harness.Context.Rfcs.AddEntityAsync(new TableEntity(pk, TableKeys.Event(3)) { ["Stray"] = true });
        var rowBefore = (await harness.Context.Rfcs.GetEntityAsync<TableEntity>(pk, TableKeys.RfcRow)).Value;

        // Act
        await Assert.ThrowsExactlyAsync<StoreWriteFailedException>(() =>
            service.AddCommentAsync(new CommandContext(Sample.Carol, "f:comment"), id, "This will not be saved", CommentSource.Card, CancellationToken.None));

        // Assert: the RFC row, the audit trail and the idempotency record are as they were.
        var rowAfter = (await harness.Context.Rfcs.GetEntityAsync<TableEntity>(pk, TableKeys.RfcRow)).Value;
        Assert.AreEqual(rowBefore.ETag, rowAfter.ETag);
        Assert.IsFalse((await harness.Context.Rfcs.GetEntityIfExistsAsync<TableEntity>(pk, TableKeys.Comment(1))).HasValue);
        var op = await harness.Context.Rfcs.GetEntityIfExistsAsync<TableEntity>(pk, TableKeys.Op(Sample.Carol.Id, "f:comment"));
        Assert.IsFalse(op.HasValue);
        var rfc = (await harness.Store.FindAsync(id, CancellationToken.None))!;
        Assert.IsEmpty(rfc.Comments);
        Assert.AreEqual(2, rfc.LastSequence);
    }

    [TestMethod]
    public async Task ResolveAsync_RefusedByTheDomain_SavesNothingAndUsesNoDecisionNumber()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync();
        var service = harness.Service(clock);
        var team = Sample.NewTeam();
        var created = await service.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal(), asDraft: false, CancellationToken.None);
        var tooShort = Sample.Accept("Now") with { Rationale = "Because." };

        // Act
        var refusal = await Assert.ThrowsExactlyAsync<DomainRuleException>(() => service.ResolveAsync(new CommandContext(Sample.Bob), created.Rfc.Id, tooShort, CancellationToken.None));
        var accepted = await service.ResolveAsync(new CommandContext(Sample.Bob), created.Rfc.Id, Sample.Accept("Now"), CancellationToken.None);

        // Assert
        Assert.AreEqual("rationale", refusal.Field);
        Assert.AreEqual(1, accepted.Rfc.Decision!.Number.Value);
        Assert.AreEqual(RfcState.Accepted, accepted.Rfc.State);
    }

    [TestMethod]
    public async Task CastVoteAsync_UnknownRfc_IsNotFound()
    {
        var harness = await StoreHarness.CreateAsync();
        await Assert.ThrowsExactlyAsync<NotFoundException>(() =>
            harness.Service(new FakeTimeProvider(Start)).CastVoteAsync(new CommandContext(Sample.Carol), new RfcId(Sample.NewTeam(), new RfcNumber(42)), VoteKind.Approve, null, CancellationToken.None));
    }
}
