using Microsoft.Extensions.Time.Testing;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Infrastructure.Tests;

/// <summary>
/// The comment-window closer's durable claims: each due RFC is claimed with an ETag before an instance acts on it, so
/// of two instances only one acts, and the close itself produces its CommentWindowClosed event once.
/// </summary>
[TestClass]
public sealed class DueClaimTests
{
    private const int WindowDays = 3;
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AfterDeadline = Start.AddDays(WindowDays).AddMinutes(1);
    private static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(2);
    private static readonly UserRef Scheduler = new("teamsdecisions-scheduler", "TeamsDecisions");

    [TestMethod]
    public async Task TryClaimDueAsync_TwoInstancesRaceForTheSameDueRfc_ExactlyOneWins()
    {
        // Arrange: ten due RFCs; on each, two instances claim at the same moment.
        var harness = await StoreHarness.CreateAsync();
        var other = harness.AnotherInstance();
        var team = Sample.NewTeam();
        var ids = new List<RfcId>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add(await OpenRfcAsync(harness, team, $"Due RFC {i}"));
        }

        // Act
        var outcomes = await Task.WhenAll(ids.Select(async id =>
        {
            var first = Task.Run(() => harness.Store.TryClaimDueAsync(id, "instance-a", AfterDeadline, AfterDeadline + ClaimDuration, CancellationToken.None));
            var second = Task.Run(() => other.Store.TryClaimDueAsync(id, "instance-b", AfterDeadline, AfterDeadline + ClaimDuration, CancellationToken.None));
            return (Id: id, Wins: new[] { await first, await second });
        }));

