using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TeamsDecisions.App.Notifications;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Notifications;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Testing;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// "my queue" and the daily digest over /api/messages on the real app (Azurite, mocked Connector, clock at Monday
/// 2 November 2026 09:00 UTC, team settings the defaults: UTC, Monday to Friday). RFC-0001 is by Alice, decided by Bob,
/// reviewed by Carol and Dana; its window closes Monday 9 November 09:00 (5 working days), the design-review response
/// is due Wednesday 4 November 09:00 (48 h), the decision Tuesday 10 November 09:00 (routine 24 h after the close).
/// </summary>
[TestClass]
public sealed class MyQueueTests
{
    [TestMethod]
    public async Task MyQueue_InPersonalChat_ListsOnlyTheTeamsWhoseRosterHasThem()
    {
        // Arrange: Carol is a reviewer in three teams but on the roster of only the first; the third is another tenant's.
        await using var app = new RfcActionsApp();
        var hers = await app.InstallTeamAsync();
        var notHers = await app.InstallTeamAsync();
        var otherTenant = await app.InstallTeamAsync(RfcActionsApp.OtherTenant);
        app.Roster(hers, Sample.Alice, Sample.Bob, Sample.Carol, Sample.Dana);
        app.Roster(notHers, Sample.Alice, Sample.Bob, Sample.Dana);
        app.Roster(otherTenant, Sample.Alice, Sample.Bob, Sample.Carol, Sample.Dana);
        foreach (var team in new[] { hers, notHers, otherTenant })
        {
            await app.ProposeAsync(team);
        }

        // Act
        var card = await app.CommandAsync(Sample.Carol, "my queue", ActionOrigin.PersonalChat());

        // Assert
        var texts = CardView.Texts(card);
        Assert.AreEqual("Waiting on you", texts[0]);
        CollectionAssert.Contains(texts, "1 response due.");
        var open = OpenButtons(card).Single();
        Assert.AreEqual(hers.Value, (string?)open["data"]!["team"], "Only the team whose roster has Carol.");
        Assert.IsTrue(texts.Any(t => t.StartsWith("Vote or comment (design review) · due {{DATE(2026-11-04T09:00:00Z, SHORT)}}", StringComparison.Ordinal)), string.Join("\n", texts));
        Assert.IsTrue(texts.Any(t => t.Contains("\"digest on\"", StringComparison.Ordinal)), "Says how to get it daily.");
    }

    [TestMethod]
    public async Task MyQueue_AfterTheReviewerVotes_NothingWaits()
    {
        // Arrange
        await using var app = new RfcActionsApp();
        var team = await app.InstallTeamAsync();
        app.Roster(team, Sample.Alice, Sample.Bob, Sample.Carol, Sample.Dana);
        var id = await app.ProposeAsync(team);
        var before = await app.CommandAsync(Sample.Carol, "my queue", ActionOrigin.PersonalChat());
        await app.Services.GetRequiredService<RfcService>().CastVoteAsync(new CommandContext(Sample.Carol), id, VoteKind.Approve, null, CancellationToken.None);

        // Act
        var after = await app.CommandAsync(Sample.Carol, "my queue", ActionOrigin.PersonalChat());

        // Assert
        Assert.HasCount(1, OpenButtons(before));
        Assert.IsEmpty(OpenButtons(after));
        CollectionAssert.Contains(CardView.Texts(after), "Nothing waits on you right now.");
    }

