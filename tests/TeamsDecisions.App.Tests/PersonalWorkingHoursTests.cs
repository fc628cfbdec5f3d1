using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;
using TeamsDecisions.App.Notifications;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Norms;
using TeamsDecisions.Core.Notifications;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Core.Teams;
using TeamsDecisions.Infrastructure.Graph;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Testing;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// Reminders held until the reminded person's own working hours, in their own time zone, when they are known (Graph
/// mailboxSettings), else the team's. The team works in Paris (Monday to Friday 08:00–18:00, UTC+1 in November);
/// Carol works 09:00–17:00 in New York (UTC−5). A design review proposed Thursday 5 November 11:00 Paris is due its
/// 75 % reminder 36 counted hours later, Friday 23:00 Paris (22:00 UTC): the team's next working instant is Monday
/// 08:00 Paris (07:00 UTC), Carol's Monday 09:00 New York (14:00 UTC).
/// </summary>
[TestClass]
public sealed class PersonalWorkingHoursTests
{
    private const string ParisZone = "Europe/Paris";
    private static readonly DateTimeOffset Thursday = new(2026, 11, 5, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FridayNight = new(2026, 11, 6, 22, 5, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ParisMondayMorning = new(2026, 11, 9, 7, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NewYorkMondayMorning = new(2026, 11, 9, 14, 0, 0, TimeSpan.Zero);
    private static readonly WorkingTime NewYork = new(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), WeekDaysExtensions.MondayToFriday, new TimeOnly(9, 0), new TimeOnly(17, 0));

    [TestMethod]
    public async Task RunOnceAsync_ReviewerWorkingNewYorkHoursInAParisTeam_HeldUntilNineInNewYorkOtherReviewerInParisHours()
    {
        // Arrange: Carol's own working time is known, Dana's is not.
        var people = People();
        await using var app = NotifyApp.Run(new FakeTimeProvider(Thursday), people: people.Object);
        var id = await ProposedInParisAsync(app);
        app.Clock.SetUtcNow(FridayNight);

        // Act
        var enqueued = await app.Services.GetRequiredService<ReminderScheduler>().RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.AreEqual(2, enqueued);
        var carols = (await app.Outbox.FindAsync(ReminderId(id, Sample.Carol), CancellationToken.None))!;
        var danas = (await app.Outbox.FindAsync(ReminderId(id, Sample.Dana), CancellationToken.None))!;
        Assert.AreEqual(NewYorkMondayMorning, carols.NotBefore, "Monday 09:00 in New York, not 08:00 in Paris.");
        Assert.IsTrue(NewYork.IsWorkingInstant(carols.NotBefore));
        Assert.AreEqual(ParisMondayMorning, danas.NotBefore, "Without her own hours, the team's: Monday 08:00 in Paris.");
        people.Verify(p => p.FindAsync(Sample.Carol, It.IsAny<CancellationToken>()), Times.Once());
        people.Verify(p => p.FindAsync(Sample.Dana, It.IsAny<CancellationToken>()), Times.Once());
    }

    [TestMethod]
    public async Task Delivery_ParisMorningThenNewYorkMorning_EachReviewerRemindedInTheirOwnHours()
    {
        // Arrange
        await using var app = NotifyApp.Run(new FakeTimeProvider(Thursday), people: People().Object);
        await ProposedInParisAsync(app);
        app.Clock.SetUtcNow(FridayNight);
        await app.Services.GetRequiredService<ReminderScheduler>().RunOnceAsync(CancellationToken.None);

        // Act: Monday 08:00 in Paris is 02:00 in New York; five hours later it is 09:00 there.
        app.Clock.SetUtcNow(ParisMondayMorning);
        var sentInParisMorning = await app.Delivery.RunOnceAsync(CancellationToken.None);
        var firstTo = app.Created.Select(c => c.Members!.Single().AadObjectId).ToList();
        app.Clock.SetUtcNow(NewYorkMondayMorning.AddMinutes(-1));
        var sentBeforeNine = await app.Delivery.RunOnceAsync(CancellationToken.None);
        app.Clock.SetUtcNow(NewYorkMondayMorning);
        var sentAtNine = await app.Delivery.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.AreEqual(1, sentInParisMorning);
        CollectionAssert.AreEqual(new[] { Sample.Dana.Id }, firstTo, "Only Dana, on the team's hours.");
        Assert.AreEqual(0, sentBeforeNine, "08:59 in New York is before Carol's day starts.");
        Assert.AreEqual(1, sentAtNine);
        Assert.AreEqual(Sample.Carol.Id, app.Created[^1].Members!.Single().AadObjectId);
        Assert.AreEqual(NewYorkMondayMorning, app.Sent[^1].At);
    }

    [TestMethod]
    public async Task RunOnceAsync_NoOnesOwnHoursKnown_EveryReminderOnTheTeamsHours()
    {
        // Arrange: Graph not configured, as in the local run: the app's own NoPersonalWorkingTime.
        await using var app = NotifyApp.Run(new FakeTimeProvider(Thursday));
        var id = await ProposedInParisAsync(app);
        app.Clock.SetUtcNow(FridayNight);

        // Act
        await app.Services.GetRequiredService<ReminderScheduler>().RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.IsInstanceOfType<NoPersonalWorkingTime>(app.Services.GetRequiredService<IPersonalWorkingTime>());
        Assert.AreEqual(ParisMondayMorning, (await app.Outbox.FindAsync(ReminderId(id, Sample.Carol), CancellationToken.None))!.NotBefore);
        Assert.AreEqual(ParisMondayMorning, (await app.Outbox.FindAsync(ReminderId(id, Sample.Dana), CancellationToken.None))!.NotBefore);
    }

    [TestMethod]
    public async Task RunOnceAsync_SameReviewerOnTwoRfcs_LookedUpOncePerScan()
    {
        // Arrange
        var people = People();
        await using var app = NotifyApp.Run(new FakeTimeProvider(Thursday), people: people.Object);
        var team = await InstallParisTeamAsync(app);
        var first = await ProposeAsync(app, team);
        var second = await ProposeAsync(app, team);
        app.Clock.SetUtcNow(FridayNight);
        var scheduler = app.Services.GetRequiredService<ReminderScheduler>();

        // Act
        var enqueued = await scheduler.RunOnceAsync(CancellationToken.None);
        await scheduler.RunOnceAsync(CancellationToken.None);

        // Assert: four reminders (two RFCs, two reviewers), Carol's both in New York hours; one look-up each per scan.
        Assert.AreEqual(4, enqueued);
        Assert.AreEqual(NewYorkMondayMorning, (await app.Outbox.FindAsync(ReminderId(first, Sample.Carol), CancellationToken.None))!.NotBefore);
        Assert.AreEqual(NewYorkMondayMorning, (await app.Outbox.FindAsync(ReminderId(second, Sample.Carol), CancellationToken.None))!.NotBefore);
        people.Verify(p => p.FindAsync(Sample.Carol, It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [TestMethod]
    public async Task RunOnceAsync_GraphConfigured_ReviewersMailboxHoursFromGraphGuestOnTeamHours()
    {
        // Arrange: the app's own Graph adapter against the stand-in; Carol's mailbox is in Eastern time (a Windows
        // id), Dana has none (404).
        await using var graph = await CalendarGraphStandIn.StartAsync();
        graph.AddMailbox(Sample.Carol.Id, "Eastern Standard Time", new MailboxWorkingHours([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], new TimeOnly(9, 0), new TimeOnly(17, 0), "Eastern Standard Time"));
        await using var app = NotifyApp.Run(new FakeTimeProvider(Thursday), settings: new Dictionary<string, string?>
        {
            ["Graph:UseManagedIdentity"] = "true",
            ["Graph:BaseUrl"] = graph.BaseUrl.AbsoluteUri,
        });
        var id = await ProposedInParisAsync(app);
        app.Clock.SetUtcNow(FridayNight);
        var scheduler = app.Services.GetRequiredService<ReminderScheduler>();

        // Act: the second scan a minute later finds both answers kept.
        await scheduler.RunOnceAsync(CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await scheduler.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.IsInstanceOfType<GraphPersonalWorkingTime>(app.Services.GetRequiredService<IPersonalWorkingTime>());
        Assert.AreEqual(NewYorkMondayMorning, (await app.Outbox.FindAsync(ReminderId(id, Sample.Carol), CancellationToken.None))!.NotBefore);
        Assert.AreEqual(ParisMondayMorning, (await app.Outbox.FindAsync(ReminderId(id, Sample.Dana), CancellationToken.None))!.NotBefore);
        CollectionAssert.AreEquivalent(
            new[] { $"/v1.0/users/{Sample.Carol.Id}/mailboxSettings", $"/v1.0/users/{Sample.Dana.Id}/mailboxSettings" },
            graph.Requests.Select(r => r.Path).ToArray(),
            "One read per person over both scans.");
        Assert.IsEmpty(graph.Violations, string.Join(Environment.NewLine, graph.Violations));
    }

    [TestMethod]
    public async Task Snooze_ReviewerWithNewYorkHours_SnoozedUntilTheirWorkingHours()
    {
        // Arrange: Monday 2 November 09:00 UTC is 04:00 in New York; 24 h later, Tuesday 04:00 there, Carol is not
        // working yet (the team, on UTC 08:00–18:00, would be).
        await using var app = new RfcActionsApp { People = People().Object };
        var team = await app.InstallTeamAsync();
        var rfc = await app.ProposeAsync(team);
        app.Roster(team, Sample.Carol);
        var at = new DateTimeOffset(2026, 11, 3, 14, 0, 0, TimeSpan.Zero);

        // Act
        var card = await app.ActAsync(Sample.Carol, CardVerbs.ReminderSnooze, new JsonObject { ["team"] = rfc.Team.Value, ["rfc"] = rfc.Number.Value }, ActionOrigin.PersonalChat());

        // Assert
        StringAssert.StartsWith(CardView.Texts(card).Single(), "I'll remind you about **RFC-0001** on {{DATE(2026-11-03T14:00:00Z");
        var occasion = string.Create(CultureInfo.InvariantCulture, $"snooze:{at.UtcDateTime:yyyyMMddHHmm}");
        var snoozed = await app.Services.GetRequiredService<INotificationOutbox>().FindAsync(
            Notification.ToPerson(NotificationKinds.Reminder, team, rfc, new PersonTarget(Sample.Carol), occasion, null, at, at).Id, CancellationToken.None);
        Assert.IsNotNull(snoozed);
        Assert.AreEqual(at, snoozed.NotBefore, "Tuesday 09:00 in New York.");
    }

    /// <summary>Carol works New York hours; nobody else's are known.</summary>
    private static Mock<IPersonalWorkingTime> People()
    {
        var people = new Mock<IPersonalWorkingTime>(MockBehavior.Strict);
        people.Setup(p => p.FindAsync(It.IsAny<UserRef>(), It.IsAny<CancellationToken>())).ReturnsAsync((WorkingTime?)null);
        people.Setup(p => p.FindAsync(It.Is<UserRef>(u => u.Is(Sample.Carol)), It.IsAny<CancellationToken>())).ReturnsAsync(NewYork);
        return people;
    }

    private static async Task<TeamId> InstallParisTeamAsync(NotifyApp app)
    {
        var team = await app.InstallTeamAsync();
        await app.Services.GetRequiredService<ITeamSettingsStore>().SaveAsync(TeamSettings.DefaultsFor(team) with { TimeZone = ParisZone }, Sample.Alice, app.Clock.GetUtcNow(), CancellationToken.None);
        return team;
    }

    private static async Task<RfcId> ProposedInParisAsync(NotifyApp app) => await ProposeAsync(app, await InstallParisTeamAsync(app));

    private static async Task<RfcId> ProposeAsync(NotifyApp app, TeamId team)
    {
        var rfcs = app.Services.GetRequiredService<RfcService>();
        var created = await rfcs.ProposeAsync(new CommandContext(Sample.Alice, $"propose-{Guid.NewGuid():N}"), team, Sample.Proposal(), asDraft: false, CancellationToken.None);
        var root = (1762336800000L + created.Rfc.Number.Value).ToString(CultureInfo.InvariantCulture);
        var thread = new ThreadReference(ConversationIds.Thread(team.Value, root), root, null);
        await rfcs.AttachThreadAsync(new CommandContext(Sample.Alice, $"thread:{root}"), created.Rfc.Id, thread, CancellationToken.None);

        // Posting queued the thread's review request; these tests count reminders only.
        await app.SkipReviewRequestsAsync();
        return created.Rfc.Id;
    }

    private static string ReminderId(RfcId rfc, UserRef person) =>
        Notification.ToPerson(NotificationKinds.Reminder, rfc.Team, rfc, new PersonTarget(person), $"remind:{rfc.Team.Value}:{rfc.Number}:{person.Id.ToUpperInvariant()}:respond0", null, Thursday, Thursday).Id;
}
