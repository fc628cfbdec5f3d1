using Azure.Data.Tables;
using TeamsDecisions.Core.Norms;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Core.Teams;
using TeamsDecisions.Infrastructure.Storage;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Infrastructure.Tests;

[TestClass]
public sealed class TeamSettingsStoreTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task SaveAsync_CalendarAndReminderFields_RoundTrip()
    {
        // Arrange
        var harness = await StoreHarness.CreateAsync();
        var team = Sample.NewTeam();
        var settings = TeamSettings.DefaultsFor(team, "Europe/Paris") with
        {
            WorkingDays = WeekDays.Sunday | WeekDays.Monday | WeekDays.Tuesday | WeekDays.Wednesday | WeekDays.Thursday,
            WorkdayStart = new TimeOnly(9, 30),
            WorkdayEnd = new TimeOnly(17, 45),
            ReminderPercent = 50,
            RoutineResponseHours = 12,
        };

        // Act
        await harness.Settings.SaveAsync(settings, Sample.Alice, Monday, CancellationToken.None);
        var loaded = await harness.AnotherInstance().Settings.GetAsync(team, CancellationToken.None);

        // Assert
        Assert.AreEqual(settings, loaded);
        Assert.AreEqual("Europe/Paris", loaded.TimeZone);
    }

    [TestMethod]
    public async Task GetAsync_RowSavedBeforeCalendarFields_ReadsCalendarDefaults()
    {
        // Arrange
        var harness = await StoreHarness.CreateAsync();
        var team = Sample.NewTeam();
        var old = new TableEntity(TableKeys.TeamPartition(team), TableKeys.SettingsRow)
        {
            ["Json"] = $$"""{"team":"{{team.Value}}","defaultWindowDays":7,"routineResponseHours":24,"designReviewResponseHours":48}""",
            ["JsonChunks"] = 1,
        };
        await harness.Context.TeamSettings.AddEntityAsync(old);

        // Act
        var loaded = await harness.Settings.GetAsync(team, CancellationToken.None);

        // Assert
        Assert.AreEqual(7, loaded.DefaultWindowDays);
        Assert.AreEqual("UTC", loaded.TimeZone);
        Assert.AreEqual(WeekDaysExtensions.MondayToFriday, loaded.WorkingDays);
        Assert.AreEqual(new TimeOnly(8, 0), loaded.WorkdayStart);
        Assert.AreEqual(new TimeOnly(18, 0), loaded.WorkdayEnd);
        Assert.AreEqual(75, loaded.ReminderPercent);
    }

    [TestMethod]
    public async Task SaveAsync_TwoChangesAndOneNoOp_AuditsEachChangeWithWhoWhenAndFieldsNewestFirst()
    {
        // Arrange
        var harness = await StoreHarness.CreateAsync();
        var team = Sample.NewTeam();
        var first = TeamSettings.DefaultsFor(team) with { TimeZone = "America/New_York" };
        var second = first with { WorkdayStart = new TimeOnly(7, 0), ReminderPercent = 80 };

        // Act
        await harness.Settings.SaveAsync(first, Sample.Alice, Monday, CancellationToken.None);
        await harness.Settings.SaveAsync(second, Sample.Bob, Monday.AddHours(1), CancellationToken.None);
        await harness.Settings.SaveAsync(second, Sample.Bob, Monday.AddHours(2), CancellationToken.None);
        var changes = await harness.Settings.ListChangesAsync(team, 10, CancellationToken.None);

        // Assert
        Assert.HasCount(2, changes);
        Assert.AreEqual(Sample.Bob, changes[0].ChangedBy);
        Assert.AreEqual(Monday.AddHours(1), changes[0].At);
        CollectionAssert.AreEquivalent(new[] { nameof(TeamSettings.WorkdayStart), nameof(TeamSettings.ReminderPercent) }, changes[0].Fields.ToArray());
        Assert.AreEqual(second, changes[0].Settings);
        Assert.AreEqual(Sample.Alice, changes[1].ChangedBy);
        Assert.AreEqual(Monday, changes[1].At);
        Assert.AreEqual(first, changes[1].Settings);
    }

    [TestMethod]
    public async Task SaveAsync_InvalidTimeZone_RefusedAndNothingSaved()
    {
        // Arrange
        var harness = await StoreHarness.CreateAsync();
        var team = Sample.NewTeam();

        // Act
        var refusal = await Assert.ThrowsExactlyAsync<Core.DomainRuleException>(() =>
            harness.Settings.SaveAsync(TeamSettings.DefaultsFor(team) with { TimeZone = "Mars/Olympus_Mons" }, Sample.Alice, Monday, CancellationToken.None));

        // Assert
        Assert.AreEqual(nameof(TeamSettings.TimeZone), refusal.Field);
        Assert.AreEqual(TeamSettings.DefaultsFor(team), await harness.Settings.GetAsync(team, CancellationToken.None));
        Assert.IsEmpty(await harness.Settings.ListChangesAsync(team, 10, CancellationToken.None));
    }

    [TestMethod]
    public async Task FindAsync_RoutineRfc_KindRoundTrips()
    {
        // Arrange
        var harness = await StoreHarness.CreateAsync();
        var service = harness.Service(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Monday));
        var team = Sample.NewTeam();

        // Act
        var created = await service.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal() with { Kind = RfcKind.Routine }, asDraft: false, CancellationToken.None);
        var loaded = await harness.AnotherInstance().Store.FindAsync(created.Rfc.Id, CancellationToken.None);

        // Assert
        Assert.AreEqual(RfcKind.Routine, loaded!.Kind);
    }

    [TestMethod]
    public async Task ProposeAsync_ParisTeamOpensFridayAfternoon_ClosesSameLocalTimeFiveWorkingDaysLater()
    {
        // Arrange
        var harness = await StoreHarness.CreateAsync();
        var team = Sample.NewTeam();
        await harness.Settings.SaveAsync(TeamSettings.DefaultsFor(team, "Europe/Paris"), Sample.Alice, Monday, CancellationToken.None);
        var friday = new DateTimeOffset(2026, 3, 27, 16, 0, 0, TimeSpan.FromHours(1));
        var service = harness.Service(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(friday));

        // Act
        var created = await service.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal(), asDraft: false, CancellationToken.None);

        // Assert: summer time starts on Sunday 29 March; the window still closes at 16:00 Paris time.
        Assert.AreEqual(new DateTimeOffset(2026, 4, 3, 16, 0, 0, TimeSpan.FromHours(2)), created.Rfc.Window!.ClosesAt);
    }
}