    [TestMethod]
    public async Task MyQueue_DeciderOnceTheWindowClosed_DecisionAndTheConcernRaiserSeesTheirConcern()
    {
        // Arrange: Carol raised a concern; the window closes Monday 9 November 09:00 and Bob has not decided.
        await using var app = new RfcActionsApp();
        var team = await app.InstallTeamAsync();
        app.Roster(team, Sample.Alice, Sample.Bob, Sample.Carol, Sample.Dana);
        await app.ProposeAsync(team, withConcernByCarol: true);
        var carolWhileOpen = await app.CommandAsync(Sample.Carol, "my queue", ActionOrigin.PersonalChat());
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 9, 10, 0, 0, TimeSpan.Zero));

        // Act
        var bob = await app.CommandAsync(Sample.Bob, "my queue", ActionOrigin.PersonalChat());

        // Assert: the decision is due 24 counted hours after the close.
        var texts = CardView.Texts(bob);
        CollectionAssert.Contains(texts, "1 decision to make.");
        Assert.IsTrue(texts.Any(t => t.StartsWith("Decide · due {{DATE(2026-11-10T09:00:00Z, SHORT)}}", StringComparison.Ordinal)), string.Join("\n", texts));
        var carol = CardView.Texts(carolWhileOpen);
        Assert.IsTrue(carol.Any(t => t.StartsWith("Your concern: On-call load · comments close {{DATE(2026-11-09T09:00:00Z, SHORT)}}", StringComparison.Ordinal)), string.Join("\n", carol));
    }

    [TestMethod]
    public async Task MyQueue_InAChannel_OnlyThatTeamAndHeadedWithTheirName()
    {
        // Arrange: Carol reviews in two teams; she asks in the first one's channel.
        await using var app = new RfcActionsApp();
        var here = await app.InstallTeamAsync();
        var elsewhere = await app.InstallTeamAsync();
        app.Roster(here, Sample.Alice, Sample.Bob, Sample.Carol, Sample.Dana);
        app.Roster(elsewhere, Sample.Alice, Sample.Bob, Sample.Carol, Sample.Dana);
        await app.ProposeAsync(here);
        await app.ProposeAsync(elsewhere);

        // Act
        var card = await app.CommandAsync(Sample.Carol, "my queue", ActionOrigin.Thread(here));

        // Assert
        Assert.AreEqual($"Waiting on {Sample.Carol.DisplayName}", CardView.Texts(card)[0]);
        Assert.AreEqual(here.Value, (string?)OpenButtons(card).Single()["data"]!["team"]);
    }

    [TestMethod]
    public async Task DigestOn_InAChannel_RefusedAndNothingStored()
    {
        // Arrange
        await using var app = new RfcActionsApp();
        var team = await app.InstallTeamAsync();

        // Act
        var card = await app.CommandAsync(Sample.Carol, "digest on", ActionOrigin.Thread(team));

        // Assert
        CardView.AssertRefused(card, "Only in our personal chat", "The daily digest comes to you personally, so it is switched on and off in your 1:1 chat with TeamsDecisions.");
        Assert.IsNull(await app.Services.GetRequiredService<IDigestSubscriptions>().FindAsync(Sample.Carol.Id, CancellationToken.None));
    }

    [TestMethod]
    public async Task DigestOn_InPersonalChat_ArrivesAt0900InTheirZoneWithTheirQueueAndStopsWhenSwitchedOff()
    {
        // Arrange: Carol's Teams client is in Kolkata (UTC+05:30); it is Monday 09:00 UTC = 14:30 there, so the first
        // digest is Tuesday 09:00 Kolkata = 03:30 UTC.
        await using var app = new RfcActionsApp();
        var team = await app.InstallTeamAsync();
        app.Roster(team, Sample.Alice, Sample.Bob, Sample.Carol, Sample.Dana);
        await app.ProposeAsync(team);
        var chat = ActionOrigin.PersonalChat();
        var personal = (string)chat.Conversation["id"]!;
        var answer = await app.CommandAsync(Sample.Carol, "digest on", chat, clientTimeZone: "Asia/Kolkata");
        var scheduler = app.Services.GetRequiredService<DigestScheduler>();
        var delivery = app.Services.GetRequiredService<NotificationDeliveryService>();

        // Act: the app's own delivery loop runs too (on this clock), so the test watches what arrives rather than
        // which round sent it.
        var enqueued = await scheduler.RunOnceAsync(CancellationToken.None);
        var again = await scheduler.RunOnceAsync(CancellationToken.None);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 3, 3, 29, 0, TimeSpan.Zero));
        await delivery.RunOnceAsync(CancellationToken.None);
        var early = Digests(app, personal).Count;
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 3, 3, 30, 0, TimeSpan.Zero));
        await delivery.RunOnceAsync(CancellationToken.None);
        var tuesday = await app.SentAsync(personal, IsDigest);
        Assert.AreEqual(1, await EnqueueWednesdayAsync(app, chat), "Wednesday's digest is waiting in the outbox.");
        await app.CommandAsync(Sample.Carol, "digest off", chat);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 4, 3, 30, 0, TimeSpan.Zero));
        await delivery.RunOnceAsync(CancellationToken.None);
        var wednesday = await RowAsync(app, "2026-11-04");

        // Assert
        StringAssert.Contains(CardView.Texts(answer)[1], "09:00 (Asia/Kolkata)");
        Assert.AreEqual(1, enqueued);
        Assert.AreEqual(0, again, "One digest per person per day.");
        Assert.AreEqual(0, early, "Not before 09:00 in Kolkata.");
        var texts = DigestTexts(tuesday.Single());
        Assert.AreEqual("Your digest: what waits on you", texts[0]);
        CollectionAssert.Contains(texts, "1 response due.");
        Assert.AreEqual(NotificationStatus.Cancelled, wednesday.Status, "Switched off: the pending digest is cancelled, not sent.");
        Assert.HasCount(1, Digests(app, personal));
    }

    [TestMethod]
    public async Task Digest_NothingWaits_CancelledRatherThanSent()
    {
        // Arrange: Carol subscribes but has already voted.
        await using var app = new RfcActionsApp();
        var team = await app.InstallTeamAsync();
        app.Roster(team, Sample.Alice, Sample.Bob, Sample.Carol, Sample.Dana);
        var id = await app.ProposeAsync(team);
        await app.Services.GetRequiredService<RfcService>().CastVoteAsync(new CommandContext(Sample.Carol), id, VoteKind.Approve, null, CancellationToken.None);
        var chat = ActionOrigin.PersonalChat();
        await app.CommandAsync(Sample.Carol, "digest on", chat, clientTimeZone: "Europe/Paris");
        await app.Services.GetRequiredService<DigestScheduler>().RunOnceAsync(CancellationToken.None);

        // Act: Tuesday 09:00 Paris = 08:00 UTC.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 3, 8, 0, 0, TimeSpan.Zero));
        await app.Services.GetRequiredService<NotificationDeliveryService>().RunOnceAsync(CancellationToken.None);
        var row = await RowAsync(app, "2026-11-03");

        // Assert
        Assert.AreEqual(NotificationStatus.Cancelled, row.Status);
        Assert.IsEmpty(Digests(app, (string)chat.Conversation["id"]!));
    }

    private static bool IsDigest(Teams.Activities.Activity message) => message.Attachments is [_] && DigestTexts(message).FirstOrDefault() == "Your digest: what waits on you";

    private static List<Teams.Activities.Activity> Digests(RfcActionsApp app, string conversation) => [.. app.SentTo(conversation).Where(IsDigest)];

    /// <summary>Carol's digest row of <paramref name="day"/> once a delivery round has settled it (sent or cancelled), waiting up to 10 s.</summary>
    private static async Task<Notification> RowAsync(RfcActionsApp app, string day)
    {
        var id = Notification.MakeId(NotificationKinds.Digest, Sample.Carol.Id.ToUpperInvariant(), day);
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var row = await app.Services.GetRequiredService<INotificationOutbox>().FindAsync(id, CancellationToken.None) ?? throw new AssertFailedException($"No digest row for {day}.");
            if (row.Status != NotificationStatus.Pending || DateTime.UtcNow > until)
            {
                return row;
            }

            await Task.Delay(20);
        }
    }

    private static List<JsonObject> OpenButtons(JsonObject card) =>
        [.. CardView.Walk(card).Where(e => (string?)e["title"] == "Open" && ((string?)e["type"] == "Action.Execute" || (string?)e["type"] == "Action.OpenUrl"))];

    private static List<string> DigestTexts(Teams.Activities.Activity message) =>
        CardView.Texts(JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(message.Attachments![0].Content, Cards.Model.CardJson.Options))!.AsObject());

    /// <summary>Wednesday's digest row, as a scan after Tuesday 12:00 Kolkata enqueues it (so that "digest off" has a pending row to cancel).</summary>
    private static async Task<int> EnqueueWednesdayAsync(RfcActionsApp app, ActionOrigin chat)
    {
        var subscription = new DigestSubscription(
            new Core.Meetings.PersonalConversation(Sample.Carol.Id, "29:1carol", (string)chat.Conversation["id"]!, new Uri(RfcActionsApp.ServiceUrl), RfcActionsApp.Tenant, Sample.Carol.DisplayName),
            "Asia/Kolkata",
            app.Clock.GetUtcNow());
        var wednesday = new DateOnly(2026, 11, 4);
        var at = DateTimeOffset.Parse("2026-11-04T09:00+05:30", CultureInfo.InvariantCulture);
        return await app.Services.GetRequiredService<INotificationOutbox>().EnqueueAsync(DigestPolicy.Notification(subscription, wednesday, at, app.Clock.GetUtcNow()), CancellationToken.None) ? 1 : 0;
    }
}
