using Microsoft.Extensions.Time.Testing;
using Moq;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Norms;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Core.Teams;

namespace TeamsDecisions.Core.Tests;

[TestClass]
public sealed class RfcServiceTests
{
    private readonly FakeTimeProvider clock = Given.Clock();
    private readonly Dictionary<RfcId, Rfc> rfcs = [];
    private readonly Mock<IRfcStore> store = new(MockBehavior.Strict);
    private readonly Mock<ITeamSettingsStore> settings = new(MockBehavior.Strict);
    private readonly CommandContext asAlice = new(Given.Alice, "activity-1");
    private readonly CommandContext asBob = new(Given.Bob, "activity-2");

    private int nextDecision = 1;

    // Every day a working day, so that these tests count windows in plain days; the working-day tests change it.
    private WeekDays workingDays = WeekDaysExtensions.All;

    public RfcServiceTests()
    {
        // The mock store applies each command to an in-memory RFC, the way the real store does after loading it.
        store.Setup(s => s.CreateAsync(It.IsAny<TeamId>(), It.IsAny<CommandContext>(), It.IsAny<Func<RfcNumber, (Rfc, IReadOnlyList<RfcEvent>)>>(), It.IsAny<CancellationToken>()))
            .Returns((TeamId team, CommandContext _, Func<RfcNumber, (Rfc Rfc, IReadOnlyList<RfcEvent> Events)> propose, CancellationToken _) =>
            {
                var (rfc, events) = propose(new RfcNumber(rfcs.Count + 1));
                rfcs[rfc.Id] = rfc;
                return Task.FromResult(new RfcCommandResult(rfc, events));
            });
        store.Setup(s => s.ExecuteAsync(It.IsAny<RfcId>(), It.IsAny<CommandContext>(), It.IsAny<RfcCommand>(), It.IsAny<CancellationToken>()))
            .Returns((RfcId id, CommandContext _, RfcCommand command, CancellationToken _) =>
            {
                var rfc = rfcs[id];
                return Task.FromResult(new RfcCommandResult(rfc, command(rfc)));
            });
        store.Setup(s => s.ResolveAsync(It.IsAny<RfcId>(), It.IsAny<CommandContext>(), It.IsAny<RfcResolution>(), It.IsAny<CancellationToken>()))
            .Returns((RfcId id, CommandContext _, RfcResolution resolve, CancellationToken _) =>
            {
                var rfc = rfcs[id];
                return Task.FromResult(new RfcCommandResult(rfc, resolve(rfc, new DecisionNumber(nextDecision++))));
            });
        store.Setup(s => s.FindDecisionAsync(It.IsAny<TeamId>(), It.IsAny<DecisionNumber>(), It.IsAny<CancellationToken>()))
            .Returns((TeamId team, DecisionNumber number, CancellationToken _) => Task.FromResult(
                rfcs.Values.Where(r => r.Team == team && r.Decision?.Number == number)
                    .Select(r => (DecisionLogEntry?)new DecisionLogEntry(number, r.Id, r.Title, r.Decision!.Status, r.Decision.DecidedAt, r.Decider, r.Decision.Supersedes, r.Decision.SupersededBy))
                    .SingleOrDefault()));
        store.Setup(s => s.FindAsync(It.IsAny<RfcId>(), It.IsAny<CancellationToken>()))
            .Returns((RfcId id, CancellationToken _) => Task.FromResult(rfcs.GetValueOrDefault(id)));
        settings.Setup(s => s.GetAsync(It.IsAny<TeamId>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((TeamId team, CancellationToken _) => TeamSettings.DefaultsFor(team) with { DefaultWindowDays = 9, WorkingDays = workingDays });
    }

    public TestContext TestContext { get; set; } = null!;

    private RfcService Service => new(store.Object, settings.Object, clock);

    private CancellationToken Token => TestContext.CancellationToken;

    private async Task<Rfc> ProposeOpenAsync() => (await Service.ProposeAsync(asAlice, Given.Team, Given.Proposal(), asDraft: false, Token)).Rfc;

    private async Task<Rfc> AcceptedAsync()
    {
        var rfc = await ProposeOpenAsync();
        clock.Advance(TimeSpan.FromDays(10));
        await Service.ResolveAsync(asBob, rfc.Id, Given.Accept(), Token);
        return rfc;
    }

    [TestMethod]
    public async Task ProposeAsync_MondayToFridayTeam_ClosesNineWorkingDaysLater()
    {
        // Arrange
        workingDays = WeekDaysExtensions.MondayToFriday;

        // Act
        var result = await Service.ProposeAsync(asAlice, Given.Team, Given.Proposal(windowDays: null), asDraft: false, Token);

        // Assert: Monday 3 March plus nine working days is Friday 14 March, same time.
        Assert.AreEqual(Given.Start.AddDays(11), result.Rfc.Window!.ClosesAt);
    }

    [TestMethod]
    public async Task ExtendWindowAsync_MondayToFridayTeam_AddsWorkingDaysToTheClose()
    {
        // Arrange
        workingDays = WeekDaysExtensions.MondayToFriday;
        var rfc = await ProposeOpenAsync();

        // Act
        var result = await Service.ExtendWindowAsync(asBob, rfc.Id, 2, "More time", Token);

        // Assert: from Friday 14 March, two working days is Tuesday 18 March.
        Assert.AreEqual(Given.Start.AddDays(15), result.Rfc.Window!.ClosesAt);
    }

    [TestMethod]
    public async Task OpenAsync_DraftInMondayToFridayTeam_ClosesInWorkingDays()
    {
        // Arrange
        workingDays = WeekDaysExtensions.MondayToFriday;
        var draft = (await Service.ProposeAsync(asAlice, Given.Team, Given.Proposal(windowDays: 5), asDraft: true, Token)).Rfc;

        // Act
        var result = await Service.OpenAsync(asAlice, draft.Id, Token);

        // Assert
        Assert.AreEqual(Given.Start.AddDays(7), result.Rfc.Window!.ClosesAt);
    }

    [TestMethod]
    public async Task ProposeAsync_NoWindowDays_UsesTeamDefaultAndOpens()
    {
        // Act
        var result = await Service.ProposeAsync(asAlice, Given.Team, Given.Proposal(windowDays: null), asDraft: false, Token);

        // Assert
        Assert.AreEqual(RfcState.Open, result.Rfc.State);
        Assert.AreEqual(9, result.Rfc.WindowDays);
        Assert.AreEqual(new CommentWindow(Given.Start, Given.Start.AddDays(9)), result.Rfc.Window);
        CollectionAssert.AreEqual(new[] { typeof(RfcProposed), typeof(RfcOpened) }, result.Events.Select(e => e.GetType()).ToArray());
        CollectionAssert.AreEqual(new[] { 1L, 2L }, result.Events.Select(e => e.Sequence).ToArray());
        settings.Verify(s => s.GetAsync(Given.Team, It.IsAny<CancellationToken>()), Times.Once);
    }

    [TestMethod]
    public async Task ProposeAsync_WindowDaysInProposal_OverridesTeamDefault()
    {
        // Act
        var result = await Service.ProposeAsync(asAlice, Given.Team, Given.Proposal(windowDays: 3), asDraft: false, Token);

        // Assert
        Assert.AreEqual(Given.Start.AddDays(3), result.Rfc.Window!.ClosesAt);
    }

    [TestMethod]
    public async Task ProposeAsync_AsDraft_StaysDraftWithOnlyProposedEvent()
    {
        // Act
        var result = await Service.ProposeAsync(asAlice, Given.Team, Given.Proposal(), asDraft: true, Token);

        // Assert
        Assert.AreEqual(RfcState.Draft, result.Rfc.State);
        Assert.IsNull(result.Rfc.Window);
        Assert.IsInstanceOfType<RfcProposed>(result.Events.Single());
        Assert.AreEqual(Given.Alice, result.Rfc.Author);
    }

    [TestMethod]
    public async Task ProposeAsync_InvalidProposal_RefusedWithDomainRule()
    {
        // Act
        var refusal = await Assert.ThrowsExactlyAsync<DomainRuleException>(
            () => Service.ProposeAsync(asAlice, Given.Team, Given.Proposal() with { Title = "x" }, asDraft: false, Token));

        // Assert
        Assert.AreEqual("title", refusal.Field);
        Assert.IsEmpty(rfcs);
    }

    [TestMethod]
    public async Task CastVoteAsync_UsesTheClockForTheVoteTime()
    {
        // Arrange
        var rfc = await ProposeOpenAsync();
        clock.Advance(TimeSpan.FromHours(30));

        // Act
        var result = await Service.CastVoteAsync(new CommandContext(Given.Carol), rfc.Id, VoteKind.Approve, null, Token);

        // Assert
        Assert.AreEqual(Given.Start.AddHours(30), result.Rfc.BallotOf(Given.Carol)!.Current.CastAt);
        Assert.AreEqual(Given.Start.AddHours(30), result.Events.Single().At);
    }

    [TestMethod]
    public async Task CastVoteAsync_AfterTheClockPassedTheWindow_Refused()
    {
        // Arrange
        var rfc = await ProposeOpenAsync();
        clock.Advance(TimeSpan.FromDays(9));

        // Act
        var refusal = await Assert.ThrowsExactlyAsync<DomainRuleException>(
            () => Service.CastVoteAsync(new CommandContext(Given.Carol), rfc.Id, VoteKind.Approve, null, Token));

        // Assert
        Assert.AreEqual("Vote.OnlyWhileOpen", refusal.Rule);
    }

    [TestMethod]
    public async Task ResolveAsync_SupersedesUnknownDecision_RefusedBeforeResolving()
    {
        // Arrange
        var rfc = await ProposeOpenAsync();
        clock.Advance(TimeSpan.FromDays(10));

        // Act
        var refusal = await Assert.ThrowsExactlyAsync<DomainRuleException>(
            () => Service.ResolveAsync(asBob, rfc.Id, Given.Accept() with { Supersedes = new DecisionNumber(77) }, Token));

        // Assert
        Assert.AreEqual("Resolve.SupersededNotFound", refusal.Rule);
        Assert.AreEqual("supersedes", refusal.Field);
        store.Verify(s => s.ResolveAsync(It.IsAny<RfcId>(), It.IsAny<CommandContext>(), It.IsAny<RfcResolution>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.AreEqual(RfcState.Open, rfc.State);
    }

    [TestMethod]
    [DataRow(RfcState.Rejected)]
    [DataRow(RfcState.Superseded)]
    public async Task ResolveAsync_SupersedesDecisionThatIsNotAccepted_Refused(RfcState status)
    {
        // Arrange
        var rfc = await ProposeOpenAsync();
        clock.Advance(TimeSpan.FromDays(10));
        var old = new DecisionLogEntry(new DecisionNumber(5), Given.Id(50), "Old", status, Given.Start, Given.Bob, null, null);
        store.Setup(s => s.FindDecisionAsync(Given.Team, new DecisionNumber(5), It.IsAny<CancellationToken>())).ReturnsAsync(old);

        // Act
        var refusal = await Assert.ThrowsExactlyAsync<DomainRuleException>(
            () => Service.ResolveAsync(asBob, rfc.Id, Given.Accept() with { Supersedes = new DecisionNumber(5) }, Token));

        // Assert
        Assert.AreEqual("Resolve.SupersedeOnlyAccepted", refusal.Rule);
        store.Verify(s => s.ResolveAsync(It.IsAny<RfcId>(), It.IsAny<CommandContext>(), It.IsAny<RfcResolution>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [TestMethod]
    public async Task ResolveAsync_SupersedesItsOwnDecision_Refused()
    {
        // Arrange
        var rfc = await ProposeOpenAsync();
        clock.Advance(TimeSpan.FromDays(10));
        var own = new DecisionLogEntry(new DecisionNumber(5), rfc.Id, rfc.Title, RfcState.Accepted, Given.Start, Given.Bob, null, null);
        store.Setup(s => s.FindDecisionAsync(Given.Team, new DecisionNumber(5), It.IsAny<CancellationToken>())).ReturnsAsync(own);

        // Act
        var refusal = await Assert.ThrowsExactlyAsync<DomainRuleException>(
            () => Service.ResolveAsync(asBob, rfc.Id, Given.Accept() with { Supersedes = new DecisionNumber(5) }, Token));

        // Assert
        Assert.AreEqual("Supersede.NotItself", refusal.Rule);
    }

    [TestMethod]
    public async Task ResolveAsync_SupersedesAcceptedDecision_ResolvesThenMarksOldSuperseded()
    {
        // Arrange
        var old = await AcceptedAsync();
        var replacement = await ProposeOpenAsync();
        clock.Advance(TimeSpan.FromDays(10));

        // Act
        var result = await Service.ResolveAsync(asBob, replacement.Id, Given.Accept() with { Supersedes = old.Decision!.Number }, Token);

        // Assert
        Assert.AreEqual(RfcState.Accepted, result.Rfc.State);
        Assert.AreEqual(new DecisionNumber(1), result.Rfc.Decision!.Supersedes);
        Assert.AreEqual(RfcState.Superseded, old.State);
        Assert.AreEqual(new DecisionNumber(2), old.Decision!.SupersededBy);
        Assert.AreEqual(old.Id, result.Events.OfType<RfcResolved>().Single().SupersedesRfc, "The event names the old RFC as the decision log does, for the notice in its thread.");
        store.Verify(
            s => s.ExecuteAsync(old.Id, It.Is<CommandContext>(c => c.Actor == Given.Bob && c.ActivityId == "supersede:DEC-0002"), It.IsAny<RfcCommand>(), It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [TestMethod]
    public async Task ResolveAsync_LogStillSaysAcceptedButTheDecisionWasSuperseded_RefusedFromTheRfc()
    {
        // Arrange: DEC-0001 was superseded by DEC-0002, but the log entry update was lost (it is best-effort).
        var old = await AcceptedAsync();
        var first = await ProposeOpenAsync();
        clock.Advance(TimeSpan.FromDays(10));
        await Service.ResolveAsync(asBob, first.Id, Given.Accept() with { Supersedes = old.Decision!.Number }, Token);
        var stale = new DecisionLogEntry(old.Decision.Number, old.Id, old.Title, RfcState.Accepted, Given.Start, Given.Bob, null, null);
        store.Setup(s => s.FindDecisionAsync(Given.Team, old.Decision.Number, It.IsAny<CancellationToken>())).ReturnsAsync(stale);
        var second = await ProposeOpenAsync();
        clock.Advance(TimeSpan.FromDays(10));

        // Act
        var refusal = await Assert.ThrowsExactlyAsync<DomainRuleException>(
            () => Service.ResolveAsync(asBob, second.Id, Given.Accept() with { Supersedes = old.Decision.Number }, Token));

        // Assert
        Assert.AreEqual("Resolve.SupersedeOnlyAccepted", refusal.Rule);
        Assert.AreEqual(RfcState.Open, second.State);
        Assert.AreEqual(new DecisionNumber(2), old.Decision.SupersededBy);
    }

    [TestMethod]
    public async Task ResolveAsync_ReplayedAfterTheOldDecisionWasSuperseded_IsNotRefused()
    {
        // Arrange: the resolution and the supersede both happened; the same action arrives again.
        var old = await AcceptedAsync();
        var replacement = await ProposeOpenAsync();
        clock.Advance(TimeSpan.FromDays(10));
        var request = Given.Accept() with { Supersedes = old.Decision!.Number };
        await Service.ResolveAsync(asBob, replacement.Id, request, Token);
        store.Setup(s => s.ResolveAsync(replacement.Id, asBob, It.IsAny<RfcResolution>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new RfcCommandResult(replacement, [], AlreadyApplied: true));

        // Act
        var replay = await Service.ResolveAsync(asBob, replacement.Id, request, Token);

        // Assert
        Assert.IsTrue(replay.AlreadyApplied);
        Assert.AreEqual(RfcState.Superseded, old.State);
        Assert.AreEqual(replacement.Decision!.Number, old.Decision!.SupersededBy);
    }

    [TestMethod]
    public async Task ResolveAsync_NoSupersedes_TouchesNoOtherRfc()
    {
        // Arrange
        var rfc = await ProposeOpenAsync();
        clock.Advance(TimeSpan.FromDays(10));

        // Act
        var result = await Service.ResolveAsync(asBob, rfc.Id, Given.Accept(), Token);

        // Assert
        Assert.AreEqual(RfcState.Accepted, result.Rfc.State);
        store.Verify(s => s.FindDecisionAsync(It.IsAny<TeamId>(), It.IsAny<DecisionNumber>(), It.IsAny<CancellationToken>()), Times.Never);
        store.Verify(s => s.ExecuteAsync(It.IsAny<RfcId>(), It.IsAny<CommandContext>(), It.IsAny<RfcCommand>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [TestMethod]
    public async Task ResolveAsync_RejectedWithSupersedes_RefusedAndOldDecisionUntouched()
    {
        // Arrange
        var old = await AcceptedAsync();
        var replacement = await ProposeOpenAsync();
        clock.Advance(TimeSpan.FromDays(10));

        // Act
        var refusal = await Assert.ThrowsExactlyAsync<DomainRuleException>(
            () => Service.ResolveAsync(asBob, replacement.Id, Given.Outcome(DecisionOutcome.Rejected) with { Supersedes = old.Decision!.Number }, Token));

        // Assert
        Assert.AreEqual("Resolve.OnlyAcceptedSupersedes", refusal.Rule);
        Assert.AreEqual(RfcState.Accepted, old.State);
        Assert.AreEqual(RfcState.Open, replacement.State);
    }

    [TestMethod]
    public async Task CloseDueWindowsAsync_ReturnsOnlyRfcsItMoved()
    {
        // Arrange
        var due = await ProposeOpenAsync();
        var notDue = (await Service.ProposeAsync(asAlice, Given.Team, Given.Proposal(windowDays: 20), asDraft: false, Token)).Rfc;
        clock.Advance(TimeSpan.FromDays(9));
        var summaries = new[] { due, notDue }
            .Select(r => new RfcSummary(r.Id, r.Title, r.State, r.Author, r.Decider, r.Window?.ClosesAt, null, clock.Now()))
            .ToList();
        store.Setup(s => s.ListDueAsync(clock.Now(), 10, It.IsAny<CancellationToken>())).ReturnsAsync(summaries);
        store.Setup(s => s.TryClaimDueAsync(It.IsAny<RfcId>(), "me", clock.Now(), clock.Now().AddMinutes(2), It.IsAny<CancellationToken>())).ReturnsAsync(true);

        // Act
        var closed = await Service.CloseDueWindowsAsync(new UserRef("system", "TeamsDecisions"), "me", TimeSpan.FromMinutes(2), 10, Token);

        // Assert
        Assert.AreEqual(due.Id, closed.Single().Rfc.Id);
        Assert.AreEqual(RfcState.AwaitingDecision, due.State);
        Assert.AreEqual(RfcState.Open, notDue.State);
    }

    [TestMethod]
    public async Task CloseDueWindowsAsync_ClaimedByAnotherInstance_LeavesItAlone()
    {
        // Arrange
        var due = await ProposeOpenAsync();
        clock.Advance(TimeSpan.FromDays(9));
        var summary = new RfcSummary(due.Id, due.Title, due.State, due.Author, due.Decider, due.Window?.ClosesAt, null, clock.Now());
        store.Setup(s => s.ListDueAsync(clock.Now(), 10, It.IsAny<CancellationToken>())).ReturnsAsync([summary]);
        store.Setup(s => s.TryClaimDueAsync(due.Id, "me", It.IsAny<DateTimeOffset>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).ReturnsAsync(false);

        // Act
        var closed = await Service.CloseDueWindowsAsync(new UserRef("system", "TeamsDecisions"), "me", TimeSpan.FromMinutes(2), 10, Token);

        // Assert
        Assert.IsEmpty(closed);
        Assert.AreEqual(RfcState.Open, due.State);
    }
}
