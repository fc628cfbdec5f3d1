using System.Text.Json.Nodes;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Core.Norms;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Infrastructure.Graph;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Infrastructure.Tests.Graph;

/// <summary>
/// The real Microsoft.Graph SDK against the loopback calendar stand-in, which checks each getSchedule and event body
/// against Graph's contract: three people in Paris, New York and Singapore (09:00–17:00 each, Monday to Friday), a
/// guest without a mailbox, busy, tentative and out-of-office blocks, and the exploration meeting created in the
/// organizer's zone, also across Europe's clock change.
/// </summary>
[TestClass]
public sealed class GraphCalendarAvailabilityTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);
    private static readonly Invitee Amelie = new(new UserRef("11111111-0000-0000-0000-00000000000a", "Amélie Laurent"), "amelie@contoso.com");
    private static readonly Invitee Dana = new(new UserRef("11111111-0000-0000-0000-00000000000b", "Dana Scott"), "dana@contoso.com");
    private static readonly Invitee Wei = new(new UserRef("11111111-0000-0000-0000-00000000000c", "Tan Wei"), "wei@contoso.com");
    private static readonly Invitee Guest = new(new UserRef("11111111-0000-0000-0000-00000000000d", "Jordan Baker"), "jordan.baker@fabrikam.com");

    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    [TestMethod]
    public async Task GetScheduleAsync_ThreeZonesAndAGuest_AsksInUtcAtFifteenMinutesAndReadsBlocksAndWorkingHours()
    {
        // Arrange
        await using var graph = await StartAsync();
        graph.AddBlock(new ScheduleBlock(Amelie.Email, Utc(12, 7, 8), Utc(12, 7, 10), "busy"));
        graph.AddBlock(new ScheduleBlock(Amelie.Email, Utc(12, 7, 12), Utc(12, 7, 13), "tentative"));
        graph.AddBlock(new ScheduleBlock(Dana.Email, Utc(12, 8, 0), Utc(12, 9, 0), "oof"));
        graph.AddBlock(new ScheduleBlock(Wei.Email, Utc(12, 7, 2), Utc(12, 7, 3), "free"));
        var calendars = Availability(graph);

        // Act
        var schedules = await calendars.GetScheduleAsync(Amelie, [Amelie, Dana, Wei, Guest], Now, Utc(12, 21, 6), CancellationToken.None);

        // Assert: the request
        Assert.IsEmpty(graph.Violations, string.Join(Environment.NewLine, graph.Violations));
        var request = graph.Requests.Single(r => r.Operation == CalendarOperation.GetSchedule);
        Assert.AreEqual($"/v1.0/users/{Amelie.Person.Id}/calendar/getSchedule", request.Path);
        Assert.AreEqual("outlook.timezone=\"UTC\"", request.Header("Prefer"));
        CollectionAssert.AreEqual(new[] { Amelie.Email, Dana.Email, Wei.Email, Guest.Email }, CalendarGraphStandIn.Parameter(request.Body, "schedules")!.AsArray().Select(n => n!.GetValue<string>()).ToArray());
        Assert.AreEqual("2026-12-07T06:00:00", CalendarGraphStandIn.Parameter(request.Body, "startTime")!["dateTime"]!.GetValue<string>());
        Assert.AreEqual("UTC", CalendarGraphStandIn.Parameter(request.Body, "startTime")!["timeZone"]!.GetValue<string>());
        Assert.AreEqual("2026-12-21T06:00:00", CalendarGraphStandIn.Parameter(request.Body, "endTime")!["dateTime"]!.GetValue<string>());
        Assert.AreEqual(15, CalendarGraphStandIn.Parameter(request.Body, "availabilityViewInterval")!.GetValue<int>());

        // Assert: busy and out of office rule out, tentative costs, free is nothing; each zone as its mailbox names it.
        var amelie = schedules.Single(s => s.Email == Amelie.Email);
        CollectionAssert.AreEqual(
            new[] { new CalendarBlock(Utc(12, 7, 8), Utc(12, 7, 10), BlockKind.Busy), new CalendarBlock(Utc(12, 7, 12), Utc(12, 7, 13), BlockKind.Tentative) },
            amelie.Blocks.ToArray());
        Assert.AreEqual("Europe/Paris", amelie.WorkingHours!.Zone.Id);
        Assert.AreEqual(new TimeOnly(9, 0), amelie.WorkingHours.Start);
        Assert.AreEqual(BlockKind.Busy, schedules.Single(s => s.Email == Dana.Email).Blocks.Single().Kind);
        Assert.AreEqual("America/New_York", schedules.Single(s => s.Email == Dana.Email).WorkingHours!.Zone.Id);
        Assert.IsEmpty(schedules.Single(s => s.Email == Wei.Email).Blocks);
        Assert.AreEqual(WeekDaysExtensions.MondayToFriday, schedules.Single(s => s.Email == Wei.Email).WorkingHours!.Days);
        var guest = schedules.Single(s => s.Email == Guest.Email);
        Assert.IsEmpty(guest.Blocks);
        Assert.IsNull(guest.WorkingHours, "A schedule Graph could not read has no working hours.");
    }

    [TestMethod]
    public async Task GetScheduleAsync_ParisNewYorkSingapore_ThePolicyFindsNoCommonHourAndTheLeastBadSlot()
    {
        // Arrange
        await using var graph = await StartAsync();
        var calendars = Availability(graph);
        var organizer = new WorkingTime(TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"), WeekDaysExtensions.MondayToFriday, new TimeOnly(9, 0), new TimeOnly(17, 0));
        var (start, end) = ExplorationSlots.Window(organizer, Now);

        // Act
        var schedules = await calendars.GetScheduleAsync(Amelie, [Amelie, Dana, Wei], start, end, CancellationToken.None);
        var invitees = new[] { Amelie, Dana, Wei }.Select(i => new InviteeAvailability(i.Person, schedules.Single(s => s.Email == i.Email).WorkingHours!, schedules.Single(s => s.Email == i.Email).Blocks)).ToList();
        var proposal = ExplorationSlots.Propose(organizer, invitees, Now);

        // Assert: 11:00 UTC — 06:00 in New York, 19:00 in Singapore.
        Assert.IsFalse(proposal.HasCommonWorkingHour);
        Assert.AreEqual(Utc(12, 7, 11), proposal.Slots[0].Start);
        CollectionAssert.AreEqual(new[] { Dana.Person, Wei.Person }, proposal.Slots[0].PaidBy.Select(p => p.Person).ToArray());
    }

    [TestMethod]
    public async Task CreateMeetingAsync_PickedSlot_PostsATeamsMeetingWithTheAgendaInTheOrganizersZone()
    {
        // Arrange
        await using var graph = await StartAsync();
        var calendars = Availability(graph);
        var meeting = new ExplorationMeeting(Amelie, "Exploration: event streaming", "Problem: order events get lost on restarts.", Utc(12, 8, 13), Utc(12, 8, 13, 45), "Europe/Paris", [Dana, Wei], "explore-1");

        // Act
        var created = await calendars.CreateMeetingAsync(meeting, CancellationToken.None);

        // Assert
        Assert.IsEmpty(graph.Violations, string.Join(Environment.NewLine, graph.Violations));
        var sent = graph.CreatedEvents.Single();
        Assert.AreEqual(Amelie.Person.Id, sent.Organizer);
        Assert.AreEqual(sent.Id, created.EventId);
        Assert.AreEqual(sent.JoinUrl, created.JoinUrl);
        Assert.AreEqual("Exploration: event streaming", sent.Body["subject"]!.GetValue<string>());
        Assert.AreEqual("Problem: order events get lost on restarts.", sent.Body["body"]!["content"]!.GetValue<string>());
        Assert.AreEqual("text", sent.Body["body"]!["contentType"]!.GetValue<string>());
        Assert.AreEqual("2026-12-08T14:00:00", sent.Body["start"]!["dateTime"]!.GetValue<string>());
        Assert.AreEqual("Romance Standard Time", sent.Body["start"]!["timeZone"]!.GetValue<string>());
        Assert.AreEqual("2026-12-08T14:45:00", sent.Body["end"]!["dateTime"]!.GetValue<string>());
        Assert.IsTrue(sent.Body["isOnlineMeeting"]!.GetValue<bool>());
        Assert.AreEqual("teamsForBusiness", sent.Body["onlineMeetingProvider"]!.GetValue<string>());
        CollectionAssert.AreEqual(new[] { Dana.Email, Wei.Email }, sent.Body["attendees"]!.AsArray().Select(a => a!["emailAddress"]!["address"]!.GetValue<string>()).ToArray());
        Assert.IsTrue(sent.Body["attendees"]!.AsArray().All(a => a!["type"]!.GetValue<string>() == "required"));
    }

    [TestMethod]
    public async Task CreateMeetingAsync_AfterEuropesClockChange_LocalTimeMovesAnHourForTheSameUtcSlot()
    {
        // Arrange: 13:00 UTC is 14:00 in Paris on Thursday 26 March 2026 and 15:00 on Monday 30 March.
        await using var graph = await StartAsync();
        var calendars = Availability(graph);

        // Act
        await calendars.CreateMeetingAsync(new ExplorationMeeting(Amelie, "Before", "Agenda", Utc(3, 26, 13), Utc(3, 26, 13, 45), "Europe/Paris", [Dana], "dst-1"), CancellationToken.None);
        await calendars.CreateMeetingAsync(new ExplorationMeeting(Amelie, "After", "Agenda", Utc(3, 30, 13), Utc(3, 30, 13, 45), "Europe/Paris", [Dana], "dst-2"), CancellationToken.None);

        // Assert
        Assert.IsEmpty(graph.Violations, string.Join(Environment.NewLine, graph.Violations));
        Assert.AreEqual("2026-03-26T14:00:00", graph.CreatedEvents[0].Body["start"]!["dateTime"]!.GetValue<string>());
        Assert.AreEqual("2026-03-30T15:00:00", graph.CreatedEvents[1].Body["start"]!["dateTime"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task CreateMeetingAsync_SameTransactionTwice_OneMeeting()
    {
        // Arrange
        await using var graph = await StartAsync();
        var calendars = Availability(graph);
        var meeting = new ExplorationMeeting(Amelie, "Exploration", "Agenda", Utc(12, 8, 13), Utc(12, 8, 13, 45), "Europe/Paris", [Dana], "explore-same");

        // Act
        var first = await calendars.CreateMeetingAsync(meeting, CancellationToken.None);
        var second = await calendars.CreateMeetingAsync(meeting, CancellationToken.None);

        // Assert
        Assert.AreEqual(first.EventId, second.EventId);
        Assert.HasCount(1, graph.CreatedEvents);
        Assert.AreEqual("explore-same", graph.CreatedEvents[0].Body["transactionId"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task GetScheduleAsync_429WithRetryAfter1_WaitsItOutOnTheClockAndSucceeds()
    {
        // Arrange
        await using var graph = await StartAsync();
        graph.Fail(CalendarOperation.GetSchedule, new CalendarFault(429, RetryAfterSeconds: 1));
        var clock = new WaitingClock(Now);
        var calendars = Availability(graph, clock);

        // Act
        var reading = calendars.GetScheduleAsync(Amelie, [Amelie, Dana], Now, Utc(12, 21, 6), CancellationToken.None);
        await clock.WaitStartedAsync(TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));
        var schedules = await reading;

        // Assert
        Assert.HasCount(2, schedules);
        CollectionAssert.AreEqual(new[] { 429, 200 }, graph.Requests.Where(r => r.Operation == CalendarOperation.GetSchedule).Select(r => r.Status).ToArray());
        CollectionAssert.AreEqual(new[] { TimeSpan.FromSeconds(1) }, clock.Waits.ToArray());
        Assert.IsNotNull(CalendarGraphStandIn.Parameter(graph.Requests[^1].Body, "schedules"), "The retry sends the body again.");
    }

    [TestMethod]
    public async Task GetScheduleAsync_429WithRetryAfter30_RetryLaterWithoutWaiting()
    {
        // Arrange
        await using var graph = await StartAsync();
        graph.Fail(CalendarOperation.GetSchedule, new CalendarFault(429, RetryAfterSeconds: 30));
        var clock = new WaitingClock(Now);
        var calendars = Availability(graph, clock);

        // Act
        var later = await Assert.ThrowsExactlyAsync<RetryLaterException>(() => calendars.GetScheduleAsync(Amelie, [Amelie], Now, Utc(12, 21, 6), CancellationToken.None));

        // Assert
        Assert.AreEqual(TimeSpan.FromSeconds(30), later.RetryAfter);
        Assert.IsEmpty(clock.Waits);
    }

    [TestMethod]
    public async Task CreateMeetingAsync_PermissionNotGranted_DependencyFailedWith403()
    {
        // Arrange
        await using var graph = await StartAsync();
        graph.Fail(CalendarOperation.CreateEvent, new CalendarFault(403));
        var calendars = Availability(graph);

        // Act
        var failed = await Assert.ThrowsExactlyAsync<DependencyFailedException>(() => calendars.CreateMeetingAsync(
            new ExplorationMeeting(Amelie, "Exploration", "Agenda", Utc(12, 8, 13), Utc(12, 8, 13, 45), "Europe/Paris", [Dana], "explore-403"), CancellationToken.None));

        // Assert
        Assert.AreEqual(403, failed.Status);
        Assert.IsEmpty(graph.CreatedEvents);
    }

    private static async Task<CalendarGraphStandIn> StartAsync()
    {
        var graph = await CalendarGraphStandIn.StartAsync();
        graph.AddMailbox(Amelie.Email, "Europe/Paris", new MailboxWorkingHours(Weekdays, new TimeOnly(9, 0), new TimeOnly(17, 0), "Europe/Paris"));
        graph.AddMailbox(Dana.Email, "Eastern Standard Time", new MailboxWorkingHours(Weekdays, new TimeOnly(9, 0), new TimeOnly(17, 0), "America/New_York"));
        graph.AddMailbox(Wei.Email, "Singapore Standard Time", new MailboxWorkingHours(Weekdays, new TimeOnly(9, 0), new TimeOnly(17, 0), "Singapore Standard Time"));
        return graph;
    }

    private static GraphCalendarAvailability Availability(CalendarGraphStandIn graph, TimeProvider? clock = null)
    {
        var http = GraphClientFactory.Create(finalHandler: new HttpClientHandler());
        http.Timeout = TimeSpan.FromSeconds(30);
        return new GraphCalendarAvailability(new GraphServiceClient(http, new AnonymousAuthenticationProvider(), graph.BaseUrl.AbsoluteUri.TrimEnd('/')), clock ?? new WaitingClock(Now));
    }

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);
}
