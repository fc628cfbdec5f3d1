using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TeamsDecisions.App.Bot;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Notifications;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Teams.Connector;
using TeamsDecisions.Testing;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// The notification outbox's delivery in the real app on Azurite, on a fake clock, with a recording Connector: the
/// decider's notice goes out once, two instances send each row once, 429 waits for its Retry-After, the per-conversation
/// and per-tenant budgets pace a burst, and failures back off and give up, keeping the row.
/// </summary>
[TestClass]
public sealed class NotificationDeliveryTests
{
    private static readonly DateTimeOffset Start = NotifyApp.Start;
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [TestMethod]
    public async Task RunOnceAsync_WindowClosedByTheCloser_DeciderNoticeSentOnceInTheThread()
    {
        // Arrange: an open RFC posted in a thread; its window has passed.
        await using var app = NotifyApp.Run();
        var (id, thread) = await PostedRfcAsync(app, app.Services.GetRequiredService<RfcService>());
        app.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1)); // 5 working days, a weekend among them

        // Act
        var closed = await app.Services.GetRequiredService<WindowCloser>().RunOnceAsync(CancellationToken.None);
        var pending = await app.Outbox.ListDueAsync(app.Clock.GetUtcNow(), 100, CancellationToken.None);
        var sent = await app.Delivery.RunOnceAsync(CancellationToken.None);
        var again = await app.Delivery.RunOnceAsync(CancellationToken.None);

        // Assert: saved with the close, sent once, as the card it always was, and the row remembers it.
        Assert.AreEqual(1, closed);
        var notice = pending.Single(n => n.Rfc == id);
        Assert.AreEqual(NotificationKinds.WindowClosed, notice.Kind);
        Assert.AreEqual(1, sent);
        Assert.AreEqual(0, again, "A sent notice is not sent again.");
        var message = app.Sent.Single();
        Assert.AreEqual(thread.ConversationId, message.Conversation);
        Assert.AreEqual(NotifyApp.ServiceUrl, message.ServiceUrl);
        StringAssert.Contains(message.Activity.Attachments![0].Content!.ToString(), "have closed");
        var mention = message.Activity.Mentions().Single();
        Assert.AreEqual(Sample.Bob.Id, mention.Mentioned!.Id, "The decider is @mentioned, so Teams notifies them.");
        StringAssert.StartsWith(message.Activity.Text, mention.Text);
        var stored = (await app.Outbox.FindAsync(notice.Id, CancellationToken.None))!;
        Assert.AreEqual(NotificationStatus.Sent, stored.Status);
        Assert.IsFalse(string.IsNullOrEmpty(stored.ActivityId), "The row keeps the Connector's activity id.");
        Assert.AreEqual(thread.ConversationId, stored.ConversationId);
    }

    [TestMethod]
    public async Task Nudge_CommandClosedTheWindow_NoticeSentWithoutWaitingForTheInterval()
    {
        // Arrange: the worker runs its own loop, with an interval the fake clock never reaches; the RFC was proposed
        // a week ago (by another clock), so its window is already due.
        await using var app = NotifyApp.Run(settings: new Dictionary<string, string?> { ["Notifications:DeliveryInterval"] = "00:10:00" }, runWorker: true);
        var weekAgo = new RfcService(app.Services.GetRequiredService<IRfcStore>(), app.Services.GetRequiredService<ITeamSettingsStore>(), new FakeTimeProvider(Start.AddDays(-7)));
        var (id, thread) = await PostedRfcAsync(app, weekAgo);

        // Act: the closer closes it (and nudges); the clock does not move.
        var closed = await app.Services.GetRequiredService<WindowCloser>().RunOnceAsync(CancellationToken.None);
        var message = await EventuallyAsync(() => app.Sent.FirstOrDefault(m => m.Conversation == thread.ConversationId));

        // Assert
        Assert.AreEqual(1, closed);
        Assert.IsNotNull(message, "The nudge must deliver the notice at once, not after Notifications:DeliveryInterval.");
        Assert.AreEqual(Start, message.At, "No fake time passed.");
        Assert.AreEqual(RfcState.AwaitingDecision, (await app.Services.GetRequiredService<IRfcStore>().FindAsync(id, CancellationToken.None))!.State);
    }

    [TestMethod]
    public async Task RunOnceAsync_TwoInstancesOnOneOutbox_EachNotificationSentOnce()
    {
        // Arrange: two instances of one deployment; thirty notifications to thirty conversations.
        var clock = new FakeTimeProvider(Start);
        var recording = new ConcurrentQueue<SentMessage>();
        await using var first = NotifyApp.Run(clock, sharedRecording: recording);
        await using var second = NotifyApp.Run(clock, first.TablePrefix, sharedRecording: recording);
        var team = await first.InstallTeamAsync();
        for (var i = 0; i < 30; i++)
        {
            var text = i.ToString(CultureInfo.InvariantCulture);
            Assert.IsTrue(await first.Outbox.EnqueueAsync(first.Text(team, text, text, new ConversationTarget($"19:chat-{text}")), CancellationToken.None));
        }

        // Act: both work the outbox at the same time, a few rounds.
        var total = 0;
        for (var round = 0; round < 3; round++)
        {
            var counts = await Task.WhenAll(
                Task.Run(() => first.Delivery.RunOnceAsync(CancellationToken.None)),
                Task.Run(() => second.Delivery.RunOnceAsync(CancellationToken.None)));
            total += counts.Sum();
        }

        // Assert
        Assert.AreEqual(30, total);
        var texts = recording.Select(m => m.Activity.Text!).ToList();
        Assert.HasCount(30, texts);
        Assert.HasCount(30, texts.Distinct().ToList(), "No notification may be sent twice.");
    }

    [TestMethod]
    public async Task RunOnceAsync_TwoRoundsOfOneInstanceAtOnce_EachNotificationSentOnce()
    {
        // Arrange: one instance whose sends take a while (its claims all carry one owner), ten notifications.
        await using var app = NotifyApp.Run(failure: _ =>
        {
            Thread.Sleep(50);
            return null;
        });
        var team = await app.InstallTeamAsync();
        for (var i = 0; i < 10; i++)
        {
            var text = i.ToString(CultureInfo.InvariantCulture);
            await app.Outbox.EnqueueAsync(app.Text(team, text, text, new ConversationTarget($"19:chat-{text}")), CancellationToken.None);
        }

        // Act: a nudged round and the interval's round at the same moment.
        var counts = await Task.WhenAll(
            Task.Run(() => app.Delivery.RunOnceAsync(CancellationToken.None)),
            Task.Run(() => app.Delivery.RunOnceAsync(CancellationToken.None)));

        // Assert
        Assert.AreEqual(10, counts.Sum());
        var texts = app.Sent.Select(m => m.Activity.Text!).ToList();
        Assert.HasCount(10, texts.Distinct().ToList());
        Assert.HasCount(10, texts, "No notification may be sent twice.");
    }

    [TestMethod]
    public async Task RunOnceAsync_429WithRetryAfter_WaitsExactlyThatLongOnTheClockWithoutUsingAnAttempt()
    {
        // Arrange: the Connector's first answer, after its own retries, is 429 with Retry-After 30 s.
        await using var app = NotifyApp.Run(failure: call => call == 1 ? new ConnectorException("The Bot Connector answered 429 to POST.", 429) { RetryAfter = TimeSpan.FromSeconds(30) } : null);
        var team = await app.InstallTeamAsync();
        var notification = app.Text(team, "n1", "hello", new ConversationTarget("19:chat"));
        await app.Outbox.EnqueueAsync(notification, CancellationToken.None);

        // Act 1
        var first = await app.Delivery.RunOnceAsync(CancellationToken.None);

        // Assert 1
        Assert.AreEqual(0, first);
        var throttled = (await app.Outbox.FindAsync(notification.Id, CancellationToken.None))!;
        Assert.AreEqual(NotificationStatus.Pending, throttled.Status);
        Assert.AreEqual(Start + TimeSpan.FromSeconds(30), throttled.NotBefore);
        Assert.AreEqual(0, throttled.Attempts, "A 429 is the Connector pacing us, not a failure.");

        // Act 2: a second short of Retry-After.
        app.Clock.Advance(TimeSpan.FromSeconds(29));
        var early = await app.Delivery.RunOnceAsync(CancellationToken.None);

        // Assert 2
        Assert.AreEqual(0, early);
        Assert.AreEqual(1, app.SendCalls, "Nothing is sent before Retry-After has passed.");

        // Act 3
        app.Clock.Advance(Second);
        var sent = await app.Delivery.RunOnceAsync(CancellationToken.None);

        // Assert 3
        Assert.AreEqual(1, sent);
        Assert.AreEqual(Start + TimeSpan.FromSeconds(30), app.Sent.Single().At);
    }

    [TestMethod]
    public async Task RunOnceAsync_BurstToOneConversation_SevenPerSecondOnTheClock()
    {
        // Arrange: twenty notifications to one channel thread.
        var clock = new WaitingClock(Start);
        await using var app = NotifyApp.Run(clock);
        var team = await app.InstallTeamAsync();
        for (var i = 0; i < 20; i++)
        {
            var text = i.ToString("D2", CultureInfo.InvariantCulture);
            await app.Outbox.EnqueueAsync(app.Text(team, text, text, new ConversationTarget("19:busy-thread")), CancellationToken.None);
        }

        // Act: one round; each time it waits for its next slot, that second passes.
        var round = app.Delivery.RunOnceAsync(CancellationToken.None);
        await clock.ElapseWaitsAsync(Second, 2);
        var sent = await round;

        // Assert
        Assert.AreEqual(20, sent);
        CollectionAssert.AreEqual(
            new[] { (0, 7), (1, 7), (2, 6) },
            app.Sent.GroupBy(m => (int)(m.At - Start).TotalSeconds).Select(g => (g.Key, g.Count())).ToArray(),
            "(second, messages): " + string.Join(", ", app.Sent.Select(m => (m.At - Start).TotalMilliseconds)));
    }

    [TestMethod]
    public async Task RunOnceAsync_BurstAcrossOneTenant_FiftyRequestsPerSecondOnTheClock()
    {
        // Arrange: 120 notifications to 120 conversations of one tenant.
        var clock = new WaitingClock(Start);
        await using var app = NotifyApp.Run(clock, settings: new Dictionary<string, string?> { ["Notifications:BatchSize"] = "200" });
        var team = await app.InstallTeamAsync();
        for (var i = 0; i < 120; i++)
        {
            var text = i.ToString("D3", CultureInfo.InvariantCulture);
            await app.Outbox.EnqueueAsync(app.Text(team, text, text, new ConversationTarget($"19:chat-{text}")), CancellationToken.None);
        }

        // Act
        var round = app.Delivery.RunOnceAsync(CancellationToken.None);
        await clock.ElapseWaitsAsync(Second, 2);
        var sent = await round;

        // Assert
        Assert.AreEqual(120, sent);
        CollectionAssert.AreEqual(
            new[] { (0, 50), (1, 50), (2, 20) },
            app.Sent.GroupBy(m => (int)(m.At - Start).TotalSeconds).Select(g => (g.Key, g.Count())).ToArray());
    }

    [TestMethod]
    public async Task RunOnceAsync_SendKeepsFailing_BacksOffThenGivesUpAndKeepsTheRowAsFailed()
    {
        // Arrange: every send fails; three attempts allowed, the first retry after 10 s.
        await using var app = NotifyApp.Run(
            failure: _ => new ConnectorException("The Bot Connector answered 502 to POST.", 502),
            settings: new Dictionary<string, string?> { ["Notifications:MaxAttempts"] = "3", ["Notifications:FirstRetryDelay"] = "00:00:10" });
        var team = await app.InstallTeamAsync();
        var notification = app.Text(team, "n1", "hello", new ConversationTarget("19:chat"));
        await app.Outbox.EnqueueAsync(notification, CancellationToken.None);

        // Act 1
        await app.Delivery.RunOnceAsync(CancellationToken.None);
        var afterOne = (await app.Outbox.FindAsync(notification.Id, CancellationToken.None))!;

        // Act 2: not due yet, then due.
        app.Clock.Advance(TimeSpan.FromSeconds(5));
        await app.Delivery.RunOnceAsync(CancellationToken.None);
        var callsBeforeDue = app.SendCalls;
        app.Clock.SetUtcNow(afterOne.NotBefore);
        await app.Delivery.RunOnceAsync(CancellationToken.None);
        var afterTwo = (await app.Outbox.FindAsync(notification.Id, CancellationToken.None))!;

        // Act 3: the last attempt, then much later.
        app.Clock.SetUtcNow(afterTwo.NotBefore);
        await app.Delivery.RunOnceAsync(CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromDays(1));
        await app.Delivery.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.AreEqual(1, afterOne.Attempts);
        var firstDelay = afterOne.NotBefore - Start;
        Assert.IsTrue(firstDelay >= TimeSpan.FromSeconds(8) && firstDelay <= TimeSpan.FromSeconds(12), $"First retry after 10 s ± 20%, got {firstDelay}.");
        Assert.AreEqual(1, callsBeforeDue, "Nothing is tried before the retry is due.");
        Assert.AreEqual(2, afterTwo.Attempts);
        Assert.IsGreaterThan(firstDelay, afterTwo.NotBefore - afterOne.NotBefore, "The back-off grows.");
        var failed = await app.Outbox.FindAsync(notification.Id, CancellationToken.None);
        Assert.IsNotNull(failed, "A notification given up is kept.");
        Assert.AreEqual(NotificationStatus.Failed, failed.Status);
        Assert.AreEqual(3, failed.Attempts);
        StringAssert.Contains(failed.LastError, "502");
        Assert.AreEqual(3, app.SendCalls, "Three attempts, then no more.");
        Assert.IsEmpty(app.Sent);
    }

    [TestMethod]
    public async Task RunOnceAsync_PersonTargetFirstSendFails_OneChatCreatedAndReusedByTheRetry()
    {
        // Arrange
        await using var app = NotifyApp.Run(failure: call => call == 1 ? new ConnectorException("The Bot Connector answered 500 to POST.", 500) : null);
        var team = await app.InstallTeamAsync();
        var notification = Notification.ToPerson(NotifyApp.TestKind, team, null, new PersonTarget(Sample.Bob, "29:1bob"), "norm-1", "Your review is due", Start, Start);
        await app.Outbox.EnqueueAsync(notification, CancellationToken.None);

        // Act
        await app.Delivery.RunOnceAsync(CancellationToken.None);
        var afterFailure = (await app.Outbox.FindAsync(notification.Id, CancellationToken.None))!;
        app.Clock.SetUtcNow(afterFailure.NotBefore);
        var sent = await app.Delivery.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.AreEqual(1, sent);
        var created = app.Created.Single();
        Assert.IsFalse(created.IsGroup);
        Assert.AreEqual("29:1bob", created.Members![0].Id);
        Assert.AreEqual(Sample.Bob.Id, created.Members[0].AadObjectId);
        Assert.AreEqual(NotifyApp.Tenant, created.TenantId);
        Assert.AreEqual(NotifyApp.Tenant, created.ChannelData!.Tenant!.Id);
        Assert.AreEqual(afterFailure.ConversationId, app.Sent.Single().Conversation, "The retry posts to the chat the first try created.");
        Assert.AreEqual("Your review is due", app.Sent.Single().Activity.Text);
    }

    private static async Task<(RfcId Id, ThreadReference Thread)> PostedRfcAsync(NotifyApp app, RfcService rfcs)
    {
        var team = await app.InstallTeamAsync();
        var created = await rfcs.ProposeAsync(new CommandContext(Sample.Alice, $"propose-{Guid.NewGuid():N}"), team, Sample.Proposal(), asDraft: false, CancellationToken.None);
        var messageId = Random.Shared.NextInt64(1_700_000_000_000, 1_800_000_000_000).ToString(CultureInfo.InvariantCulture);
        var thread = new ThreadReference(ConversationIds.Thread(team.Value, messageId), messageId, null);
        await rfcs.AttachThreadAsync(new CommandContext(Sample.Alice, $"thread:{messageId}"), created.Rfc.Id, thread, CancellationToken.None);
        await app.SkipReviewRequestsAsync();
        return (created.Rfc.Id, thread);
    }

    /// <summary>Polls (real time, bounded) for background work the test cannot await.</summary>
    private static async Task<T?> EventuallyAsync<T>(Func<T?> probe)
        where T : class
    {
        for (var i = 0; i < 300; i++)
        {
            if (probe() is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        return null;
    }
}
