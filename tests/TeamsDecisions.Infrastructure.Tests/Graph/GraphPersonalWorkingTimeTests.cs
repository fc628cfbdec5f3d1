using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Norms;
using TeamsDecisions.Infrastructure.Graph;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Infrastructure.Tests.Graph;

/// <summary>
/// The real Microsoft.Graph SDK against the loopback calendar stand-in's <c>/users/{id}/mailboxSettings</c>: Windows
/// and IANA zones, working hours in a zone of their own (a half-hour zone), no working hours, custom zones, refusals
/// and failures (null, never an exception), and the per-person cache on a fake clock. The week is that of Monday
/// 2 November 2026 (Europe on winter time; New York UTC−5; India UTC+5:30 all year).
/// </summary>
[TestClass]
public sealed class GraphPersonalWorkingTimeTests
{
    private const string Token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.stand-in";
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly UserRef Anika = new("b7c1d2e3-4f50-4a61-9b72-8c93d4e5f601", "Anika Schulz");
    private static readonly IReadOnlyList<DayOfWeek> Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    [TestMethod]
    public async Task FindAsync_MailboxWithAWindowsZone_HoursInThatZoneFromOneAuthenticatedGet()
    {
        // Arrange: Outlook desktop writes Windows ids; Berlin is UTC+1 in November.
        await using var graph = await StartAsync();
        graph.AddMailbox(Anika.Id, "W. Europe Standard Time", new MailboxWorkingHours(Weekdays, new TimeOnly(8, 0), new TimeOnly(17, 0), "W. Europe Standard Time"));
        var people = People(graph, new WaitingClock(Monday));

        // Act
        var found = await people.FindAsync(Anika, CancellationToken.None);

        // Assert
        Assert.IsNotNull(found);
        Assert.AreEqual(TimeSpan.FromHours(1), found.Zone.GetUtcOffset(Monday));
        Assert.AreEqual(WeekDaysExtensions.MondayToFriday, found.Days);
        Assert.AreEqual(new TimeOnly(8, 0), found.Start);
        Assert.AreEqual(new TimeOnly(17, 0), found.End);
        Assert.AreEqual(Monday.AddHours(7), found.NextWorkingInstant(Monday), "Monday 08:00 in Berlin is 07:00 UTC.");
        var request = graph.Requests.Single();
        Assert.AreEqual(CalendarOperation.MailboxSettings, request.Operation);
        Assert.AreEqual("GET", request.Method);
        Assert.AreEqual($"/v1.0/users/{Anika.Id}/mailboxSettings", request.Path);
        Assert.AreEqual("Bearer " + Token, request.Header("Authorization"));
        Assert.IsEmpty(graph.Violations, string.Join(Environment.NewLine, graph.Violations));
    }

    [TestMethod]
    public async Task FindAsync_MailboxWithAnIanaZoneAndItsOwnDays_ThoseDaysAndHoursInNewYork()
    {
        // Arrange: Tuesday to Saturday, 10:00–19:00 in New York (UTC−5).
        await using var graph = await StartAsync();
        graph.AddMailbox(Anika.Id, "America/New_York", new MailboxWorkingHours([DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday], new TimeOnly(10, 0), new TimeOnly(19, 0), "America/New_York"));
        var people = People(graph, new WaitingClock(Monday));

        // Act
        var found = await people.FindAsync(Anika, CancellationToken.None);

        // Assert: nothing on Monday; Tuesday 10:00 in New York is 15:00 UTC.
        Assert.IsNotNull(found);
        Assert.AreEqual(WeekDays.Tuesday | WeekDays.Wednesday | WeekDays.Thursday | WeekDays.Friday | WeekDays.Saturday, found.Days);
        Assert.AreEqual(new DateTimeOffset(2026, 11, 3, 15, 0, 0, TimeSpan.Zero), found.NextWorkingInstant(Monday.AddHours(12)));
    }

    [TestMethod]
    public async Task FindAsync_WorkingHoursInAZoneOtherThanTheMailboxes_TheWorkingHoursZoneWinsHalfHourOffsetKept()
    {
        // Arrange: the mailbox still says Pacific time, the working hours are 09:30–18:00 India Standard Time (UTC+5:30).
        await using var graph = await StartAsync();
        graph.AddMailbox(Anika.Id, "Pacific Standard Time", new MailboxWorkingHours(Weekdays, new TimeOnly(9, 30), new TimeOnly(18, 0), "India Standard Time"));
        var people = People(graph, new WaitingClock(Monday));

        // Act
        var found = await people.FindAsync(Anika, CancellationToken.None);

        // Assert: 09:30 in Kolkata is 04:00 UTC, 18:00 is 12:30 UTC.
        Assert.IsNotNull(found);
        Assert.AreEqual(new TimeSpan(5, 30, 0), found.Zone.GetUtcOffset(Monday));
        Assert.AreEqual(Monday.AddHours(4), found.NextWorkingInstant(Monday));
        Assert.IsTrue(found.IsWorkingInstant(Monday.AddHours(12).AddMinutes(29)));
        Assert.IsFalse(found.IsWorkingInstant(Monday.AddHours(12).AddMinutes(30)), "18:00 in Kolkata, not 18:00 in Los Angeles.");
    }

