using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Infrastructure.Graph;
using TeamsDecisions.Testing;
using static TeamsDecisions.Testing.CalendarGraphStandIn;

namespace TeamsDecisions.Infrastructure.Tests.Graph;

/// <summary>
/// The real Microsoft.Graph SDK against the loopback calendar stand-in: Zofia's calendar for the four weeks from
/// Monday 2 November 2026, 09:00 UTC (Warsaw and Paris on CET, UTC+1; Singapore UTC+8), and the prices of what comes back.
/// Retry-After is waited out on a fake clock the test moves.
/// </summary>
[TestClass]
public sealed class GraphCalendarReaderTests
{
    private const int WindowDays = 28;
    private static readonly DateTimeOffset WindowStart = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset WindowEnd = WindowStart.AddDays(WindowDays);

    [TestMethod]
    public async Task RecurringSeriesAsync_ZofiasCalendar_OnlyTheSeriesSheOrganisesComeBack()
    {
        // Arrange
        await using var graph = await CalendarGraphStandIn.StartAsync();
        var reader = Reader(graph);

        // Act
        var series = await reader.RecurringSeriesAsync(OrganiserId, WindowStart, WindowEnd, CancellationToken.None);

        // Assert: not the all-day series, the private one, the one she only attends, nor the single meeting.
        CollectionAssert.AreEquivalent(
            new[] { ArchitectureSyncId, StandUpId, DesignReviewId, ApacHandOverId },
            series.Select(s => s.SeriesId).ToArray(),
            "Series: " + string.Join(", ", series.Select(s => s.Subject)));
        Assert.IsTrue(series.All(s => s.OrganiserId == OrganiserId));
        Assert.IsEmpty(graph.Violations, string.Join(Environment.NewLine, graph.Violations));
    }

    [TestMethod]
    public async Task RecurringSeriesAsync_ArchitectureSync_WeeklyOccurrencesInUtcAndEachAttendeesMailboxZone()
    {
        // Arrange
        await using var graph = await CalendarGraphStandIn.StartAsync();
        var reader = Reader(graph);

        // Act
        var sync = (await reader.RecurringSeriesAsync(OrganiserId, WindowStart, WindowEnd, CancellationToken.None)).Single(s => s.SeriesId == ArchitectureSyncId);

        // Assert: 15:00 in Warsaw is 14:00 UTC on the four Wednesdays of the window.
        Assert.AreEqual(ArchitectureSync, sync.Subject);
        Assert.AreEqual("weekly", sync.Recurrence);
        var expected = new[] { 4, 11, 18, 25 }.Select(d => new MeetingOccurrence(Utc(2026, 11, d, 14, 0), Utc(2026, 11, d, 15, 0))).ToArray();
        CollectionAssert.AreEqual(expected, sync.Occurrences.ToArray(), string.Join(", ", sync.Occurrences));
        Assert.IsTrue(sync.Occurrences.All(o => o.Start.Offset == TimeSpan.Zero), "Occurrences are in UTC.");

        // The organiser is one of the people though Graph lists only the invitees; the Windows id is kept as the
        // mailbox gives it; the guest from another tenant has no readable mailbox.
        CollectionAssert.AreEquivalent(
            new[]
            {
                new MeetingAttendee(Zofia.Email, "Europe/Warsaw"),
                new MeetingAttendee(Amelie.Email, "Europe/Paris"),
                new MeetingAttendee(Piotr.Email, "Europe/Warsaw"),
                new MeetingAttendee(Wei.Email, "Asia/Singapore"),
                new MeetingAttendee(Mei.Email, "Asia/Singapore"),
                new MeetingAttendee(Priya.Email, "Singapore Standard Time"),
                new MeetingAttendee(Jordan.Email, null),
            },
            sync.Attendees.ToArray(),
            string.Join(", ", sync.Attendees));
    }

    [TestMethod]
    public async Task RecurringSeriesAsync_StandUp_DailyRecurrenceWithEveryDayOfTheWindow()
    {
        // Arrange
        await using var graph = await CalendarGraphStandIn.StartAsync();
        var reader = Reader(graph);

        // Act
        var standUp = (await reader.RecurringSeriesAsync(OrganiserId, WindowStart, WindowEnd, CancellationToken.None)).Single(s => s.SeriesId == StandUpId);

        // Assert: 10:15 in Warsaw is 09:15 UTC, every day from 2 to 29 November (30 November 09:15 is past the window).
        Assert.AreEqual(StandUp, standUp.Subject);
        Assert.AreEqual("daily", standUp.Recurrence);
        Assert.HasCount(28, standUp.Occurrences);
        Assert.AreEqual(new MeetingOccurrence(Utc(2026, 11, 2, 9, 15), Utc(2026, 11, 2, 9, 30)), standUp.Occurrences[0]);
        Assert.AreEqual(new MeetingOccurrence(Utc(2026, 11, 29, 9, 15), Utc(2026, 11, 29, 9, 30)), standUp.Occurrences[^1]);
    }

