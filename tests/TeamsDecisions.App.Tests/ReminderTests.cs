using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TeamsDecisions.App.Bot;
using TeamsDecisions.App.Notifications;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Notifications;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Testing;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// The response-norm reminders in the real app on Azurite, on a fake clock, with a recording Connector: the scan
/// enqueues each reminder once, the outbox holds it until the team's working hours, the composer cancels it when the
/// person responded meanwhile, and the decider is reminded at most three times. Team settings are the defaults
/// (UTC, Monday to Friday 08:00–18:00, design review 48 h, routine 24 h, reminder at 75 %).
/// </summary>
[TestClass]
public sealed class ReminderTests
{
    /// <summary>Thursday 5 November 2026, 10:00 UTC: 75 % of 48 counted hours later is Friday 22:00, after hours.</summary>
    private static readonly DateTimeOffset Thursday = new(2026, 11, 5, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FridayNight = new(2026, 11, 6, 22, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MondayMorning = new(2026, 11, 9, 8, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task RunOnceAsync_RequiredReviewerSilentAt75Percent_OneReminderDeliveredMondayAtTheStartOfWorkingHours()
    {
        // Arrange: Dana has voted, Carol has not.
        await using var app = NotifyApp.Run(new FakeTimeProvider(Thursday));
        var (id, _) = await ProposedAsync(app);
        await Rfcs(app).CastVoteAsync(new CommandContext(Sample.Dana), id, VoteKind.Approve, null, CancellationToken.None);
        app.Clock.SetUtcNow(FridayNight.AddMinutes(-1));
        var early = await Scheduler(app).RunOnceAsync(CancellationToken.None);

        // Act
        app.Clock.SetUtcNow(FridayNight.AddMinutes(5));
        var first = await Scheduler(app).RunOnceAsync(CancellationToken.None);
        var second = await Scheduler(app).RunOnceAsync(CancellationToken.None);
        var sentFriday = await app.Delivery.RunOnceAsync(CancellationToken.None);
        app.Clock.SetUtcNow(MondayMorning);
        var sentMonday = await app.Delivery.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.AreEqual(0, early, "Nothing before the 75 % point.");
        Assert.AreEqual(1, first, "One reminder: Carol's.");
        Assert.AreEqual(0, second, "Scanning again enqueues nothing.");
        Assert.AreEqual(0, sentFriday, "Friday 22:05 is outside working hours.");
        Assert.AreEqual(1, sentMonday);
        var message = app.Sent.Single();
        Assert.AreEqual(MondayMorning, message.At, "Delivered at Monday 08:00, team time.");
        var chat = app.Created.Single();
        Assert.AreEqual(Sample.Carol.Id, chat.Members!.Single().AadObjectId, "A 1:1 chat with the reviewer.");
        var card = message.Activity.Attachments![0].Content!.ToString()!;
        StringAssert.Contains(card, "Your response to **RFC-0001**");
        StringAssert.Contains(card, "design review: 48 h");
        StringAssert.Contains(card, CardVerbs.ReminderSnooze);
        StringAssert.Contains(card, CardVerbs.ReminderNotMe);
    }

    [TestMethod]
    public async Task ReminderComposer_ReviewerVotedBeforeDelivery_NothingSentAndTheRowCancelled()
    {
        // Arrange: both reviewers' reminders are enqueued Friday night; Carol votes on Saturday.
        await using var app = NotifyApp.Run(new FakeTimeProvider(Thursday));
        var (id, _) = await ProposedAsync(app);
        app.Clock.SetUtcNow(FridayNight.AddMinutes(5));
        Assert.AreEqual(2, await Scheduler(app).RunOnceAsync(CancellationToken.None));
        app.Clock.SetUtcNow(FridayNight.AddHours(12));
        await Rfcs(app).CastVoteAsync(new CommandContext(Sample.Carol), id, VoteKind.Approve, null, CancellationToken.None);

        // Act
        app.Clock.SetUtcNow(MondayMorning);
        var sent = await app.Delivery.RunOnceAsync(CancellationToken.None);

        // Assert: Dana's goes, Carol's is cancelled.
        Assert.AreEqual(1, sent);
        Assert.AreEqual(Sample.Dana.Id, app.Created.Single().Members!.Single().AadObjectId);
        var carols = (await app.Outbox.FindAsync(ReminderId(id, Sample.Carol, "respond0"), CancellationToken.None))!;
        Assert.AreEqual(NotificationStatus.Cancelled, carols.Status);
    }

    [TestMethod]
    public async Task RunOnceAsync_NoDecisionAfterTheRoutineNorm_DeciderRemindedOnceAWorkingDayAtMostThreeTimes()
    {
        // Arrange: both reviewers voted; the window (5 working days) closes Thursday 12 November 10:00, so the
        // decider is due a reminder 24 counted hours later, Friday 13 November 10:00, then Monday and Tuesday.
        await using var app = NotifyApp.Run(new FakeTimeProvider(Thursday));
        var (id, _) = await ProposedAsync(app);
        await Rfcs(app).CastVoteAsync(new CommandContext(Sample.Carol), id, VoteKind.Approve, null, CancellationToken.None);
        await Rfcs(app).CastVoteAsync(new CommandContext(Sample.Dana), id, VoteKind.Approve, null, CancellationToken.None);
        var counts = new List<int>();
        var sent = 0;

        // Act: a scan shortly after each would-be reminder, one more a minute later, and a delivery round.
        foreach (var day in new[] { 12, 13, 16, 17, 18, 19 })
        {
            app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, day, 10, 5, 0, TimeSpan.Zero));
            counts.Add(await Scheduler(app).RunOnceAsync(CancellationToken.None));
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            counts.Add(await Scheduler(app).RunOnceAsync(CancellationToken.None));
            sent += await app.Delivery.RunOnceAsync(CancellationToken.None);
        }

        // Assert
        CollectionAssert.AreEqual(new[] { 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0 }, counts, string.Join(",", counts));
        Assert.AreEqual(3, sent);
        CollectionAssert.AreEqual(new[] { 13, 16, 17 }, app.Sent.Select(m => m.At.Day).ToArray(), "One a working day, from the day after the close.");
        Assert.IsTrue(app.Sent.All(m => m.Activity.Attachments![0].Content!.ToString()!.Contains("it is yours to resolve", StringComparison.Ordinal)));
        for (var n = 0; n < 3; n++)
        {
            Assert.IsNotNull(await app.Outbox.FindAsync(ReminderId(id, Sample.Bob, $"decide{n}"), CancellationToken.None), $"Decider reminder {n} is enqueued.");
        }

        Assert.IsNull(await app.Outbox.FindAsync(ReminderId(id, Sample.Bob, "decide3"), CancellationToken.None), "At most 3.");
    }

    [TestMethod]
    public async Task RunOnceAsync_RfcDecidedBeforeTheReminderIsSent_Cancelled()
    {
        // Arrange: Bob's first reminder is enqueued; he resolves the RFC before the outbox sends it.
        await using var app = NotifyApp.Run(new FakeTimeProvider(Thursday));
        var (id, _) = await ProposedAsync(app);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 13, 10, 5, 0, TimeSpan.Zero));
        Assert.AreEqual(1, await Scheduler(app).RunOnceAsync(CancellationToken.None));
        await app.Services.GetRequiredService<WindowCloser>().RunOnceAsync(CancellationToken.None);
        await Rfcs(app).ResolveAsync(new CommandContext(Sample.Bob), id, Sample.Accept(), CancellationToken.None);

