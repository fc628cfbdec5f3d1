using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Notifications;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Infrastructure.Storage;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Infrastructure.Tests;

/// <summary>
/// The notification outbox on Azurite: a notification is committed in the same transaction as the event that causes
/// it, moved to the outbox right after (or by the sweep, when the process stopped in between), claimed by one
/// instance at a time, and never enqueued twice under its deterministic id.
/// </summary>
[TestClass]
public sealed class NotificationOutboxTests
{
    private const int WindowDays = 3;
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AfterDeadline = Start.AddDays(WindowDays).AddMinutes(1);
    private static readonly UserRef Scheduler = new("teamsdecisions-scheduler", "TeamsDecisions");

    [TestMethod]
    public async Task ExecuteAsync_WindowClosedByTheClock_NoticeCommittedWithTheEventAndMovedToTheOutbox()
    {
        // Arrange
        var harness = await StoreHarness.CreateAsync();
        var id = await OpenRfcAsync(harness);

        // Act
        var closed = await harness.Store.ExecuteAsync(id, new CommandContext(Scheduler, "close-1"), rfc => rfc.CloseWindowIfDue(AfterDeadline), CancellationToken.None);

        // Assert: one pending notice under the id the close determines, due at once, and no trigger left behind.
        var close = closed.Events.OfType<CommentWindowClosed>().Single();
        var expected = Notification.WindowClosed(id, close.Sequence, close.At);
        var stored = await harness.Notifications.FindAsync(expected.Id, CancellationToken.None);
        Assert.IsNotNull(stored, "The notice must be in the outbox when the command returns.");
        Assert.AreEqual(NotificationStatus.Pending, stored.Status);
        Assert.AreEqual(NotificationKinds.WindowClosed, stored.Kind);
        Assert.AreEqual(id, stored.Rfc);
        Assert.IsInstanceOfType<RfcThreadTarget>(stored.Target);
        var due = await harness.Notifications.ListDueAsync(AfterDeadline, 100, CancellationToken.None);
        Assert.AreEqual(1, due.Count(n => n.Id == expected.Id));
        Assert.IsEmpty(await TriggersAsync(harness, id), "Once moved, nothing waits in the RFC's partition.");
    }

    [TestMethod]
    public async Task ExecuteAsync_CommandThatClosesNothing_WritesNoNotification()
    {
        // Arrange
        var harness = await StoreHarness.CreateAsync();
        var id = await OpenRfcAsync(harness);

        // Act: the window is not due yet, then a vote.
        await harness.Store.ExecuteAsync(id, new CommandContext(Scheduler, "close-early"), rfc => rfc.CloseWindowIfDue(Start.AddHours(1)), CancellationToken.None);
        await harness.Store.ExecuteAsync(id, new CommandContext(Sample.Carol, "vote-1"), rfc => rfc.CastVote(Sample.Carol, VoteKind.Approve, null, Start.AddHours(1)), CancellationToken.None);

        // Assert
        Assert.IsEmpty(await TriggersAsync(harness, id));
        Assert.IsEmpty((await harness.Notifications.ListDueAsync(AfterDeadline, 1000, CancellationToken.None)).Where(n => n.Rfc == id).ToList());
    }