    [TestMethod]
    public async Task RecurringSeriesAsync_SeriesWithACancelledOccurrence_CancelledOneLeftOut()
    {
        // Arrange
        await using var graph = await CalendarGraphStandIn.StartAsync();
        var reader = Reader(graph);

        // Act
        var review = (await reader.RecurringSeriesAsync(OrganiserId, WindowStart, WindowEnd, CancellationToken.None)).Single(s => s.SeriesId == DesignReviewId);

        // Assert: Thursdays 5, 12 and 26 November at 10:00 UTC; 19 November was cancelled ("Canceled: ..." exception).
        Assert.AreEqual(DesignReview, review.Subject, "The subject comes from a real occurrence, not the cancelled one.");
        Assert.AreEqual("weekly", review.Recurrence);
        var expected = new[] { 5, 12, 26 }.Select(d => new MeetingOccurrence(Utc(2026, 11, d, 10, 0), Utc(2026, 11, d, 11, 0))).ToArray();
        CollectionAssert.AreEqual(expected, review.Occurrences.ToArray(), string.Join(", ", review.Occurrences));
    }

    [TestMethod]
    public async Task RecurringSeriesAsync_AnyCalendar_AsksForUtcFollowsTheNextLinkAndReadsEachZoneOnce()
    {
        // Arrange
        await using var graph = await CalendarGraphStandIn.StartAsync();
        var reader = Reader(graph);

        // Act
        await reader.RecurringSeriesAsync(OrganiserId, WindowStart, WindowEnd, CancellationToken.None);

        // Assert: two calendarView pages, the first asked in UTC for exactly the window.
        var views = graph.Requests.Where(r => r.Operation == CalendarOperation.CalendarView).ToList();
        Assert.HasCount(2, views, "Both pages of calendarView are read.");
        Assert.IsTrue(views.All(r => r.Status == 200));
        var first = views[0];
        Assert.AreEqual($"/v1.0/users/{OrganiserId}/calendarView", first.Path);
        Assert.AreEqual("outlook.timezone=\"UTC\"", first.Header("Prefer"));
        Assert.AreEqual(WindowStart, DateTimeOffset.Parse(first.QueryValue("startDateTime")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.AreEqual(WindowEnd, DateTimeOffset.Parse(first.QueryValue("endDateTime")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.AreEqual("250", first.QueryValue("$top"));
        var selected = first.QueryValue("$select")!.Split(',');
        foreach (var field in new[] { "subject", "start", "end", "isAllDay", "isCancelled", "sensitivity", "seriesMasterId", "type", "isOrganizer", "organizer", "attendees" })
        {
            CollectionAssert.Contains(selected, field, $"$select must include {field}: {first.QueryValue("$select")}");
        }

        Assert.IsNotNull(views[1].QueryValue("$skip"), "The second request is the @odata.nextLink.");

        // One series master per series kept, with $select=recurrence.
        var masters = graph.Requests.Where(r => r.Operation == CalendarOperation.SeriesMaster).ToList();
        CollectionAssert.AreEquivalent(
            new[] { ArchitectureSyncId, StandUpId, DesignReviewId, ApacHandOverId }.Select(id => $"/v1.0/users/{OrganiserId}/events/{id}").ToArray(),
            masters.Select(r => r.Path).ToArray());
        Assert.IsTrue(masters.All(r => r.QueryValue("$select") == "recurrence"));

        // Each person's mailbox settings once, however many series they are in; the organiser's too, the room's not.
        var mailboxes = graph.Requests.Where(r => r.Operation == CalendarOperation.MailboxSettings).Select(r => r.Path.Split('/')[3]).ToList();
        CollectionAssert.AreEquivalent(
            new[] { Zofia, Amelie, Piotr, Wei, Mei, Priya, Jordan, Marta }.Select(p => p.Email).ToArray(),
            mailboxes.ToArray(),
            string.Join(", ", mailboxes));
        Assert.IsEmpty(graph.Violations, string.Join(Environment.NewLine, graph.Violations));
    }

    [TestMethod]
    public async Task RecurringSeriesAsync_429WithRetryAfter1OnCalendarView_WaitsItOutOnTheClockAndSucceeds()
    {
        // Arrange
        await using var graph = await CalendarGraphStandIn.StartAsync();
        graph.Fail(CalendarOperation.CalendarView, new CalendarFault(429, RetryAfterSeconds: 1));
        var clock = new WaitingClock(WindowStart);
        var reader = Reader(graph, clock);

        // Act: the clock moves to 1 ms short of the Retry-After, then to it.
        var reading = reader.RecurringSeriesAsync(OrganiserId, WindowStart, WindowEnd, CancellationToken.None);
        await clock.WaitStartedAsync(TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(1));
        var viewsBeforeOneSecond = graph.Count(CalendarOperation.CalendarView);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var series = await reading;

        // Assert
        Assert.AreEqual(1, viewsBeforeOneSecond, "Retry-After: 1 is waited out before the retry.");
        Assert.HasCount(4, series);
        var views = graph.Requests.Where(r => r.Operation == CalendarOperation.CalendarView).ToList();
        CollectionAssert.AreEqual(new[] { 429, 200, 200 }, views.Select(r => r.Status).ToArray());
        CollectionAssert.AreEqual(new[] { TimeSpan.FromSeconds(1) }, clock.Waits.ToArray(), "One wait, of the Retry-After.");
        Assert.AreEqual("outlook.timezone=\"UTC\"", views[1].Header("Prefer"), "The retry is the same request, rebuilt.");
    }

    [TestMethod]
    public async Task RecurringSeriesAsync_429WithRetryAfterOver10Seconds_DeferredWithTheRetryAfterAndNoWait()
    {
        // Arrange
        await using var graph = await CalendarGraphStandIn.StartAsync();
        graph.Fail(CalendarOperation.CalendarView, new CalendarFault(429, RetryAfterSeconds: 30));
        var clock = new WaitingClock(WindowStart);
        var reader = Reader(graph, clock);

        // Act
        var deferred = await Assert.ThrowsExactlyAsync<RetryLaterException>(() => reader.RecurringSeriesAsync(OrganiserId, WindowStart, WindowEnd, CancellationToken.None));

        // Assert
        Assert.AreEqual(TimeSpan.FromSeconds(30), deferred.RetryAfter);
        StringAssert.Contains(deferred.Message, "429");
        Assert.IsEmpty(clock.Waits, "A long Retry-After is not waited out inline.");
        Assert.AreEqual(1, graph.Count(CalendarOperation.CalendarView));
    }

    [TestMethod]
    [DataRow(403)]
    [DataRow(500)]
    public async Task RecurringSeriesAsync_GraphRefusesOrFailsCalendarView_SurfacesAsDependencyFailedNotTheSdkException(int status)
    {
        // Arrange
        await using var graph = await CalendarGraphStandIn.StartAsync();
        graph.Fail(CalendarOperation.CalendarView, new CalendarFault(status));
        var reader = Reader(graph);

        // Act
        var thrown = await Assert.ThrowsExactlyAsync<DependencyFailedException>(() => reader.RecurringSeriesAsync(OrganiserId, WindowStart, WindowEnd, CancellationToken.None));

        // Assert
        Assert.AreEqual(status, thrown.Status);
        StringAssert.Contains(thrown.Message, $"Microsoft Graph answered {status}");
        Assert.IsInstanceOfType<ApiException>(thrown.InnerException, "The SDK's exception is kept as the inner exception.");
        Assert.AreEqual(1, graph.Count(CalendarOperation.CalendarView), "A refusal is not retried in place.");
    }

    [TestMethod]
    public async Task RecurringSeriesAsync_RoomBookedAsResource_NotCountedAsAnAttendee()
    {
        // Arrange: the stand-up books Room Wisła, which Graph lists as an attendee of type "resource".
        await using var graph = await CalendarGraphStandIn.StartAsync();
        var reader = Reader(graph);

        // Act
        var standUp = (await reader.RecurringSeriesAsync(OrganiserId, WindowStart, WindowEnd, CancellationToken.None)).Single(s => s.SeriesId == StandUpId);

        // Assert: a room spends no person-hours; the organiser does.
        CollectionAssert.AreEquivalent(
            new[] { Zofia.Email, Amelie.Email, Piotr.Email, Marta.Email },
            standUp.Attendees.Select(a => a.Email).ToArray(),
            "Attendees: " + string.Join(", ", standUp.Attendees.Select(a => a.Email)));
        Assert.AreEqual(30.0, MeetingCosts.Price(standUp, WindowDays).PersonHoursPerMonth, 0.001, "28 × 0.25 h × 30/28 × 4 people.");
    }

    [TestMethod]
    public async Task RecurringSeriesAsync_SeriesSetUpInSingaporeTime_MondaysAt0800Utc()
    {
        // Arrange
        await using var graph = await CalendarGraphStandIn.StartAsync();

        // Act
        var handOver = (await Reader(graph).RecurringSeriesAsync(OrganiserId, WindowStart, WindowEnd, CancellationToken.None)).Single(s => s.SeriesId == ApacHandOverId);

        // Assert: 16:00 in Singapore (UTC+8, no daylight saving) is 08:00 UTC; 2 November 08:00 is before the window.
        var expected = new[] { 9, 16, 23, 30 }.Select(d => new MeetingOccurrence(Utc(2026, 11, d, 8, 0), Utc(2026, 11, d, 8, 30))).ToArray();
        CollectionAssert.AreEqual(expected, handOver.Occurrences.ToArray(), string.Join(", ", handOver.Occurrences));
        var cost = MeetingCosts.Price(handOver, WindowDays);
        Assert.AreEqual(4.3, cost.PersonHoursPerMonth, 0.001, "4 × 0.5 h × 30/28 × 2 people = 4.29.");
        Assert.IsNull(MeetingCosts.Burden(cost), "09:00 in Warsaw, 16:00 in Singapore.");
    }

    [TestMethod]
    public async Task Price_ArchitectureSyncFromGraph_PersonHoursAndTheSingaporeBurden()
    {
        // Arrange
        await using var graph = await CalendarGraphStandIn.StartAsync();
        var sync = (await Reader(graph).RecurringSeriesAsync(OrganiserId, WindowStart, WindowEnd, CancellationToken.None)).Single(s => s.SeriesId == ArchitectureSyncId);

        // Act
        var cost = MeetingCosts.Price(sync, WindowDays);

        // Assert: 4 × 1 h × 30/28 × 7 people (Zofia and six invitees) = 30.0; 22:00 in Singapore for Wei, Mei
        // and Priya (Priya's "Singapore Standard Time" is the same zone as Asia/Singapore).
        Assert.AreEqual(30.0, cost.PersonHoursPerMonth, 0.001);
        Assert.AreEqual(7, cost.People);
        Assert.AreEqual(3, cost.TimeZones, "Paris, Warsaw and Singapore; the guest's zone is unknown.");
        Assert.AreEqual(MeetingPurpose.Decision, cost.LikelyPurpose, "\"architecture\" reads as a decision meeting.");
        var burden = cost.OutsideWorkingHours.Single();
        Assert.AreEqual("Asia/Singapore", burden.TimeZone);
        Assert.AreEqual(3, burden.People);
        Assert.AreEqual(new TimeOnly(22, 0), burden.LatestLocalStart);
        Assert.AreEqual(3, cost.PeopleOutsideWorkingHours);
        Assert.AreEqual("lands at 22:00 for 3 people in Singapore", MeetingCosts.Burden(cost));
    }

    [TestMethod]
    public async Task Price_StandUpFromGraph_NoBurden()
    {
        // Arrange
        await using var graph = await CalendarGraphStandIn.StartAsync();
        var standUp = (await Reader(graph).RecurringSeriesAsync(OrganiserId, WindowStart, WindowEnd, CancellationToken.None)).Single(s => s.SeriesId == StandUpId);

        // Act
        var cost = MeetingCosts.Price(standUp, WindowDays);

        // Assert: 10:15 in Paris and Warsaw.
        Assert.IsEmpty(cost.OutsideWorkingHours);
        Assert.AreEqual(0, cost.PeopleOutsideWorkingHours);
        Assert.IsNull(MeetingCosts.Burden(cost));
        Assert.AreEqual(MeetingPurpose.StatusUpdate, cost.LikelyPurpose);
    }

    [TestMethod]
    public async Task Price_DesignReviewFromGraph_CancelledOccurrenceCostsNothing()
    {
        // Arrange
        await using var graph = await CalendarGraphStandIn.StartAsync();
        var review = (await Reader(graph).RecurringSeriesAsync(OrganiserId, WindowStart, WindowEnd, CancellationToken.None)).Single(s => s.SeriesId == DesignReviewId);

        // Act
        var cost = MeetingCosts.Price(review, WindowDays);

        // Assert: 3 × 1 h × 30/28 × 2 people (Zofia and Amélie) = 6.43 → 6.4 (8.6 had the cancelled one counted).
        Assert.AreEqual(6.4, cost.PersonHoursPerMonth, 0.001);
        Assert.AreEqual(2, cost.People);
        Assert.IsNull(MeetingCosts.Burden(cost));
    }

    /// <summary>A reader on a fake clock (no Retry-After wait ends unless the test moves it), unless one is given.</summary>
    private static GraphCalendarReader Reader(CalendarGraphStandIn graph, TimeProvider? clock = null)
    {
        var http = GraphClientFactory.Create(finalHandler: new HttpClientHandler());
        http.Timeout = TimeSpan.FromSeconds(30);
        return new GraphCalendarReader(new GraphServiceClient(http, new AnonymousAuthenticationProvider(), graph.BaseUrl.AbsoluteUri.TrimEnd('/')), clock ?? new WaitingClock(WindowStart));
    }

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}