        // Act
        await app.Delivery.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.AreEqual(NotificationStatus.Cancelled, (await app.Outbox.FindAsync(ReminderId(id, Sample.Bob, "decide0"), CancellationToken.None))!.Status);
        Assert.IsFalse(app.Sent.Any(m => m.Conversation.StartsWith("a:1on1-", StringComparison.Ordinal)), "No reminder after the decision.");
    }

    [TestMethod]
    public async Task Respond_FromTheOneToOneChat_AnswersWithTheReviewersOwnView()
    {
        // Arrange
        await using var app = new RfcActionsApp();
        var team = await app.InstallTeamAsync();
        var rfc = await app.ProposeAsync(team);
        app.Roster(team, Sample.Alice, Sample.Bob, Sample.Carol, Sample.Dana);

        // Act
        var card = await app.ActAsync(Sample.Carol, CardVerbs.Refresh, Data(rfc), ActionOrigin.PersonalChat());

        // Assert
        var texts = CardView.Texts(card);
        Assert.Contains(t => t.StartsWith("RFC-0001 · ", StringComparison.Ordinal), texts, string.Join('\n', texts));
        Assert.Contains(t => t.Contains("You haven't responded", StringComparison.Ordinal), texts, "It is Carol's own view.");
    }

    [TestMethod]
    public async Task Snooze_FromTheOneToOneChat_SameReminderAgain24HoursLaterWithinWorkingHours()
    {
        // Arrange: Monday 2 November 09:00 UTC.
        await using var app = new RfcActionsApp();
        var team = await app.InstallTeamAsync();
        var rfc = await app.ProposeAsync(team);
        app.Roster(team, Sample.Carol);
        var at = RfcActionsApp.Now.AddHours(24);

        // Act
        var card = await app.ActAsync(Sample.Carol, CardVerbs.ReminderSnooze, Data(rfc), ActionOrigin.PersonalChat());

        // Assert
        StringAssert.StartsWith(CardView.Texts(card).Single(), "I'll remind you about **RFC-0001** on {{DATE(2026-11-03T09:00:00Z");
        var occasion = string.Create(CultureInfo.InvariantCulture, $"snooze:{at.UtcDateTime:yyyyMMddHHmm}");
        var snoozed = await app.Services.GetRequiredService<INotificationOutbox>().FindAsync(
            Notification.ToPerson(NotificationKinds.Reminder, team, rfc, new PersonTarget(Sample.Carol), occasion, null, at, at).Id, CancellationToken.None);
        Assert.IsNotNull(snoozed);
        Assert.AreEqual(at, snoozed.NotBefore, "Tuesday 09:00 is inside working hours.");
        Assert.AreEqual(NotificationStatus.Pending, snoozed.Status);
    }

    [TestMethod]
    public async Task Snooze_EndingInTheNextNormPeriod_IsThatPeriodsReminderSoTheScanAddsNoSecond()
    {
        // Arrange: opened Monday 09:00 UTC, 48 h design review, reminders at 75 %: the first period's reminder is
        // Tuesday 21:00, the second's Thursday 21:00. Carol snoozes Thursday 10:00, so it ends Friday 10:00.
        await using var app = new RfcActionsApp();
        var team = await app.InstallTeamAsync();
        var rfc = await app.ProposeAsync(team);
        app.Roster(team, Sample.Carol, Sample.Dana);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 5, 10, 0, 0, TimeSpan.Zero));
        await app.ActAsync(Sample.Carol, CardVerbs.ReminderSnooze, Data(rfc), ActionOrigin.PersonalChat());

        // Act: the scan after the second period's reminder point.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 5, 21, 5, 0, TimeSpan.Zero));
        await app.Services.GetRequiredService<ReminderScheduler>().RunOnceAsync(CancellationToken.None);

        // Assert: Carol's second-period reminder is the snoozed one, Friday 10:00; Dana's is the scan's, Friday 08:00.
        var outbox = app.Services.GetRequiredService<INotificationOutbox>();
        var carols = await outbox.FindAsync(ReminderId(rfc, Sample.Carol, "respond1"), CancellationToken.None);
        var danas = await outbox.FindAsync(ReminderId(rfc, Sample.Dana, "respond1"), CancellationToken.None);
        Assert.AreEqual(new DateTimeOffset(2026, 11, 6, 10, 0, 0, TimeSpan.Zero), carols!.NotBefore);
        Assert.AreEqual(new DateTimeOffset(2026, 11, 6, 8, 0, 0, TimeSpan.Zero), danas!.NotBefore, "Dana did not snooze: the scan's reminder, at the start of Friday's working hours.");
        var snoozeRow = Notification.ToPerson(NotificationKinds.Reminder, team, rfc, new PersonTarget(Sample.Carol), "snooze:202611061000", null, carols.NotBefore, carols.NotBefore).Id;
        Assert.IsNull(await outbox.FindAsync(snoozeRow, CancellationToken.None), "No separate snooze row.");
    }

    [TestMethod]
    public async Task NotMe_FromTheOneToOneChat_TellsTheAuthorInTheRfcsThread()
    {
        // Arrange
        await using var app = new RfcActionsApp();
        var team = await app.InstallTeamAsync();
        var rfc = await app.ProposeAsync(team);
        app.Roster(team, Sample.Dana);
        var data = Data(rfc);
        data[InputIds.NotMeNote] = "I moved to the payments team; ask Erin.";

        // Act
        var card = await app.ActAsync(Sample.Dana, CardVerbs.ReminderNotMe, data, ActionOrigin.PersonalChat());
        var posted = await app.SentAsync(ConversationIds.Thread(team.Value, RfcActionsApp.ThreadRoot), a => a.Text?.Contains("not the right reviewer", StringComparison.Ordinal) == true);

        // Assert
        StringAssert.StartsWith(CardView.Texts(card).Single(), "Told Alice Martin");
        var message = posted.Single();
        StringAssert.Contains(message.Text, "Dana Okafor says they are not the right reviewer for");
        StringAssert.Contains(message.Text, "I moved to the payments team; ask Erin.");
        Assert.AreEqual(Sample.Alice.Id, message.Mentions().Single().Mentioned!.Id, "The author is @mentioned.");
    }

    [TestMethod]
    public async Task Snooze_FromPersonalChatByANonMember_RefusedAndNothingEnqueued()
    {
        // Arrange
        await using var app = new RfcActionsApp();
        var team = await app.InstallTeamAsync();
        var rfc = await app.ProposeAsync(team);
        app.Roster(team, Sample.Alice);

        // Act
        var card = await app.ActAsync(Sample.Carol, CardVerbs.ReminderSnooze, Data(rfc), ActionOrigin.PersonalChat());

        // Assert
        StringAssert.StartsWith(CardView.Texts(card).First(), "⚠");
        var due = await app.Services.GetRequiredService<INotificationOutbox>().ListDueAsync(DateTimeOffset.MaxValue, 100, CancellationToken.None);
        Assert.IsFalse(due.Any(n => n.Kind == NotificationKinds.Reminder && n.Rfc == rfc));
    }

    private static RfcService Rfcs(NotifyApp app) => app.Services.GetRequiredService<RfcService>();

    private static ReminderScheduler Scheduler(NotifyApp app) => app.Services.GetRequiredService<ReminderScheduler>();

    private static JsonObject Data(RfcId rfc) => new() { ["team"] = rfc.Team.Value, ["rfc"] = rfc.Number.Value };

    private static string ReminderId(RfcId rfc, UserRef person, string what) =>
        Notification.ToPerson(NotificationKinds.Reminder, rfc.Team, rfc, new PersonTarget(person), $"remind:{rfc.Team.Value}:{rfc.Number}:{person.Id.ToUpperInvariant()}:{what}", null, Thursday, Thursday).Id;

    private static async Task<(RfcId Id, ThreadReference Thread)> ProposedAsync(NotifyApp app)
    {
        var rfcs = Rfcs(app);
        var team = await app.InstallTeamAsync();
        var created = await rfcs.ProposeAsync(new CommandContext(Sample.Alice, $"propose-{Guid.NewGuid():N}"), team, Sample.Proposal(), asDraft: false, CancellationToken.None);
        var thread = new ThreadReference(ConversationIds.Thread(team.Value, "1762336800000"), "1762336800000", null);
        await rfcs.AttachThreadAsync(new CommandContext(Sample.Alice, "thread:1"), created.Rfc.Id, thread, CancellationToken.None);
        await app.SkipReviewRequestsAsync();
        return (created.Rfc.Id, thread);
    }
}