    [TestMethod]
    public async Task FindAsync_MailboxWithoutWorkingHours_MondayToFriday0800To1800InTheMailboxZone()
    {
        // Arrange
        await using var graph = await StartAsync();
        graph.AddMailbox(Anika.Id, "Asia/Kolkata", workingHours: null);
        var people = People(graph, new WaitingClock(Monday));

        // Act
        var found = await people.FindAsync(Anika, CancellationToken.None);

        // Assert: 08:00 in Kolkata is 02:30 UTC.
        Assert.IsNotNull(found);
        Assert.AreEqual(WeekDaysExtensions.MondayToFriday, found.Days);
        Assert.AreEqual(new TimeOnly(8, 0), found.Start);
        Assert.AreEqual(new TimeOnly(18, 0), found.End);
        Assert.AreEqual(Monday.AddHours(2).AddMinutes(30), found.NextWorkingInstant(Monday));
    }

    [TestMethod]
    public async Task FindAsync_WorkingHoursInACustomZone_FallsBackToTheMailboxZone()
    {
        // Arrange: a zone customised in Outlook comes back under a name no system knows.
        await using var graph = await StartAsync();
        graph.AddMailbox(Anika.Id, "Tokyo Standard Time", new MailboxWorkingHours(Weekdays, new TimeOnly(9, 0), new TimeOnly(17, 0), "Customized Time Zone"));
        var people = People(graph, new WaitingClock(Monday));

        // Act
        var found = await people.FindAsync(Anika, CancellationToken.None);

        // Assert: 09:00 in Tokyo is 00:00 UTC.
        Assert.IsNotNull(found);
        Assert.AreEqual(TimeSpan.FromHours(9), found.Zone.GetUtcOffset(Monday));
        Assert.AreEqual(Monday, found.NextWorkingInstant(Monday));
    }

    [TestMethod]
    [DataRow("Customized Time Zone", true)]
    [DataRow("tzone://Microsoft/Custom", false)]
    public async Task FindAsync_NoZoneThisSystemKnows_Null(string zone, bool withHours)
    {
        // Arrange
        await using var graph = await StartAsync();
        graph.AddMailbox(Anika.Id, zone, withHours ? new MailboxWorkingHours(Weekdays, new TimeOnly(9, 0), new TimeOnly(17, 0), zone) : null);
        var people = People(graph, new WaitingClock(Monday));

        // Act
        var found = await people.FindAsync(Anika, CancellationToken.None);

        // Assert
        Assert.IsNull(found);
        Assert.AreEqual(1, graph.Count(CalendarOperation.MailboxSettings), "The mailbox was read.");
    }

    [TestMethod]
    public async Task FindAsync_HoursThatCrossMidnight_WholeWorkingDaysInTheirZone()
    {
        // Arrange: a night shift, 22:00–06:00 in New York.
        await using var graph = await StartAsync();
        graph.AddMailbox(Anika.Id, "Eastern Standard Time", new MailboxWorkingHours(Weekdays, new TimeOnly(22, 0), new TimeOnly(6, 0), "Eastern Standard Time"));
        var people = People(graph, new WaitingClock(Monday));

        // Act
        var found = await people.FindAsync(Anika, CancellationToken.None);

        // Assert: any time on Monday to Friday in New York; not on Sunday night there (Monday 03:00 UTC).
        Assert.IsNotNull(found);
        Assert.AreEqual(TimeOnly.MinValue, found.Start);
        Assert.AreEqual(TimeOnly.MaxValue, found.End);
        Assert.IsFalse(found.IsWorkingInstant(Monday.AddHours(3)));
        Assert.IsTrue(found.IsWorkingInstant(Monday.AddHours(5)));
    }

    [TestMethod]
    public async Task FindAsync_HoursEndingAtMidnight_WorkingUntilTheEndOfTheDay()
    {
        // Arrange: Outlook writes a working day that ends at midnight as 16:00–00:00.
        await using var graph = await StartAsync();
        graph.AddMailbox(Anika.Id, "UTC", new MailboxWorkingHours(Weekdays, new TimeOnly(16, 0), TimeOnly.MinValue, "UTC"));
        var people = People(graph, new WaitingClock(Monday));

        // Act
        var found = await people.FindAsync(Anika, CancellationToken.None);

        // Assert
        Assert.IsNotNull(found);
        Assert.AreEqual(new TimeOnly(16, 0), found.Start);
        Assert.IsFalse(found.IsWorkingInstant(Monday.AddHours(15)));
        Assert.IsTrue(found.IsWorkingInstant(Monday.AddHours(23).AddMinutes(59)));
    }

