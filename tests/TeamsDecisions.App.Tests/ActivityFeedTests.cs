using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TeamsDecisions.App.Notifications;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Notifications;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Infrastructure;
using TeamsDecisions.Testing;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// Notifications:ActivityFeed in the real app on Azurite, on a fake clock, with a recording Connector and the real
/// Graph SDK posting to the loopback activity feed stand-in (which refuses a type the manifest does not declare): a
/// reminder sent to the 1:1 chat gets one feed entry of its type, a 429 from Graph waits for its Retry-After without
/// using an attempt, and with the switch off Graph is never called.
/// </summary>
[TestClass]
public sealed class ActivityFeedTests
{
    /// <summary>Thursday 5 November 2026, 10:00 UTC: Carol's reminder is due Friday 22:00 and goes Monday 08:00.</summary>
    private static readonly DateTimeOffset Thursday = new(2026, 11, 5, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FridayNight = new(2026, 11, 6, 22, 5, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MondayMorning = new(2026, 11, 9, 8, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task RunOnceAsync_ActivityFeedOn_ReminderInTheChatThenExactlyOneFeedEntryOfItsType()
    {
        // Arrange: Carol's reviewer reminder is due.
        await using var graph = await ActivityFeedGraphStandIn.StartAsync();
        await using var app = Run(graph, activityFeed: true);
        var id = await ReminderDueAsync(app);

        // Act: the round that sends the reminder, and three more.
        var rounds = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            rounds.Add(await app.Delivery.RunOnceAsync(CancellationToken.None));
        }

        // Assert: the chat message first, then its feed entry, each once.
        CollectionAssert.AreEqual(new[] { 1, 1, 0, 0 }, rounds);
        Assert.IsEmpty(graph.Violations, string.Join(Environment.NewLine, graph.Violations));
        Assert.IsGreaterThan(0, graph.MailboxReads, "The scan asked Graph for Carol's working hours (no mailbox: the team's apply).");
        var message = app.Sent.Single();
        var post = graph.Requests.Single();
        Assert.AreEqual(204, post.Status);
        Assert.AreEqual(Sample.Carol.Id, post.UserId);
        Assert.AreEqual(ActivityFeedTypes.ReviewReminder, post.ActivityType);
        Assert.AreEqual("RFC-0001", post.TemplateParameters[ActivityFeedTypes.RfcParameter]);
        StringAssert.StartsWith(post.PreviewText, "Your response to RFC-0001 '");
        StringAssert.StartsWith(post.TopicValue, "RFC-0001 ");
        var feed = (await app.Outbox.FindAsync(ReminderId(id, Sample.Carol) + "|feed", CancellationToken.None))!;
        Assert.AreEqual(NotificationStatus.Sent, feed.Status);
        var target = (ActivityFeedTarget)feed.Target;
        Assert.AreEqual(Sample.Carol, target.Person);
        Assert.AreEqual(message.Conversation, target.ChatId);
        StringAssert.StartsWith(target.MessageId, "activity-", "The entry points at the message the Connector returned.");
    }

    [TestMethod]
    public async Task RunOnceAsync_Graph429WithRetryAfter_FeedEntryWaitsExactlyThatLongWithoutAnAttemptAndIsPostedOnce()
    {
        // Arrange: Graph's first answer to the feed post is 429 with Retry-After 30 s.
        await using var graph = await ActivityFeedGraphStandIn.StartAsync();
        graph.Fail(new ActivityFeedFault(429, RetryAfterSeconds: 30));
        await using var app = Run(graph, activityFeed: true);
        var id = await ReminderDueAsync(app);
        var feedId = ReminderId(id, Sample.Carol) + "|feed";

        // Act 1: the reminder goes to the chat; its feed entry is throttled.
        var sentToChat = await app.Delivery.RunOnceAsync(CancellationToken.None);
        var throttledRound = await app.Delivery.RunOnceAsync(CancellationToken.None);

        // Assert 1
        Assert.AreEqual(1, sentToChat);
        Assert.AreEqual(0, throttledRound);
        var throttled = (await app.Outbox.FindAsync(feedId, CancellationToken.None))!;
        Assert.AreEqual(NotificationStatus.Pending, throttled.Status);
        Assert.AreEqual(MondayMorning + TimeSpan.FromSeconds(30), throttled.NotBefore);
        Assert.AreEqual(0, throttled.Attempts, "A 429 is Graph pacing us, not a failure.");
        StringAssert.Contains(throttled.LastError, "429");

        // Act 2: a second short of Retry-After.
        app.Clock.Advance(TimeSpan.FromSeconds(29));
        var early = await app.Delivery.RunOnceAsync(CancellationToken.None);

        // Assert 2
        Assert.AreEqual(0, early);
        Assert.HasCount(1, graph.Requests, "Nothing is posted before Retry-After has passed.");

        // Act 3
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var posted = await app.Delivery.RunOnceAsync(CancellationToken.None);
        var after = await app.Delivery.RunOnceAsync(CancellationToken.None);

        // Assert 3: posted once, the chat message not sent again.
        Assert.AreEqual(1, posted);
        Assert.AreEqual(0, after);
        CollectionAssert.AreEqual(new[] { 429, 204 }, graph.Requests.Select(r => r.Status).ToArray());
        Assert.AreEqual(ActivityFeedTypes.ReviewReminder, graph.Delivered.Single().ActivityType);
        Assert.HasCount(1, app.Sent);
        var done = (await app.Outbox.FindAsync(feedId, CancellationToken.None))!;
        Assert.AreEqual(NotificationStatus.Sent, done.Status);
        Assert.AreEqual(0, done.Attempts);
    }

    [TestMethod]
    public async Task RunOnceAsync_ActivityFeedOff_ReminderInTheChatAndNoGraphCall()
    {
        // Arrange: Graph is configured (for other features), the feed is not switched on.
        await using var graph = await ActivityFeedGraphStandIn.StartAsync();
        await using var app = Run(graph, activityFeed: false);
        var id = await ReminderDueAsync(app);

        // Act
        var sent = await app.Delivery.RunOnceAsync(CancellationToken.None) + await app.Delivery.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.AreEqual(1, sent);
        Assert.HasCount(1, app.Sent);
        Assert.IsEmpty(graph.Requests);
        Assert.IsNull(await app.Outbox.FindAsync(ReminderId(id, Sample.Carol) + "|feed", CancellationToken.None), "No feed row is enqueued.");
    }

    [TestMethod]
    public async Task RunOnceAsync_SwitchedOffWithAFeedEntryPending_EntryCancelledAndNotPosted()
    {
        // Arrange: an instance with the feed on sends the reminder (its feed entry is enqueued); then the app runs with it off.
        await using var graph = await ActivityFeedGraphStandIn.StartAsync();
        var clock = new FakeTimeProvider(Thursday);
        NotifyApp on = Run(graph, activityFeed: true, clock);
        var id = await ReminderDueAsync(on);
        Assert.AreEqual(1, await on.Delivery.RunOnceAsync(CancellationToken.None));
        await on.DisposeAsync();
        await using var off = Run(graph, activityFeed: false, clock, on.TablePrefix);

        // Act
        var sent = await off.Delivery.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.AreEqual(0, sent);
        Assert.IsEmpty(graph.Requests);
        var feed = (await off.Outbox.FindAsync(ReminderId(id, Sample.Carol) + "|feed", CancellationToken.None))!;
        Assert.AreEqual(NotificationStatus.Cancelled, feed.Status);
        StringAssert.Contains(feed.LastError, "Notifications:ActivityFeed");
    }

    [TestMethod]
    public async Task RunOnceAsync_FeedEntryCannotBeEnqueued_ChatMessageStaysSentAndOnlyTheOtherEntryIsPosted()
    {
        // Arrange: besides Carol's scheduled reminder, one whose id is as long as an id may be, so that its feed
        // sibling's id is too long and enqueuing it throws (the stand-in for a store failing at that moment).
        await using var graph = await ActivityFeedGraphStandIn.StartAsync();
        await using var app = Run(graph, activityFeed: true);
        var id = await ReminderDueAsync(app);
        var scheduled = (await app.Outbox.FindAsync(ReminderId(id, Sample.Carol), CancellationToken.None))!;
        var idWithoutOccasion = Notification.ToPerson(NotificationKinds.Reminder, id.Team, id, new PersonTarget(Sample.Carol), "o", null, Thursday, Thursday).Id.Length - 1;
        var longest = Notification.ToPerson(NotificationKinds.Reminder, id.Team, id, new PersonTarget(Sample.Carol), new string('x', Notification.MaxIdLength - idWithoutOccasion), scheduled.Data, MondayMorning, MondayMorning);
        Assert.AreEqual(Notification.MaxIdLength, longest.Id.Length);
        Assert.IsTrue(await app.Outbox.EnqueueAsync(longest, CancellationToken.None));

        // Act
        var sent = 0;
        for (var i = 0; i < 3; i++)
        {
            sent += await app.Delivery.RunOnceAsync(CancellationToken.None);
        }

        // Assert: both reminders are in the chat and stay sent; only the scheduled one has a feed entry.
        Assert.AreEqual(3, sent);
        Assert.HasCount(2, app.Sent);
        var stored = (await app.Outbox.FindAsync(longest.Id, CancellationToken.None))!;
        Assert.AreEqual(NotificationStatus.Sent, stored.Status);
        Assert.AreEqual(0, stored.Attempts);
        Assert.HasCount(1, graph.Delivered);
        Assert.AreEqual(NotificationStatus.Sent, (await app.Outbox.FindAsync(scheduled.Id + "|feed", CancellationToken.None))!.Status);
    }

    [TestMethod]
    public void Options_ActivityFeedOnWithoutAGraphIdentity_FailsNamingBothKeys()
    {
        // Arrange
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Notifications:ActivityFeed"] = "true" }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddGraph().AddNotifications().BuildServiceProvider();

        // Act
        var error = Assert.ThrowsExactly<OptionsValidationException>(() => services.GetRequiredService<IOptions<NotificationOptions>>().Value);

        // Assert
        StringAssert.Contains(error.Message, "Notifications:ActivityFeed=true");
        StringAssert.Contains(error.Message, "Graph:UseManagedIdentity=true");
    }

    [TestMethod]
    [DataRow("19:5e0b7a3c_5c0ac9b5@unq.gbl.spaces", "1762336800000", "app", "https://teams.microsoft.com/l/message/19:5e0b7a3c_5c0ac9b5@unq.gbl.spaces/1762336800000?context=%7B%22contextType%22%3A%22chat%22%7D")]
    [DataRow("a:1Xq9_created-by-the-connector", "1762336800000", "5c0ac9b5-7b2a-4f49-9d6c-3e1f0a4b8d21", "https://teams.microsoft.com/l/chat/0/0?users=28%3A5c0ac9b5-7b2a-4f49-9d6c-3e1f0a4b8d21")]
    [DataRow("a:1Xq9_created-by-the-connector", null, null, "https://teams.microsoft.com/l/chat/0/0")]
    public void LinkTo_ChatIdForm_TheMessageOrTheChatWithTheBot(string chat, string? message, string? botAppId, string expected)
    {
        // Act
        var link = ActivityFeedComposer.LinkTo(new ActivityFeedTarget(Sample.Carol, chat, message), botAppId);

        // Assert
        Assert.AreEqual(expected, link.AbsoluteUri);
    }

    private static NotifyApp Run(ActivityFeedGraphStandIn graph, bool activityFeed, FakeTimeProvider? clock = null, string? tablePrefix = null) =>
        NotifyApp.Run(clock ?? new FakeTimeProvider(Thursday), tablePrefix, settings: new Dictionary<string, string?>
        {
            ["Notifications:ActivityFeed"] = activityFeed ? "true" : "false",
            ["Graph:UseManagedIdentity"] = "true",
            ["Graph:BaseUrl"] = graph.BaseUrl.AbsoluteUri,
        });

    /// <summary>An RFC Dana has voted on and Carol has not; the scan has enqueued Carol's reminder and it is Monday 08:00.</summary>
    private static async Task<RfcId> ReminderDueAsync(NotifyApp app)
    {
        var rfcs = app.Services.GetRequiredService<RfcService>();
        var team = await app.InstallTeamAsync();
        var id = (await rfcs.ProposeAsync(new CommandContext(Sample.Alice, $"propose-{Guid.NewGuid():N}"), team, Sample.Proposal(), asDraft: false, CancellationToken.None)).Rfc.Id;
        await rfcs.CastVoteAsync(new CommandContext(Sample.Dana), id, VoteKind.Approve, null, CancellationToken.None);
        app.Clock.SetUtcNow(FridayNight);
        Assert.AreEqual(1, await app.Services.GetRequiredService<ReminderScheduler>().RunOnceAsync(CancellationToken.None));
        app.Clock.SetUtcNow(MondayMorning);
        return id;
    }

    private static string ReminderId(RfcId rfc, UserRef person) =>
        Notification.ToPerson(NotificationKinds.Reminder, rfc.Team, rfc, new PersonTarget(person), $"remind:{rfc.Team.Value}:{rfc.Number}:{person.Id.ToUpperInvariant()}:respond0", null, Thursday, Thursday).Id;
}