        // Assert
        foreach (var (id, wins) in outcomes)
        {
            Assert.AreEqual(1, wins.Count(w => w), $"{id}: exactly one instance must hold the claim, got [{string.Join(", ", wins)}].");
        }
    }

    [TestMethod]
    public async Task TryClaimDueAsync_SameOwnerClaimsAgainBeforeExpiry_Succeeds()
    {
        // Arrange
        var harness = await StoreHarness.CreateAsync();
        var id = await OpenRfcAsync(harness, Sample.NewTeam());
        Assert.IsTrue(await harness.Store.TryClaimDueAsync(id, "instance-a", AfterDeadline, AfterDeadline + ClaimDuration, CancellationToken.None));

        // Act
        var again = await harness.AnotherInstance().Store.TryClaimDueAsync(id, "instance-a", AfterDeadline.AddSeconds(30), AfterDeadline.AddSeconds(30) + ClaimDuration, CancellationToken.None);

        // Assert
        Assert.IsTrue(again, "The owner of an unexpired claim may renew it.");
    }

    [TestMethod]
    public async Task TryClaimDueAsync_AnotherOwnerBeforeExpiry_IsRefused()
    {
        // Arrange
        var harness = await StoreHarness.CreateAsync();
        var id = await OpenRfcAsync(harness, Sample.NewTeam());
        Assert.IsTrue(await harness.Store.TryClaimDueAsync(id, "instance-a", AfterDeadline, AfterDeadline + ClaimDuration, CancellationToken.None));

        // Act
        var stolen = await harness.AnotherInstance().Store.TryClaimDueAsync(id, "instance-b", AfterDeadline.AddMinutes(1), AfterDeadline.AddMinutes(1) + ClaimDuration, CancellationToken.None);

        // Assert
        Assert.IsFalse(stolen, "A claim that has not expired belongs to its owner.");
    }

    [TestMethod]
    public async Task TryClaimDueAsync_AfterTheClaimExpired_AnotherOwnerTakesIt()
    {
        // Arrange: instance A claimed the RFC and then stopped (its claim runs out).
        var harness = await StoreHarness.CreateAsync();
        var other = harness.AnotherInstance();
        var id = await OpenRfcAsync(harness, Sample.NewTeam());
        Assert.IsTrue(await harness.Store.TryClaimDueAsync(id, "instance-a", AfterDeadline, AfterDeadline + ClaimDuration, CancellationToken.None));
        var later = AfterDeadline + ClaimDuration + TimeSpan.FromSeconds(1);

        // Act
        var taken = await other.Store.TryClaimDueAsync(id, "instance-b", later, later + ClaimDuration, CancellationToken.None);
        var originalOwnerBack = await harness.Store.TryClaimDueAsync(id, "instance-a", later.AddSeconds(1), later.AddSeconds(1) + ClaimDuration, CancellationToken.None);

        // Assert
        Assert.IsTrue(taken, "An expired claim must not block the item forever.");
        Assert.IsFalse(originalOwnerBack, "Once B holds the claim, A's old claim gives it nothing.");
    }

    [TestMethod]
    public async Task TryClaimDueAsync_DraftRfc_ReturnsFalse()
    {
        // Arrange: a draft has no comment window, so nothing is due.
        var harness = await StoreHarness.CreateAsync();
        var clock = new FakeTimeProvider(Start);
        var draft = await harness.Service(clock).ProposeAsync(new CommandContext(Sample.Alice), Sample.NewTeam(), Sample.Proposal(windowDays: WindowDays), asDraft: true, CancellationToken.None);

        // Act
        var claimed = await harness.Store.TryClaimDueAsync(draft.Rfc.Id, "instance-a", AfterDeadline, AfterDeadline + ClaimDuration, CancellationToken.None);

        // Assert
        Assert.IsFalse(claimed);
    }

    [TestMethod]
    public async Task TryClaimDueAsync_UnknownRfc_ReturnsFalse()
    {
        // Arrange
        var harness = await StoreHarness.CreateAsync();

        // Act
        var claimed = await harness.Store.TryClaimDueAsync(new RfcId(Sample.NewTeam(), new RfcNumber(7)), "instance-a", AfterDeadline, AfterDeadline + ClaimDuration, CancellationToken.None);

        // Assert
        Assert.IsFalse(claimed);
    }

    [TestMethod]
    public async Task TryClaimDueAsync_WindowAlreadyClosed_ReturnsFalse()
    {
        // Arrange: the window was closed (the RFC awaits its decision), so it is no longer due.
        var harness = await StoreHarness.CreateAsync();
        var id = await OpenRfcAsync(harness, Sample.NewTeam());
        var closed = await harness.Store.ExecuteAsync(id, new CommandContext(Scheduler, "close-1"), rfc => rfc.CloseWindowIfDue(AfterDeadline), CancellationToken.None);
        Assert.AreEqual(RfcState.AwaitingDecision, closed.Rfc.State);

        // Act
        var claimed = await harness.AnotherInstance().Store.TryClaimDueAsync(id, "instance-b", AfterDeadline.AddMinutes(5), AfterDeadline.AddMinutes(5) + ClaimDuration, CancellationToken.None);

        // Assert
        Assert.IsFalse(claimed);
    }

    [TestMethod]
    public async Task TryClaimDueAsync_OpenRfcNotYetDue_ReturnsFalse()
    {
        // Arrange: the window closes in three days; a day in, nothing is due.
        var harness = await StoreHarness.CreateAsync();
        var id = await OpenRfcAsync(harness, Sample.NewTeam());
        var early = Start.AddDays(1);

        // Act
        var claimed = await harness.Store.TryClaimDueAsync(id, "instance-a", early, early + ClaimDuration, CancellationToken.None);

        // Assert
        Assert.IsFalse(claimed, "Only a due item may be claimed: the window of this RFC closes in two more days.");
    }

    [TestMethod]
    public async Task ExecuteAsync_TwoInstancesCloseTheSameWindowWithOneActivityId_OneCommentWindowClosedEvent()
    {
        // Arrange: ten due RFCs; on each, two closer rounds (no claim) race the same close command.
        var harness = await StoreHarness.CreateAsync(maxConflictRetries: 50);
        var other = harness.AnotherInstance();
        var team = Sample.NewTeam();
        var ids = new List<RfcId>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add(await OpenRfcAsync(harness, team, $"Racing close {i}"));
        }

        // Act
        var outcomes = await Task.WhenAll(ids.Select(async id =>
        {
            var activity = $"close-window:{Start.AddDays(WindowDays).UtcTicks}";
            var first = Task.Run(() => harness.Store.ExecuteAsync(id, new CommandContext(Scheduler, activity), rfc => rfc.CloseWindowIfDue(AfterDeadline), CancellationToken.None));
            var second = Task.Run(() => other.Store.ExecuteAsync(id, new CommandContext(Scheduler, activity), rfc => rfc.CloseWindowIfDue(AfterDeadline), CancellationToken.None));
            return (Id: id, Results: new[] { await first, await second });
        }));

        // Assert
        foreach (var (id, results) in outcomes)
        {
            var events = await harness.Store.ReadEventsAsync(id, CancellationToken.None);
            Assert.AreEqual(1, events.OfType<CommentWindowClosed>().Count(), $"{id}: the window must be closed exactly once.");
            Assert.AreEqual(1, results.Count(r => !r.AlreadyApplied && r.Events.OfType<CommentWindowClosed>().Any()), $"{id}: exactly one round may see its command produce the close (and tell the decider).");
            Assert.AreEqual(RfcState.AwaitingDecision, (await harness.Store.FindAsync(id, CancellationToken.None))!.State);
        }

        var stillDue = await harness.Store.ListDueAsync(AfterDeadline, 100, CancellationToken.None);
        Assert.IsEmpty(stillDue, "Closed windows must leave the due list.");
    }

    [TestMethod]
    public async Task WindowCloserRound_TwoInstancesListClaimAndClose_OnlyOneActs()
    {
        // Arrange: the closer's round (list due → claim → close) on two instances at once.
        var harness = await StoreHarness.CreateAsync(maxConflictRetries: 50);
        var other = harness.AnotherInstance();
        var team = Sample.NewTeam();
        for (var i = 0; i < 5; i++)
        {
            await OpenRfcAsync(harness, team, $"Round {i}");
        }

        // Act
        var rounds = await Task.WhenAll(
            Task.Run(() => CloserRoundAsync(harness.Store, "instance-a")),
            Task.Run(() => CloserRoundAsync(other.Store, "instance-b")));

        // Assert
        var acted = rounds.SelectMany(r => r).ToList();
        Assert.HasCount(5, acted, "Each due RFC is closed by exactly one instance.");
        Assert.HasCount(5, acted.Distinct());
        foreach (var id in acted)
        {
            var events = await harness.Store.ReadEventsAsync(id, CancellationToken.None);
            Assert.AreEqual(1, events.OfType<CommentWindowClosed>().Count(), $"{id}: one CommentWindowClosed event.");
        }
    }

    /// <summary>What WindowCloser.RunOnceAsync does, returning the RFCs whose close this instance performed.</summary>
    private static async Task<List<RfcId>> CloserRoundAsync(IRfcStore store, string owner)
    {
        var acted = new List<RfcId>();
        foreach (var due in await store.ListDueAsync(AfterDeadline, 100, CancellationToken.None))
        {
            if (!await store.TryClaimDueAsync(due.Id, owner, AfterDeadline, AfterDeadline + ClaimDuration, CancellationToken.None))
            {
                continue;
            }

            var result = await store.ExecuteAsync(due.Id, new CommandContext(Scheduler, $"close-window:{due.ClosesAt?.UtcTicks}"), rfc => rfc.CloseWindowIfDue(AfterDeadline), CancellationToken.None);
            if (!result.AlreadyApplied && result.Events.OfType<CommentWindowClosed>().Any())
            {
                acted.Add(due.Id);
            }
        }

        return acted;
    }

    private static async Task<RfcId> OpenRfcAsync(StoreHarness harness, TeamId team, string title = "Adopt Kafka for order events")
    {
        var clock = new FakeTimeProvider(Start);
        var created = await harness.Service(clock).ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal(title, WindowDays), asDraft: false, CancellationToken.None);
        Assert.AreEqual(RfcState.Open, created.Rfc.State);
        return created.Rfc.Id;
    }
}