    [TestMethod]
    public async Task SweepAsync_ProcessStoppedBetweenCommitAndMove_NoticeMovedOnceAndSentRowNotReset()
    {
        // Arrange: the close is committed; then, as if the process had died before the move, the trigger is put back
        // in the RFC's partition and the outbox row removed.
        var harness = await StoreHarness.CreateAsync();
        var id = await OpenRfcAsync(harness);
        var closed = await harness.Store.ExecuteAsync(id, new CommandContext(Scheduler, "close-1"), rfc => rfc.CloseWindowIfDue(AfterDeadline), CancellationToken.None);
        var close = closed.Events.OfType<CommentWindowClosed>().Single();
        var notice = Notification.WindowClosed(id, close.Sequence, close.At);
        await harness.Context.Outbox.DeleteEntityAsync(TableKeys.NotificationPartition, TableKeys.Notification(notice.Id));
        await harness.Context.Rfcs.AddEntityAsync(TableNotificationOutbox.TriggerRow(TableKeys.RfcPartition(id), notice));
        Assert.IsNull(await harness.Notifications.FindAsync(notice.Id, CancellationToken.None));

        // Act 1: another instance's sweep.
        var moved = await harness.AnotherInstance().Notifications.SweepAsync(AfterDeadline.AddDays(-30), CancellationToken.None);

        // Assert 1
        Assert.IsGreaterThanOrEqualTo(1, moved);
        Assert.AreEqual(NotificationStatus.Pending, (await harness.Notifications.FindAsync(notice.Id, CancellationToken.None))!.Status);
        Assert.IsEmpty(await TriggersAsync(harness, id));

        // Act 2: it is sent; then a stale trigger shows up again (a move whose delete was lost) and is swept.
        await harness.Notifications.MarkSentAsync(notice.Id, "thread-1", "activity-1", AfterDeadline, CancellationToken.None);
        await harness.Context.Rfcs.AddEntityAsync(TableNotificationOutbox.TriggerRow(TableKeys.RfcPartition(id), notice));
        await harness.Notifications.SweepAsync(AfterDeadline.AddDays(-30), CancellationToken.None);

        // Assert 2: the outbox row wins: still sent, with its activity id, and not due.
        var sent = (await harness.Notifications.FindAsync(notice.Id, CancellationToken.None))!;
        Assert.AreEqual(NotificationStatus.Sent, sent.Status);
        Assert.AreEqual("activity-1", sent.ActivityId);
        Assert.IsFalse((await harness.Notifications.ListDueAsync(AfterDeadline.AddDays(1), 1000, CancellationToken.None)).Any(n => n.Id == notice.Id));
        Assert.IsEmpty(await TriggersAsync(harness, id));
    }

    [TestMethod]
    public async Task ExecuteAsync_ReplayAfterLostMove_MovesTheNoticeAtOnce()
    {
        // Arrange: as above, the move was lost.
        var harness = await StoreHarness.CreateAsync();
        var id = await OpenRfcAsync(harness);
        var context = new CommandContext(Scheduler, "close-1");
        var closed = await harness.Store.ExecuteAsync(id, context, rfc => rfc.CloseWindowIfDue(AfterDeadline), CancellationToken.None);
        var close = closed.Events.OfType<CommentWindowClosed>().Single();
        var notice = Notification.WindowClosed(id, close.Sequence, close.At);
        await harness.Context.Outbox.DeleteEntityAsync(TableKeys.NotificationPartition, TableKeys.Notification(notice.Id));
        await harness.Context.Rfcs.AddEntityAsync(TableNotificationOutbox.TriggerRow(TableKeys.RfcPartition(id), notice));

        // Act: the window closer retries the same close (same activity id).
        var replay = await harness.AnotherInstance().Store.ExecuteAsync(id, context, rfc => rfc.CloseWindowIfDue(AfterDeadline), CancellationToken.None);

        // Assert
        Assert.IsTrue(replay.AlreadyApplied);
        Assert.IsNotNull(await harness.Notifications.FindAsync(notice.Id, CancellationToken.None));
        Assert.IsEmpty(await TriggersAsync(harness, id));
    }

    [TestMethod]
    public async Task TryClaimAsync_TwoInstancesRaceForEachNotification_ExactlyOneWinsEach()
    {
        // Arrange: twenty due notifications.
        var harness = await StoreHarness.CreateAsync();
        var other = harness.AnotherInstance();
        var team = Sample.NewTeam();
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var notification = new Notification(Notification.MakeId("test", team.Value, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), team, null, new ConversationTarget("19:chat"), "test", null, Start, Start);
            Assert.IsTrue(await harness.Notifications.EnqueueAsync(notification, CancellationToken.None));
            ids.Add(notification.Id);
        }

