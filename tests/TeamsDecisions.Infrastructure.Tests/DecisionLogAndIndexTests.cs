using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Infrastructure.Storage;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Infrastructure.Tests;

[TestClass]
public sealed class DecisionLogAndIndexTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task ResolveAsync_SupersedingAnAcceptedDecision_MarksItSupersededInRfcAndLog()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync();
        var service = harness.Service(clock);
        var team = Sample.NewTeam();
        var first = await service.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("Use Kafka"), asDraft: false, CancellationToken.None);
        await service.ResolveAsync(new CommandContext(Sample.Bob), first.Rfc.Id, Sample.Accept("Agreed in review"), CancellationToken.None);
        var second = await service.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("Move to Event Hubs"), asDraft: false, CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(200));

        // Act
        var result = await service.ResolveAsync(new CommandContext(Sample.Bob), second.Rfc.Id, Sample.Accept(supersedes: new DecisionNumber(1)), CancellationToken.None);

        // Assert
        Assert.AreEqual(new DecisionNumber(1), result.Rfc.Decision!.Supersedes);
        var old = (await harness.Store.FindAsync(first.Rfc.Id, CancellationToken.None))!;
        Assert.AreEqual(RfcState.Superseded, old.State);
        Assert.AreEqual(new DecisionNumber(2), old.Decision!.SupersededBy);
        var log = await harness.Store.ListDecisionsAsync(team, CancellationToken.None);
        CollectionAssert.AreEqual(new[] { "DEC-0002", "DEC-0001" }, log.Select(e => e.Number.ToString()).ToArray());
        Assert.AreEqual(RfcState.Superseded, log[1].Status);
        Assert.AreEqual(new DecisionNumber(2), log[1].SupersededBy);
        Assert.AreEqual(RfcState.Accepted, log[0].Status);
    }

    [TestMethod]
    public async Task ResolveAsync_SupersedingADecisionThatDoesNotExist_IsRefusedAndNothingSaved()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync();
        var service = harness.Service(clock);
        var team = Sample.NewTeam();
        var rfc = await service.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal(), asDraft: false, CancellationToken.None);

        // Act
        var refusal = await Assert.ThrowsExactlyAsync<DomainRuleException>(() =>
            service.ResolveAsync(new CommandContext(Sample.Bob), rfc.Rfc.Id, Sample.Accept("Now", supersedes: new DecisionNumber(9)), CancellationToken.None));

        // Assert
        Assert.AreEqual("supersedes", refusal.Field);
        Assert.AreEqual(RfcState.Open, (await harness.Store.FindAsync(rfc.Rfc.Id, CancellationToken.None))!.State);
        Assert.IsEmpty(await harness.Store.ListDecisionsAsync(team, CancellationToken.None));
    }

    [TestMethod]
    public async Task ListDecisionsAsync_ProcessStoppedBeforeTheLogEntryWasUpdated_RepairsTheEntry()
    {
        // Arrange: a committed decision whose log entry still says Reserved, as after a crash between the two writes.
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync();
        var service = harness.Service(clock);
        var team = Sample.NewTeam();
        var rfc = await service.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal(), asDraft: false, CancellationToken.None);
        await service.ResolveAsync(new CommandContext(Sample.Bob), rfc.Rfc.Id, Sample.Accept("Now"), CancellationToken.None);
        var pk = TableKeys.TeamPartition(team);
        await harness.Context.Decisions.UpsertEntityAsync(
            new TableEntity(pk, "DEC-0001") { ["Status"] = "Reserved", ["RfcNumber"] = 1, ["Team"] = team.Value },
            TableUpdateMode.Replace);

        // Act
        var log = await harness.Store.ListDecisionsAsync(team, CancellationToken.None);

        // Assert
        Assert.HasCount(1, log);
        Assert.AreEqual("Adopt Kafka for order events", log[0].Title);
        var row = (await harness.Context.Decisions.GetEntityAsync<TableEntity>(pk, "DEC-0001")).Value;
        Assert.AreEqual("Recorded", row.GetString("Status"));
    }

    [TestMethod]
    public async Task ListAsync_ByState_ReturnsTheTeamsRfcsNewestFirst()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync();
        var service = harness.Service(clock);
        var team = Sample.NewTeam();
        var draft = await service.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("Draft one"), asDraft: true, CancellationToken.None);
        await service.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("Open one"), asDraft: false, CancellationToken.None);
        await service.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("Open two"), asDraft: false, CancellationToken.None);
        await service.WithdrawAsync(new CommandContext(Sample.Alice), draft.Rfc.Id, "Superseded by a wider proposal", CancellationToken.None);

        // Act
        var open = await harness.Store.ListAsync(team, RfcState.Open, CancellationToken.None);
        var all = await harness.Store.ListAsync(team, null, CancellationToken.None);

        // Assert
        CollectionAssert.AreEqual(new[] { "Open two", "Open one" }, open.Select(r => r.Title).ToArray());
        CollectionAssert.AreEqual(new[] { RfcState.Open, RfcState.Open, RfcState.Withdrawn }, all.Select(r => r.State).ToArray());
    }

    [TestMethod]
    public async Task CloseDueWindowsAsync_WindowPassed_MovesToAwaitingDecisionAndLeavesTheDueList()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync();
        var service = harness.Service(clock);
        var team = Sample.NewTeam();
        var soon = await service.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("Two days", windowDays: 2), asDraft: false, CancellationToken.None);
        var later = await service.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("Ten days", windowDays: 10), asDraft: false, CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(3));

        // Act
        var dueBefore = await harness.Store.ListDueAsync(clock.GetUtcNow(), 100, CancellationToken.None);
        var closed = await service.CloseDueWindowsAsync(new UserRef("system", "TeamsDecisions"), "test", TimeSpan.FromMinutes(2), 100, CancellationToken.None);
        var dueAfter = await harness.Store.ListDueAsync(clock.GetUtcNow().AddDays(30), 100, CancellationToken.None);

        // Assert
        Assert.AreEqual(soon.Rfc.Id, dueBefore.Single(d => d.Id.Team == team).Id);
        Assert.AreEqual(soon.Rfc.Id, closed.Single().Rfc.Id);
        Assert.AreEqual(RfcState.AwaitingDecision, (await harness.Store.FindAsync(soon.Rfc.Id, CancellationToken.None))!.State);
        Assert.AreEqual(later.Rfc.Id, dueAfter.Single(d => d.Id.Team == team).Id);
        Assert.AreEqual(RfcState.AwaitingDecision, (await harness.Store.ListAsync(team, null, CancellationToken.None)).Single(r => r.Id == soon.Rfc.Id).State);
        var closedEvent = (await harness.Store.ReadEventsAsync(soon.Rfc.Id, CancellationToken.None)).OfType<CommentWindowClosed>().Single();
        Assert.IsNull(closedEvent.Actor, "The clock closed it: the audit trail says so, and reads back.");
    }

    [TestMethod]
    public async Task ExtendWindowAsync_OpenRfc_MovesItsDueTime()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync();
        var service = harness.Service(clock);
        var rfc = await service.ProposeAsync(new CommandContext(Sample.Alice), Sample.NewTeam(), Sample.Proposal(windowDays: 2), asDraft: false, CancellationToken.None);

        // Act
        await service.ExtendWindowAsync(new CommandContext(Sample.Bob), rfc.Rfc.Id, 5, "Waiting for the security review", CancellationToken.None);

        // Assert: Monday + 2 working days is Wednesday; 5 working days more is the next Wednesday.
        Assert.IsEmpty((await harness.Store.ListDueAsync(Start.AddDays(8), 10, CancellationToken.None)).Where(d => d.Id == rfc.Rfc.Id));
        Assert.AreEqual(Start.AddDays(9), (await harness.Store.ListDueAsync(Start.AddDays(10), 10, CancellationToken.None)).Single(d => d.Id == rfc.Rfc.Id).ClosesAt);
    }
}