    [TestMethod]
    public async Task FindAsync_CallerCancels_CancellationSurfacesAndNothingIsKept()
    {
        // Arrange: the app is stopping; that is not "Graph failed".
        await using var graph = await StartAsync();
        graph.AddMailbox(Anika.Id, "Europe/Berlin", null);
        var people = People(graph, new WaitingClock(Monday));
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();

        // Act
        await Assert.ThrowsAsync<OperationCanceledException>(() => people.FindAsync(Anika, stopping.Token));
        var afterwards = await people.FindAsync(Anika, CancellationToken.None);

        // Assert: no "not known" was kept for 15 minutes.
        Assert.IsNotNull(afterwards);
    }

    [TestMethod]
    [DataRow(403, null)]
    [DataRow(404, null)]
    [DataRow(500, null)]
    [DataRow(503, 60)]
    [DataRow(429, 120)]
    public async Task FindAsync_GraphRefusesOrFails_NullWithoutThrowing(int status, int? retryAfterSeconds)
    {
        // Arrange: a Retry-After over 10 s is not waited out inline.
        await using var graph = await StartAsync();
        graph.AddMailbox(Anika.Id, "Europe/Berlin", null);
        graph.Fail(CalendarOperation.MailboxSettings, new CalendarFault(status, retryAfterSeconds), int.MaxValue);
        var logger = new RecordingLogger();
        var people = People(graph, new WaitingClock(Monday), logger: logger);

        // Act
        var found = await people.FindAsync(Anika, CancellationToken.None);

        // Assert: a refusal is expected (no mailbox, permission scoped to other mailboxes); a failure is logged.
        Assert.IsNull(found);
        Assert.AreEqual(status, graph.Requests.Single().Status);
        var expected = status is 403 or 404 ? LogLevel.Debug : LogLevel.Warning;
        Assert.AreEqual(expected, logger.Entries.Single().Level, string.Join(Environment.NewLine, logger.Entries));
        StringAssert.Contains(logger.Entries.Single().Message, Anika.Id);
    }

    [TestMethod]
    public async Task FindAsync_GuestWithoutAMailbox_NullFromGraphs404()
    {
        // Arrange: the stand-in answers 404 for Jordan, a guest from another tenant, as Graph does.
        await using var graph = await StartAsync();
        var people = People(graph, new WaitingClock(Monday));

        // Act
        var found = await people.FindAsync(new UserRef(CalendarGraphStandIn.Jordan.Email, CalendarGraphStandIn.Jordan.Name), CancellationToken.None);

        // Assert
        Assert.IsNull(found);
        Assert.AreEqual(404, graph.Requests.Single().Status);
    }

    [TestMethod]
    public async Task FindAsync_GraphUnreachable_NullWithoutThrowing()
    {
        // Arrange: a stand-in that has stopped listening.
        var graph = await StartAsync();
        var baseUrl = graph.BaseUrl;
        await graph.DisposeAsync();
        var people = People(baseUrl, new WaitingClock(Monday), logger: new RecordingLogger());

        // Act
        var found = await people.FindAsync(Anika, CancellationToken.None);

        // Assert
        Assert.IsNull(found);
    }

    [TestMethod]
    public async Task FindAsync_SamePersonAgainWithinTheCacheDuration_GraphAskedOnceThenAgainAfterIt()
    {
        // Arrange
        await using var graph = await StartAsync();
        graph.AddMailbox(Anika.Id, "Europe/Berlin", null);
        var clock = new WaitingClock(Monday);
        var people = People(graph, clock);

        // Act
        var first = await people.FindAsync(Anika, CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(6) - TimeSpan.FromSeconds(1));
        var cached = await people.FindAsync(new UserRef(Anika.Id.ToUpperInvariant(), Anika.DisplayName), CancellationToken.None);
        var requestsWithinSixHours = graph.Count(CalendarOperation.MailboxSettings);
        clock.Advance(TimeSpan.FromSeconds(1));
        var again = await people.FindAsync(Anika, CancellationToken.None);

        // Assert
        Assert.IsNotNull(first);
        Assert.AreSame(first, cached);
        Assert.AreEqual(1, requestsWithinSixHours, "The default Graph:WorkingHoursCacheDuration is 6 h.");
        Assert.AreEqual(2, graph.Count(CalendarOperation.MailboxSettings));
        Assert.AreEqual(first, again);
    }