        // Act
        var outcomes = await Task.WhenAll(ids.Select(async id =>
        {
            var first = Task.Run(() => harness.Notifications.TryClaimAsync(id, "instance-a", Start, Start.AddMinutes(2), CancellationToken.None));
            var second = Task.Run(() => other.Notifications.TryClaimAsync(id, "instance-b", Start, Start.AddMinutes(2), CancellationToken.None));
            return (Id: id, Wins: new[] { await first, await second }.Count(c => c is not null));
        }));

        // Assert
        foreach (var (id, wins) in outcomes)
        {
            Assert.AreEqual(1, wins, $"{id}: exactly one instance may hold the claim.");
        }
    }

    [TestMethod]
    public async Task EnqueueAsync_SameIdTwiceEvenAfterSent_OneRowNeverDueAgain()
    {
        // Arrange
        var harness = await StoreHarness.CreateAsync();
        var team = Sample.NewTeam();
        var reminder = new Notification(Notification.MakeId("reminder", team.Value, "RFC-0001", "bob", "1"), team, null, new PersonTarget(Sample.Bob), "reminder", null, Start, Start);

        // Act
        var first = await harness.Notifications.EnqueueAsync(reminder, CancellationToken.None);
        var second = await harness.Notifications.EnqueueAsync(reminder, CancellationToken.None);
        await harness.Notifications.MarkSentAsync(reminder.Id, "a:1on1", "activity-1", Start, CancellationToken.None);
        var third = await harness.Notifications.EnqueueAsync(reminder with { NotBefore = Start.AddDays(1) }, CancellationToken.None);

        // Assert
        Assert.IsTrue(first);
        Assert.IsFalse(second, "The same id is one notification.");
        Assert.IsFalse(third, "A sent notification is not enqueued again.");
        var stored = (await harness.Notifications.FindAsync(reminder.Id, CancellationToken.None))!;
        Assert.AreEqual(NotificationStatus.Sent, stored.Status);
        Assert.AreEqual(Sample.Bob, ((PersonTarget)stored.Target).Person);
        Assert.IsEmpty((await harness.Notifications.ListDueAsync(Start.AddDays(2), 1000, CancellationToken.None)).Where(n => n.Id == reminder.Id).ToList());
    }

    [TestMethod]
    public async Task ResolveAsync_SupersedingResolution_AuthorAndSupersededNoticesCommittedWithTheDecisionAndMovedToTheOutbox()
    {
        // Arrange: RFC-0001 was accepted as DEC-0001; RFC-0002 of the same team is open.
        var harness = await StoreHarness.CreateAsync();
        var rfcs = harness.Service(new FakeTimeProvider(Start));
        var old = await OpenRfcAsync(harness);
        var oldDecision = (await rfcs.ResolveAsync(new CommandContext(Sample.Bob, "resolve-old"), old, Sample.Accept("Decided in the review."), CancellationToken.None)).Rfc.Decision!.Number;
        var id = await OpenRfcAsync(harness, old.Team);

        // Act
        var resolved = await rfcs.ResolveAsync(new CommandContext(Sample.Bob, "resolve-new"), id, Sample.Accept("Decided in the review.", supersedes: oldDecision), CancellationToken.None);

        // Assert: both notices are pending under the ids the resolution event determines; nothing waits in the partition.
        var e = resolved.Events.OfType<RfcResolved>().Single();
        Assert.AreEqual(old, e.SupersedesRfc, "The stored event names the superseded RFC.");
        Assert.AreEqual(old, (await harness.Store.ReadEventsAsync(id, CancellationToken.None)).OfType<RfcResolved>().Single().SupersedesRfc, "It reads back from the audit trail.");
        var toAuthor = await harness.Notifications.FindAsync(Notification.Resolved(id, e.Sequence, e.At).Id, CancellationToken.None);
        var toOldThread = await harness.Notifications.FindAsync(Notification.Superseded(id, old, e.Sequence, e.At).Id, CancellationToken.None);
        Assert.AreEqual(NotificationStatus.Pending, toAuthor?.Status);
        Assert.AreEqual(NotificationKinds.Resolved, toAuthor!.Kind);
        Assert.AreEqual(NotificationStatus.Pending, toOldThread?.Status);
        Assert.AreEqual(new RfcThreadTarget(old), toOldThread!.Target, "The superseded notice goes to the old RFC's thread, as stored.");
        Assert.AreEqual(id, toOldThread.Rfc);
        Assert.IsEmpty(await TriggersAsync(harness, id));
    }

    [TestMethod]
    public async Task ResolveAsync_RefusedResolution_WritesNoNotice()
    {
        // Arrange
        var harness = await StoreHarness.CreateAsync();
        var id = await OpenRfcAsync(harness);
        var tooShort = Sample.Accept("Decided in the review.") with { Rationale = "Too short." };

        // Act
        await Assert.ThrowsExactlyAsync<DomainRuleException>(() => harness.Service(new FakeTimeProvider(Start)).ResolveAsync(new CommandContext(Sample.Bob, "resolve-1"), id, tooShort, CancellationToken.None));

        // Assert
        Assert.IsEmpty(await TriggersAsync(harness, id));
        Assert.IsEmpty((await harness.Notifications.ListDueAsync(AfterDeadline, 1000, CancellationToken.None)).Where(n => n.Rfc == id).ToList());
    }

    [TestMethod]
    public async Task ResolveAsync_SameActivityReplayedAfterTheNoticeWasSent_NoSecondNotice()
    {
        // Arrange: the resolution is saved and its notice sent.
        var harness = await StoreHarness.CreateAsync();
        var rfcs = harness.Service(new FakeTimeProvider(Start));
        var id = await OpenRfcAsync(harness);
        var context = new CommandContext(Sample.Bob, "resolve-1");
        var first = await rfcs.ResolveAsync(context, id, Sample.Accept("Decided in the review."), CancellationToken.None);
        var e = first.Events.OfType<RfcResolved>().Single();
        var notice = Notification.Resolved(id, e.Sequence, e.At);
        await harness.Notifications.MarkSentAsync(notice.Id, "19:thread", "activity-1", Start, CancellationToken.None);

        // Act: Teams retries the same invoke, on another instance.
        var replay = await harness.AnotherInstance().Service(new FakeTimeProvider(Start)).ResolveAsync(context, id, Sample.Accept("Decided in the review."), CancellationToken.None);

        // Assert: nothing new is pending for the RFC, and the sent row still says sent.
        Assert.IsTrue(replay.AlreadyApplied);
        Assert.IsEmpty(await TriggersAsync(harness, id));
        Assert.IsEmpty((await harness.Notifications.ListDueAsync(AfterDeadline, 1000, CancellationToken.None)).Where(n => n.Rfc == id).ToList());
        Assert.AreEqual(NotificationStatus.Sent, (await harness.Notifications.FindAsync(notice.Id, CancellationToken.None))!.Status);
        Assert.HasCount(1, (await harness.Store.ReadEventsAsync(id, CancellationToken.None)).OfType<RfcResolved>().ToList());
    }

    private static async Task<List<string>> TriggersAsync(StoreHarness harness, RfcId id)
    {
        var keys = new List<string>();
        await foreach (var row in harness.Context.Rfcs.QueryAsync<TableEntity>(TableKeys.PrefixFilter(TableKeys.RfcPartition(id), TableKeys.NotifyPrefix)))
        {
            keys.Add(row.RowKey);
        }

        return keys;
    }

    private static async Task<RfcId> OpenRfcAsync(StoreHarness harness, TeamId? team = null)
    {
        var created = await harness.Service(new FakeTimeProvider(Start)).ProposeAsync(new CommandContext(Sample.Alice), team ?? Sample.NewTeam(), Sample.Proposal("Adopt Kafka for order events", WindowDays), asDraft: false, CancellationToken.None);
        return created.Rfc.Id;
    }
}