    [TestMethod]
    public async Task FindAsync_NotKnownAfterAFailure_KeptOnlyFifteenMinutes()
    {
        // Arrange: Graph fails once, then answers.
        await using var graph = await StartAsync();
        graph.AddMailbox(Anika.Id, "Europe/Berlin", null);
        graph.Fail(CalendarOperation.MailboxSettings, new CalendarFault(500));
        var clock = new WaitingClock(Monday);
        var people = People(graph, clock, logger: new RecordingLogger());

        // Act
        var failed = await people.FindAsync(Anika, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(14));
        var stillUnknown = await people.FindAsync(Anika, CancellationToken.None);
        var requestsWithinFifteenMinutes = graph.Count(CalendarOperation.MailboxSettings);
        clock.Advance(TimeSpan.FromMinutes(1));
        var found = await people.FindAsync(Anika, CancellationToken.None);

        // Assert
        Assert.IsNull(failed);
        Assert.IsNull(stillUnknown);
        Assert.AreEqual(1, requestsWithinFifteenMinutes, "A failure is not retried on every scan.");
        Assert.IsNotNull(found, "Fifteen minutes later Graph is asked again.");
        Assert.AreEqual(2, graph.Count(CalendarOperation.MailboxSettings));
    }

    [TestMethod]
    public async Task FindAsync_CacheDurationConfigured_ThatDurationIsUsed()
    {
        // Arrange
        await using var graph = await StartAsync();
        graph.AddMailbox(Anika.Id, "Europe/Berlin", null);
        var clock = new WaitingClock(Monday);
        var people = People(graph, clock, cacheDuration: TimeSpan.FromMinutes(30));

        // Act
        await people.FindAsync(Anika, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(30));
        await people.FindAsync(Anika, CancellationToken.None);

        // Assert
        Assert.AreEqual(2, graph.Count(CalendarOperation.MailboxSettings));
    }

    [TestMethod]
    public async Task FindAsync_TwoPeople_EachLookedUpOnce()
    {
        // Arrange
        await using var graph = await StartAsync();
        var ben = new UserRef("c8d2e3f4-5061-4b72-8c83-9da4e5f60712", "Ben Carter");
        graph.AddMailbox(Anika.Id, "Europe/Berlin", null);
        graph.AddMailbox(ben.Id, "America/New_York", null);
        var people = People(graph, new WaitingClock(Monday));

        // Act
        var anika = await people.FindAsync(Anika, CancellationToken.None);
        var benAt = await people.FindAsync(ben, CancellationToken.None);
        await people.FindAsync(Anika, CancellationToken.None);
        await people.FindAsync(ben, CancellationToken.None);

        // Assert: each has their own, not the other's.
        Assert.AreEqual(TimeSpan.FromHours(1), anika!.Zone.GetUtcOffset(Monday));
        Assert.AreEqual(TimeSpan.FromHours(-5), benAt!.Zone.GetUtcOffset(Monday));
        CollectionAssert.AreEquivalent(
            new[] { $"/v1.0/users/{Anika.Id}/mailboxSettings", $"/v1.0/users/{ben.Id}/mailboxSettings" },
            graph.Requests.Select(r => r.Path).ToArray());
    }

    private static async Task<CalendarGraphStandIn> StartAsync()
    {
        var graph = await CalendarGraphStandIn.StartAsync();
        graph.RequiredBearerToken = Token;
        return graph;
    }

    private static GraphPersonalWorkingTime People(CalendarGraphStandIn graph, TimeProvider clock, TimeSpan? cacheDuration = null, ILogger<GraphPersonalWorkingTime>? logger = null) =>
        People(graph.BaseUrl, clock, cacheDuration, logger);

    /// <summary>The adapter on the real SDK with a fixed bearer token (the stand-in checks it), on the given clock.</summary>
    private static GraphPersonalWorkingTime People(Uri baseUrl, TimeProvider clock, TimeSpan? cacheDuration = null, ILogger<GraphPersonalWorkingTime>? logger = null)
    {
        var http = GraphClientFactory.Create(finalHandler: new HttpClientHandler());
        http.Timeout = TimeSpan.FromSeconds(30);
        var client = new GraphServiceClient(http, new BaseBearerTokenAuthenticationProvider(new FixedToken()), baseUrl.AbsoluteUri.TrimEnd('/'));
        var options = new GraphOptions { WorkingHoursCacheDuration = cacheDuration ?? new GraphOptions().WorkingHoursCacheDuration };
        return new GraphPersonalWorkingTime(client, clock, Options.Create(options), logger ?? new RecordingLogger());
    }

    private sealed class FixedToken : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new();

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(Token);
    }

    private sealed class RecordingLogger : ILogger<GraphPersonalWorkingTime>
    {
        private readonly ConcurrentQueue<(LogLevel Level, string Message)> entries = new();

        public IReadOnlyList<(LogLevel Level, string Message)> Entries => [.. entries];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            entries.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}
